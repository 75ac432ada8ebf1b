// cprof's flame graph viewer, shared by the -http UI and the static page
// that -flame writes. It draws the tree json_flame (report/json.c) sends:
// click to zoom (with a breadcrumb back), hover for details, colours by
// package, inline frames marked, regex search with the share of the total
// it matches, a sandwich view of one function (callers above, callees
// below), flame or icicle orientation, name or heavy-first order, and for
// differential profiles red (growth) / blue (shrinkage) colours with the
// width taken from the new profile, the larger side or the change.
// Every profile string goes into the page as text (textContent), never
// as markup.
'use strict';
(function () {
  var ROW = 18;

  // The columnar tree as linked node objects.
  function unpack(t, strings, diff) {
    var nodes = [];
    for (var i = 0; i < t.parent.length; i++) {
      var n = {
        name: strings[t.name[i]], file: strings[t.file[i]],
        value: t.value[i], self: t.self[i],
        base: diff ? t.base[i] : 0, baseSelf: diff ? t.baseSelf[i] : 0,
        inl: !!t.inline[i], trunc: !!t.trunc[i], kids: [], parent: null
      };
      nodes.push(n);
      if (t.parent[i] >= 0) {
        n.parent = nodes[t.parent[i]];
        n.parent.kids.push(n);
      }
    }
    return nodes[0];
  }

  // The package of a function name: Go's "path/pkg.Func" or C++'s
  // "ns::Class::f" prefix; "" when there is none.
  function pkgOf(name) {
    var s = name.replace(/ [^ ]*:\d+$/, '');
    var paren = s.indexOf('(');
    if (paren > 0) s = s.slice(0, paren);
    var cc = s.lastIndexOf('::');
    if (cc > 0) return s.slice(0, cc);
    var slash = s.lastIndexOf('/');
    var dot = s.indexOf('.', slash + 1);
    return dot > 0 ? s.slice(0, dot) : '';
  }

  function hash(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  function pkgColor(name) {
    var h = hash(pkgOf(name) || name);
    var hue = 5 + (h % 50);           // warm: red to yellow
    var light = 55 + ((h >> 8) % 15);
    return 'hsl(' + hue + ',80%,' + light + '%)';
  }

  // FlameGraph's difffolded colours: red for growth, blue for shrinkage,
  // saturated by the change relative to the larger side.
  function diffColor(n) {
    var d = n.value - n.base, m = Math.max(n.value, n.base) || 1;
    var r = Math.min(1, Math.abs(d) / m);
    var l = Math.round(95 - 45 * r);
    if (d > 0) return 'hsl(0,85%,' + l + '%)';
    if (d < 0) return 'hsl(220,85%,' + l + '%)';
    return 'hsl(0,0%,88%)';
  }

  // Units of the sample type, for hover text.
  function fmt(v, unit) {
    var a = Math.abs(v), s;
    if (unit === 'nanoseconds' || unit === 'seconds') {
      var ns = unit === 'seconds' ? a * 1e9 : a;
      s = ns >= 3600e9 ? (ns / 3600e9).toFixed(2) + 'hrs' :
        ns >= 60e9 ? (ns / 60e9).toFixed(2) + 'mins' :
        ns >= 1e9 ? (ns / 1e9).toFixed(2) + 's' :
        ns >= 1e6 ? (ns / 1e6).toFixed(2) + 'ms' :
        ns >= 1e3 ? (ns / 1e3).toFixed(2) + 'us' : ns + 'ns';
    } else if (unit === 'bytes') {
      var k = ['B', 'kB', 'MB', 'GB', 'TB'], i = 0;
      while (a >= 1024 && i < 4) { a /= 1024; i++; }
      s = (i ? a.toFixed(2) : a) + k[i];
    } else {
      s = String(a) + (unit && unit !== 'count' ? ' ' + unit : '');
    }
    return (v < 0 ? '-' : '') + s;
  }

  function pct(v, t) {
    return t ? (100 * v / t).toFixed(2) + '%' : '-';
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Merges the subtrees of nodes (same-named children added up) into a
  // new tree named name: the callees half of a sandwich.
  function mergeTrees(name, list) {
    var root = { name: name, file: list.length ? list[0].file : '', value: 0,
                 self: 0, base: 0, baseSelf: 0, kids: [], parent: null,
                 inl: false, trunc: false };
    function add(dst, src) {
      dst.value += src.value; dst.self += src.self;
      dst.base += src.base; dst.baseSelf += src.baseSelf;
      dst.trunc = dst.trunc || src.trunc;
      src.kids.forEach(function (k) {
        var d = null;
        for (var i = 0; i < dst.kids.length; i++)
          if (dst.kids[i].name === k.name && dst.kids[i].inl === k.inl) d = dst.kids[i];
        if (!d) {
          d = { name: k.name, file: k.file, value: 0, self: 0, base: 0,
                baseSelf: 0, kids: [], parent: dst, inl: k.inl, trunc: false };
          dst.kids.push(d);
        }
        add(d, k);
      });
    }
    list.forEach(function (n) { add(root, n); });
    return root;
  }

  // The callers half: each occurrence's path up to the root, reversed.
  function callerTree(name, list) {
    var root = { name: name, file: list.length ? list[0].file : '', value: 0,
                 self: 0, base: 0, baseSelf: 0, kids: [], parent: null,
                 inl: false, trunc: false };
    list.forEach(function (n) {
      root.value += n.value; root.base += n.base;
      var at = root;
      for (var p = n.parent; p && p.parent; p = p.parent) {
        var d = null;
        for (var i = 0; i < at.kids.length; i++)
          if (at.kids[i].name === p.name) d = at.kids[i];
        if (!d) {
          d = { name: p.name, file: p.file, value: 0, self: 0, base: 0,
                baseSelf: 0, kids: [], parent: at, inl: p.inl, trunc: false };
          at.kids.push(d);
        }
        d.value += n.value; d.base += n.base;
        at = d;
      }
      at.self += n.value; at.baseSelf += n.base;
    });
    return root;
  }

  // Occurrences of name not nested in another occurrence.
  function occurrences(root, name) {
    var out = [];
    (function walk(n) {
      if (n.name === name && n.parent) { out.push(n); return; }
      n.kids.forEach(walk);
    })(root);
    return out;
  }

  // opts: fetch(params) -> Promise of json_flame data (web UI; absent in
  // the static page), onSelect(node), search (initial regex).
  function Flame(box, data, opts) {
    this.box = box;
    this.opts = opts || {};
    this.data = data;
    this.unit = data.unit;
    this.diff = !!data.diff;
    this.total = data.total;
    this.root = unpack(data.tree, data.strings, this.diff);
    if (data.pivot && data.callers) {
      this.pivot = { name: data.pivot, down: this.root,
                     up: unpack(data.callers, data.strings, this.diff) };
    }
    this.zoom = this.root;
    this.flame = false;  // icicle: root on top, as pprof
    this.order = 'name'; // or 'heavy' (speedscope's left heavy)
    this.widthBy = 'new'; // diff: 'new', 'max' or 'change'
    this.re = null;
    this.build();
    if (this.opts.search) this.search(this.opts.search);
    else this.draw();
  }

  Flame.prototype.build = function () {
    var self = this;
    this.box.textContent = '';
    this.box.classList.add('cprof-flame');
    var bar = el('div', 'fg-bar');
    function button(label, title, fn) {
      var b = el('button', '', label);
      b.title = title;
      b.addEventListener('click', fn);
      bar.appendChild(b);
      return b;
    }
    function select(title, choices, fn) {
      var s = el('select');
      s.title = title;
      choices.forEach(function (c) {
        var o = el('option', '', c[1]);
        o.value = c[0];
        s.appendChild(o);
      });
      s.addEventListener('change', function () { fn(s.value); });
      bar.appendChild(s);
      return s;
    }
    this.orientBtn = button('Flame', 'flame (root at the bottom) or icicle (root on top)',
      function () {
        self.flame = !self.flame;
        self.orientBtn.textContent = self.flame ? 'Icicle' : 'Flame';
        self.draw();
      });
    this.orderSel = select('order of callees', [['name', 'by name'],
      ['heavy', 'left heavy']], function (v) { self.order = v; self.draw(); });
    if (this.diff) {
      this.widthSel = select('frame width', [['new', 'width: new profile'],
        ['max', 'width: larger of base and new'], ['change', 'width: |change|']],
        function (v) { self.widthBy = v; self.draw(); });
    }
    this.sandBtn = button('Sandwich', 'callers and callees of the selected function',
      function () { self.sandwich(self.selected ? self.selected.name : null); });
    if (!this.opts.externalSearch) {
      this.searchBox = el('input', 'fg-search');
      this.searchBox.placeholder = 'search regexp';
      this.searchBox.addEventListener('input', function () {
        self.search(self.searchBox.value);
      });
      bar.appendChild(this.searchBox);
    }
    this.matchInfo = el('span', 'fg-match');
    this.matchInfo.id = 'fg-match';
    bar.appendChild(this.matchInfo);
    this.box.appendChild(bar);
    if (this.diff) {
      var d = el('div', 'fg-note');
      d.textContent = 'Differential: red frames grew, blue frames shrank ' +
        '(base ' + fmt(this.root.base, this.unit) + ', new ' +
        fmt(this.root.value, this.unit) + ', change ' +
        fmt(this.root.value - this.root.base, this.unit) +
        '). Frames that only the base has are 0 wide by the new profile: ' +
        'choose another width to see them.';
      this.box.appendChild(d);
    }
    this.crumbs = el('div', 'fg-crumbs');
    this.box.appendChild(this.crumbs);
    this.area = el('div', 'fg-area');
    this.box.appendChild(this.area);
    this.tip = el('div', 'fg-tip');
    this.tip.style.display = 'none';
    document.body.appendChild(this.tip);
    this.area.addEventListener('mousemove', function (ev) {
      var f = ev.target.closest('.fr');
      if (!f || !f.node) { self.tip.style.display = 'none'; return; }
      self.showTip(f.node, ev);
    });
    this.area.addEventListener('mouseleave', function () {
      self.tip.style.display = 'none';
    });
    this.area.addEventListener('click', function (ev) {
      var f = ev.target.closest('.fr');
      if (f && f.node) self.zoomTo(f.node);
    });
    window.addEventListener('resize', function () { self.draw(); });
  };

  // The width of a node under the chosen measure (diff profiles).
  Flame.prototype.measure = function (n) {
    if (!this.diff || this.widthBy === 'new') return n.value;
    if (n._w !== undefined && n._wBy === this.widthBy) return n._w;
    var s = this.widthBy === 'max' ? Math.max(n.self, n.baseSelf) :
      Math.abs(n.self - n.baseSelf);
    // what the truncated children of n weighed, kept as its own share
    var kids = 0, kidsAbs = 0;
    for (var i = 0; i < n.kids.length; i++) {
      kids += this.measure(n.kids[i]);
      kidsAbs += n.kids[i].value;
    }
    if (n.trunc) {
      var rest = Math.max(n.value, n.base) - kidsAbs - Math.max(n.self, n.baseSelf);
      if (rest > 0) s += this.widthBy === 'max' ? rest : 0;
    }
    n._wBy = this.widthBy;
    n._w = s + kids;
    return n._w;
  };

  Flame.prototype.sorted = function (n) {
    var self = this, k = n.kids.slice();
    if (this.order === 'heavy')
      k.sort(function (a, b) {
        return self.measure(b) - self.measure(a) || (a.name < b.name ? -1 : a.name > b.name);
      });
    else
      k.sort(function (a, b) {
        return a.name < b.name ? -1 : a.name > b.name ? 1 : a.inl - b.inl;
      });
    return k;
  };

  Flame.prototype.zoomTo = function (n) {
    var self = this;
    this.selected = n;
    if (this.opts.onSelect) this.opts.onSelect(n);
    if (n.trunc && this.opts.fetch && !this.pivot) {
      // frames below the threshold were left out: ask for this subtree,
      // named by its path from the root
      var path = [];
      for (var p = n; p.parent; p = p.parent) path.unshift((p.inl ? '1' : '0') + p.name);
      this.opts.fetch({ path: path.join('\x1f') }).then(function (d) {
        var sub = unpack(d.tree, d.strings, self.diff);
        n.kids = sub.kids;
        n.kids.forEach(function (k) { k.parent = n; });
        n.trunc = sub.trunc;
        self.zoom = n;
        self.draw();
      });
      return;
    }
    this.zoom = n;
    this.draw();
  };

  Flame.prototype.sandwich = function (name) {
    var self = this;
    if (!name) { this.pivot = null; this.zoom = this.root; this.draw(); return; }
    if (this.opts.fetch) {
      this.opts.fetch({ pivot: name }).then(function (d) {
        self.pivot = { name: name, down: unpack(d.tree, d.strings, self.diff),
                       up: unpack(d.callers, d.strings, self.diff) };
        self.draw();
      });
      return;
    }
    var occ = occurrences(this.root, name);
    this.pivot = { name: name, down: mergeTrees(name, occ), up: callerTree(name, occ) };
    this.draw();
  };

  Flame.prototype.search = function (re) {
    try {
      this.re = re ? new RegExp(re) : null;
    } catch (e) {
      this.re = null;
    }
    this.draw();
  };

  // Lays out the tree under top into rows; returns the frames drawn.
  Flame.prototype.layout = function (top, width, invert, y0, rows) {
    var self = this, out = [];
    var total = this.measure(top) || 1;
    var scale = width / total;
    (function walk(n, x, depth) {
      var w = self.measure(n) * scale;
      if (w < 0.5) return;
      out.push({ n: n, x: x, w: w, d: depth });
      var cx = x;
      self.sorted(n).forEach(function (k) {
        walk(k, cx, depth + 1);
        cx += self.measure(k) * scale;
      });
    })(top, 0, 0);
    var maxd = 0;
    out.forEach(function (f) { if (f.d > maxd) maxd = f.d; });
    out.forEach(function (f) {
      f.y = y0 + (invert ? (rows || maxd) - f.d : f.d) * ROW;
    });
    out.depth = maxd + 1;
    return out;
  };

  Flame.prototype.frameDiv = function (f, total) {
    var n = f.n, d = el('div', 'fr');
    d.node = n;
    d.style.left = f.x + 'px';
    d.style.top = f.y + 'px';
    d.style.width = Math.max(0, f.w - 1) + 'px';
    d.style.background = this.diff ? diffColor(n) : pkgColor(n.name);
    if (n.inl) d.classList.add('inl');
    if (n === this.selected) d.classList.add('sel');
    if (this.re && this.re.test(n.name)) d.classList.add('hl');
    if (f.w > 22) d.textContent = n.name;
    d.dataset.name = n.name;
    return d;
  };

  // Searches the whole tree, not what is drawn: the share is of the
  // total, each matching stack counted once (an ancestor match covers it).
  Flame.prototype.matchShare = function (top) {
    var re = this.re, hit = 0, frames = 0;
    (function walk(n, covered) {
      var m = n.parent && re.test(n.name);
      if (m) frames++;
      if (m && !covered) hit += n.value;
      n.kids.forEach(function (k) { walk(k, covered || m); });
    })(top, false);
    return { value: hit, frames: frames };
  };

  Flame.prototype.draw = function () {
    var self = this;
    var width = Math.max(200, this.area.clientWidth || 1000);
    this.area.textContent = '';
    var frag = document.createDocumentFragment();
    var frames, height;
    this.crumbs.textContent = '';
    if (this.pivot) {
      var up = this.layout(this.pivot.up, width, true, 0);
      var down = this.layout(this.pivot.down, width, false, (up.depth - 1) * ROW);
      frames = up.concat(down.slice(1));
      height = (up.depth + down.depth) * ROW;
      var c = el('span', 'crumb', '\u2190 whole graph');
      c.addEventListener('click', function () { self.sandwich(null); });
      this.crumbs.appendChild(c);
      this.crumbs.appendChild(el('span', '', ' Sandwich of ' + this.pivot.name +
        ': callers above, callees below'));
    } else {
      frames = this.layout(this.zoom, width, this.flame, 0);
      height = frames.depth * ROW;
      var chain = [];
      for (var p = this.zoom; p; p = p.parent) chain.unshift(p);
      chain.forEach(function (n, i) {
        if (i) self.crumbs.appendChild(document.createTextNode(' \u203a '));
        var c = el('span', 'crumb', n.parent ? n.name : 'all');
        c.addEventListener('click', function () { self.zoomTo(n); });
        self.crumbs.appendChild(c);
      });
    }
    frames.forEach(function (f) { frag.appendChild(self.frameDiv(f)); });
    this.area.style.height = height + 'px';
    this.area.appendChild(frag);
    if (this.re) {
      var top = this.pivot ? this.pivot.down : this.root;
      var m = this.matchShare(top);
      this.matchInfo.textContent = 'matched ' + m.frames + ' frames, ' +
        fmt(m.value, this.unit) + ' (' + pct(m.value, top.value) + ' of total)';
    } else {
      this.matchInfo.textContent = '';
    }
  };

  Flame.prototype.showTip = function (n, ev) {
    var t = this.tip, tot = this.root.value || 1;
    t.textContent = '';
    t.appendChild(el('div', 'tip-name', n.name + (n.inl ? ' (inline)' : '')));
    if (n.file) t.appendChild(el('div', 'tip-file', n.file));
    var rows = [['total', n.value], ['self', n.self]];
    if (this.diff) rows = [['new', n.value], ['base', n.base],
      ['change', n.value - n.base], ['self new', n.self], ['self base', n.baseSelf]];
    var self = this;
    rows.forEach(function (r) {
      t.appendChild(el('div', '', r[0] + ': ' + fmt(r[1], self.unit) + ' (' +
        pct(r[1], tot) + ' of all, ' + pct(r[1], self.zoom.value) + ' of zoom)'));
    });
    if (n.trunc) t.appendChild(el('div', 'tip-note', 'small callees merged: click to load them'));
    t.style.display = 'block';
    var x = ev.clientX + 12, y = ev.clientY + 12;
    if (x + 360 > window.innerWidth) x = Math.max(0, ev.clientX - 372);
    t.style.left = x + 'px';
    t.style.top = y + 'px';
  };

  window.CprofFlame = Flame;
  window.CprofFlame.fmt = fmt;
})();
