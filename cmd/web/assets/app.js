// The -http UI: menu bar (VIEW, SAMPLE, REFINE, CONFIG, DOWNLOAD, search,
// legend) and the views (graph, top, flame graph, peek, source, disasm,
// tags), drawn from the JSON object webui.c puts in the page. Profile
// strings only ever go in as text (textContent), never as markup.
'use strict';
(function () {
  var page = JSON.parse(document.getElementById('cprof-data').textContent);
  var params = page.params || {};
  var selection = [];     // selected function names, for REFINE
  var searchRe = null;
  var onSearch = [];      // views' highlighters

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The current query with some parameters changed (null removes).
  function query(changes) {
    var q = {}, k;
    for (k in params) q[k] = params[k];
    for (k in changes || {}) {
      if (changes[k] === null || changes[k] === '') delete q[k];
      else q[k] = changes[k];
    }
    var parts = [];
    Object.keys(q).sort().forEach(function (k) {
      parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(q[k]));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function quoteRe(s) {
    return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
  }

  // A regexp matching exactly the selected names, as pprof builds it.
  function selectionRe() {
    if (!selection.length) return '';
    return '^(' + selection.map(quoteRe).join('|') + ')$';
  }

  // A function name as the server's regexps see it: a flame graph frame
  // "f file.go:12" or a top row is matched by its name alone.
  function bareName(n) {
    return n.replace(/ [^ ]*:\d+$/, '');
  }

  function setSelection(names) {
    selection = names;
    var info = document.getElementById('selinfo');
    if (info) info.textContent = names.length ? names.length + ' selected' : '';
  }

  var VIEWS = [['/ui/', 'Graph', 'graph'], ['/ui/top', 'Top', 'top'],
    ['/ui/flamegraph', 'Flame Graph', 'flamegraph'], ['/ui/peek', 'Peek', 'peek'],
    ['/ui/source', 'Source', 'source'], ['/ui/disasm', 'Disassemble', 'disasm'],
    ['/ui/tags', 'Tags', 'tags']];

  // pprof's settings.json field names and the URL parameters they set
  // (from cprof's settings table).
  var CONFIG_PARAMS = page.configParams || {};

  function menu(title, id) {
    var m = el('div', 'menu');
    m.id = id;
    var h = el('button', 'menu-name', title);
    var items = el('div', 'menu-items');
    h.addEventListener('click', function (ev) {
      ev.stopPropagation();
      var open = items.classList.contains('open');
      document.querySelectorAll('.menu-items.open').forEach(function (x) {
        x.classList.remove('open');
      });
      if (!open) items.classList.add('open');
    });
    m.appendChild(h);
    m.appendChild(items);
    return { box: m, items: items };
  }

  function item(m, label, href, onclick, cls) {
    var a = el('a', 'menu-item' + (cls ? ' ' + cls : ''), label);
    a.href = href || '#';
    if (onclick) a.addEventListener('click', function (ev) {
      ev.preventDefault();
      onclick();
    });
    m.items.appendChild(a);
    return a;
  }

  function buildMenus() {
    var bar = document.getElementById('menubar');
    var brand = el('span', 'brand', 'cprof');
    bar.appendChild(brand);

    var view = menu('VIEW', 'view-menu');
    VIEWS.forEach(function (v) {
      item(view, v[1], v[0] + query({}), null, v[2] === page.view ? 'on' : '');
    });
    bar.appendChild(view.box);

    var sample = menu('SAMPLE', 'sample-menu');
    page.sampleTypes.forEach(function (t, i) {
      var a = item(sample, t, location.pathname + query({ si: t }), null,
        i === page.sampleIndex ? 'on' : '');
      a.dataset.type = t;
    });
    bar.appendChild(sample.box);

    var refine = menu('REFINE', 'refine-menu');
    [['Focus', 'f'], ['Ignore', 'i'], ['Hide', 'h'], ['Show', 's'],
     ['Show from', 'sf']].forEach(function (r) {
      var a = item(refine, r[0], '#', function () {
        var re = selectionRe();
        if (!re) { banner(['select something first (click a node, row or frame)']); return; }
        var c = {};
        c[r[1]] = re;
        location.href = location.pathname + query(c);
      });
      a.dataset.param = r[1];
    });
    item(refine, 'Reset', location.pathname + query({ f: null, i: null, h: null,
      s: null, sf: null, tf: null, ti: null, ts: null, th: null }), null, 'reset');
    bar.appendChild(refine.box);

    var config = menu('CONFIG', 'config-menu');
    item(config, 'Save as ...', '#', function () {
      var name = prompt('Name of the configuration:');
      if (!name) return;
      fetch('/ui/saveconfig' + query({ config: name })).then(function (r) {
        if (!r.ok) return r.text().then(function (t) { banner([t]); });
        location.reload();
      });
    });
    page.configs.forEach(function (text) {
      var c;
      try { c = JSON.parse(text); } catch (e) { return; }
      var q = {};
      Object.keys(CONFIG_PARAMS).forEach(function (k) {
        if (c[k] !== undefined) q[CONFIG_PARAMS[k]] = String(c[k]);
      });
      var parts = Object.keys(q).map(function (k) {
        return encodeURIComponent(k) + '=' + encodeURIComponent(q[k]);
      });
      var a = item(config, c.name, location.pathname + (parts.length ? '?' + parts.join('&') : ''));
      var del = el('span', 'del', '\u2715');
      del.title = 'delete this configuration';
      del.addEventListener('click', function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        fetch('/ui/deleteconfig?config=' + encodeURIComponent(c.name)).then(function () {
          location.reload();
        });
      });
      a.appendChild(del);
    });
    bar.appendChild(config.box);

    var dl = el('a', 'menu-name', 'DOWNLOAD');
    dl.href = '/ui/download';
    dl.id = 'download';
    bar.appendChild(dl);

    var search = el('input', 'search');
    search.id = 'search';
    search.placeholder = 'Search regexp';
    search.value = sessionStorage.getItem('cprof-search') || '';
    search.addEventListener('input', function () {
      sessionStorage.setItem('cprof-search', search.value);
      setSearch(search.value);
    });
    bar.appendChild(search);
    bar.appendChild(el('span', 'selinfo')).id = 'selinfo';

    var title = el('span', 'title', page.title);
    bar.appendChild(title);
    var legend = el('button', 'legend-btn', 'Legend');
    legend.id = 'legend-btn';
    var pop = el('div', 'legend');
    pop.id = 'legend';
    pop.textContent = (page.legend || []).join('\n');
    legend.addEventListener('click', function (ev) {
      ev.stopPropagation();
      pop.classList.toggle('open');
    });
    bar.appendChild(legend);
    bar.appendChild(pop);
    document.addEventListener('click', function () {
      document.querySelectorAll('.menu-items.open').forEach(function (x) {
        x.classList.remove('open');
      });
    });
  }

  function setSearch(text) {
    try {
      searchRe = text ? new RegExp(text) : null;
    } catch (e) {
      searchRe = null;
    }
    onSearch.forEach(function (f) { f(searchRe, text); });
  }

  function banner(list) {
    var b = document.getElementById('banner');
    list.forEach(function (w) {
      var d = el('div', 'warning', w);
      b.appendChild(d);
    });
  }

  // ---- Graph: the SVG with pan, zoom, fit and node selection.
  function graphView(box, svgText) {
    var doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    var svg = doc.documentElement;
    if (!svg || svg.nodeName !== 'svg') { box.textContent = 'no graph'; return; }
    svg.querySelectorAll('script').forEach(function (s) { s.remove(); });
    svg = document.importNode(svg, true);
    var tools = el('div', 'graph-tools');
    var fitBtn = el('button', '', 'Fit');
    fitBtn.id = 'fit';
    tools.appendChild(fitBtn);
    tools.appendChild(el('span', 'hint', ' wheel zooms, drag pans, click selects (shift/ctrl: more)'));
    box.appendChild(tools);
    var holder = el('div', 'graph');
    holder.id = 'graph';
    holder.appendChild(svg);
    box.appendChild(holder);
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    var vp = svg.getElementById ? svg.querySelector('#viewport') : null;
    var g = vp || svg.querySelector('g');
    var m = { k: 1, x: 0, y: 0 };
    function apply() {
      g.setAttribute('transform', 'translate(' + m.x + ',' + m.y + ') scale(' + m.k + ')');
    }
    function fit() {
      g.removeAttribute('transform');
      var bb = g.getBBox(), w = holder.clientWidth, h = holder.clientHeight;
      if (!bb.width || !bb.height) return;
      m.k = Math.min(w / bb.width, h / bb.height) * 0.95;
      m.x = (w - bb.width * m.k) / 2 - bb.x * m.k;
      m.y = (h - bb.height * m.k) / 2 - bb.y * m.k;
      apply();
    }
    svg.removeAttribute('viewBox');
    fitBtn.addEventListener('click', fit);
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      var px = ev.clientX - r.left, py = ev.clientY - r.top;
      var k = Math.pow(1.002, -Math.max(-250, Math.min(250, ev.deltaY)));
      m.x = px - (px - m.x) * k;
      m.y = py - (py - m.y) * k;
      m.k *= k;
      apply();
    }, { passive: false });
    var drag = null, moved = false;
    svg.addEventListener('mousedown', function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, mx: m.x, my: m.y };
      moved = false;
    });
    window.addEventListener('mousemove', function (ev) {
      if (!drag) return;
      if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) moved = true;
      m.x = drag.mx + ev.clientX - drag.x;
      m.y = drag.my + ev.clientY - drag.y;
      apply();
    });
    window.addEventListener('mouseup', function () { drag = null; });

    // a node's function name: its tooltip without the value in parentheses
    function nodeName(n) {
      var a = n.querySelector('a');
      var t = a ? (a.getAttributeNS('http://www.w3.org/1999/xlink', 'title') ||
        a.getAttribute('xlink:title') || '') : '';
      return t.replace(/ \([^()]*\)$/, '');
    }
    var nodes = Array.prototype.slice.call(svg.querySelectorAll('g.node'));
    nodes.forEach(function (n) {
      n.dataset.name = nodeName(n);
      n.addEventListener('click', function (ev) {
        if (moved) return;
        ev.preventDefault();
        var name = n.dataset.name;
        var multi = ev.shiftKey || ev.ctrlKey || ev.metaKey;
        if (!multi) {
          var only = n.classList.contains('selected') && selection.length === 1;
          nodes.forEach(function (x) { x.classList.remove('selected'); });
          setSelection([]);
          if (only) return;
        }
        n.classList.toggle('selected');
        var sel = nodes.filter(function (x) { return x.classList.contains('selected'); })
          .map(function (x) { return x.dataset.name; });
        setSelection(sel);
      });
    });
    onSearch.push(function (re) {
      nodes.forEach(function (n) {
        n.classList.toggle('match', !!re && re.test(n.dataset.name));
      });
    });
    requestAnimationFrame(fit);
  }

  // ---- Top: sortable, selectable rows linking to the source view.
  function topView(box, d) {
    var t = el('table', 'toptable');
    t.id = 'toptable';
    var cols = [['flat', 'Flat'], ['flatp', 'Flat%'], ['sump', 'Sum%'],
      ['cum', 'Cum'], ['cump', 'Cum%'], ['name', 'Name']];
    var head = el('tr');
    var rows = d.rows.map(function (r, i) { r.i = i; return r; });
    var sum = 0;
    rows.forEach(function (r) { sum += r.flat; r.sum = sum; });
    var tot = d.total || 1;
    function p(v) { return (100 * v / tot).toFixed(2) + '%'; }
    var sortKey = null, dir = 1;
    cols.forEach(function (c) {
      var th = el('th', '', c[1]);
      th.dataset.col = c[0];
      th.addEventListener('click', function () {
        dir = sortKey === c[0] ? -dir : (c[0] === 'name' ? 1 : -1);
        sortKey = c[0];
        var key = { flat: 'flat', flatp: 'flat', sump: 'i', cum: 'cum', cump: 'cum', name: 'name' }[c[0]];
        rows.sort(function (a, b) {
          var x = a[key], y = b[key];
          var r = key === 'name' ? (x < y ? -1 : x > y ? 1 : 0) : x - y;
          if (key === 'i') r = -r;
          return dir * r || a.i - b.i;
        });
        fill();
      });
      head.appendChild(th);
    });
    var thead = el('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    var body = el('tbody');
    t.appendChild(body);
    function fill() {
      body.textContent = '';
      rows.forEach(function (r) {
        var tr = el('tr');
        tr.dataset.name = r.name;
        if (selection.indexOf(r.name) >= 0) tr.classList.add('selected');
        [r.flatS, p(r.flat), p(r.sum), r.cumS, p(r.cum)].forEach(function (v) {
          tr.appendChild(el('td', 'num', v));
        });
        var td = el('td', 'name');
        var a = el('a', '', r.name);
        a.href = '/ui/source' + query({ f: '^' + quoteRe(r.name) + '$' });
        td.appendChild(a);
        if (r.inline) td.appendChild(el('span', 'inl', r.inline === 2 ? ' (partial-inline)' : ' (inline)'));
        tr.appendChild(td);
        tr.addEventListener('click', function (ev) {
          if (ev.target.tagName === 'A') return;
          var multi = ev.shiftKey || ev.ctrlKey || ev.metaKey;
          var sel = multi ? selection.slice() : [];
          var at = sel.indexOf(r.name);
          if (at >= 0) sel.splice(at, 1);
          else if (!(selection.length === 1 && selection[0] === r.name && !multi)) sel.push(r.name);
          setSelection(sel);
          body.querySelectorAll('tr').forEach(function (x) {
            x.classList.toggle('selected', selection.indexOf(x.dataset.name) >= 0);
          });
        });
        body.appendChild(tr);
      });
      highlight(searchRe);
    }
    function highlight(re) {
      body.querySelectorAll('tr').forEach(function (x) {
        x.classList.toggle('match', !!re && re.test(x.dataset.name));
      });
    }
    onSearch.push(highlight);
    box.appendChild(t);
    fill();
  }

  // ---- Flame graph: report/assets/flame.js with the server behind it.
  function flameView(box, d) {
    var div = el('div');
    box.appendChild(div);
    var f = new CprofFlame(div, d, {
      externalSearch: true,
      fetch: function (extra) {
        var c = {};
        for (var k in extra) c[k] = String(extra[k]);
        return fetch('/ui/json/flamegraph' + query(c)).then(function (r) {
          if (!r.ok) return r.text().then(function (t) { banner([t]); throw new Error(t); });
          return r.json();
        });
      },
      onSelect: function (n) { setSelection(n.parent ? [bareName(n.name)] : []); }
    });
    window.flame = f;
    onSearch.push(function (re, text) { f.search(text); });
  }

  // ---- Peek: each matching function with its callers and callees.
  function peekView(box, d) {
    if (!d.nodes.length) { box.appendChild(el('p', '', 'No functions match.')); return; }
    var t = el('table', 'peek');
    var tot = d.total || 1;
    function row(cls, w, name, cum) {
      var tr = el('tr', cls);
      tr.appendChild(el('td', 'num', CprofFlame.fmt(w, d.unit)));
      tr.appendChild(el('td', 'num', cum ? (100 * w / cum).toFixed(2) + '%' : ''));
      var td = el('td', 'name');
      var a = el('a', '', name);
      a.href = '/ui/peek' + query({ f: '^' + quoteRe(name) + '$' });
      td.appendChild(a);
      tr.appendChild(td);
      tr.dataset.name = name;
      return tr;
    }
    d.nodes.forEach(function (n) {
      n.callers.forEach(function (e) { t.appendChild(row('caller', e.w, e.name, n.cum)); });
      var tr = row('self', n.cum, n.name, 0);
      tr.children[1].textContent = (100 * n.cum / tot).toFixed(2) + '% (flat ' + n.flatS + ')';
      t.appendChild(tr);
      n.callees.forEach(function (e) { t.appendChild(row('callee', e.w, e.name, n.cum)); });
      var sep = el('tr', 'sep');
      sep.appendChild(el('td'));
      t.appendChild(sep);
    });
    box.appendChild(t);
    onSearch.push(function (re) {
      t.querySelectorAll('tr[data-name]').forEach(function (x) {
        x.classList.toggle('match', !!re && re.test(x.dataset.name));
      });
    });
  }

  // ---- Source: pprof's weblist (report/assets/source.js), or without a
  // function the hottest ones to pick from.
  function sourceView(box, d) {
    if (d.rows) {
      box.appendChild(el('p', '', 'No function given (f=REGEX): the hottest functions:'));
      var ul = el('ul', 'hottest');
      d.rows.forEach(function (h) {
        var li = el('li');
        var a = el('a', '', h.name);
        a.href = '/ui/source' + query({ f: '^' + quoteRe(h.name) + '$' });
        li.appendChild(a);
        li.appendChild(document.createTextNode(' ' + h.flatS + ' flat, ' + h.cumS + ' cum'));
        ul.appendChild(li);
      });
      box.appendChild(ul);
      return;
    }
    var src = CprofSource(box, d);
    onSearch.push(src.search);
  }

  function textView(box, text) {
    var pre = el('pre', 'report', text);
    box.appendChild(pre);
    onSearch.push(function (re) {
      if (!re) { pre.textContent = text; return; }
      pre.textContent = '';
      text.split('\n').forEach(function (line) {
        var span = el('span', re.test(line) ? 'match' : '', line + '\n');
        pre.appendChild(span);
      });
    });
  }

  buildMenus();
  banner(page.warnings || []);
  var box = document.getElementById('content');
  box.className = 'view-' + page.view;
  if (page.data !== null) {
    if (page.kind === 'svg') graphView(box, page.data);
    else if (page.kind === 'text') textView(box, page.data);
    else if (page.view === 'top') topView(box, page.data);
    else if (page.view === 'flamegraph') flameView(box, page.data);
    else if (page.view === 'peek') peekView(box, page.data);
    else if (page.view === 'source') sourceView(box, page.data);
  }
  var s = document.getElementById('search');
  if (s.value) setSearch(s.value);
  window.cprof = { page: page, selection: function () { return selection; } };
})();
