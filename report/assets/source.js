// pprof's weblist drawn from json_source's data (report/json.c): every
// line of each function with flat and cum, sampled lines highlighted, a
// click on a line shows its instructions (address, flat, cum, disassembly
// and, for inlined code, the inline chain). Shared by the -http UI's
// source view and the page -weblist writes. Profile strings go in as text.
'use strict';
(function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Draws d into box; returns { search(re) } to highlight functions.
  function CprofSource(box, d) {
    d.functions.forEach(function (fn) {
      var h = el('h3', 'fn', fn.name);
      box.appendChild(h);
      box.appendChild(el('div', 'fnfile', fn.file + '  ' + fn.flatS + ' flat, ' + fn.cumS + ' cum'));
      var t = el('table', 'listing');
      fn.lines.forEach(function (ln) {
        var tr = el('tr', 'line' + (ln.flat || ln.cum ? ' hot' : ''));
        tr.appendChild(el('td', 'num', ln.flatS));
        tr.appendChild(el('td', 'num', ln.cumS));
        tr.appendChild(el('td', 'lineno', String(ln.line)));
        tr.appendChild(el('td', 'code', ln.text));
        t.appendChild(tr);
        tr.dataset.line = ln.line;
        if (!ln.insns || !ln.insns.length) return;
        tr.classList.add('expandable');
        var rows = [];
        ln.insns.forEach(function (ins) {
          var ir = el('tr', 'insn');
          ir.appendChild(el('td', 'num', ins.flatS));
          ir.appendChild(el('td', 'num', ins.cumS));
          ir.appendChild(el('td', 'addr', ins.addr));
          var c = el('td', 'asm', ins.text);
          if (ins.inline && ins.inline.length > 1)
            c.appendChild(el('span', 'chain', '  ' + ins.inline.join(' \u2190 ')));
          ir.appendChild(c);
          ir.style.display = 'none';
          rows.push(ir);
          t.appendChild(ir);
        });
        tr.addEventListener('click', function () {
          var show = rows[0].style.display === 'none';
          rows.forEach(function (r) { r.style.display = show ? '' : 'none'; });
          tr.classList.toggle('open', show);
        });
      });
      box.appendChild(t);
    });
    return {
      search: function (re) {
        box.querySelectorAll('h3.fn').forEach(function (x) {
          x.classList.toggle('match', !!re && re.test(x.textContent));
        });
      }
    };
  }

  window.CprofSource = CprofSource;
})();
