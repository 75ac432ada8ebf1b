(function () {
  var root = document.documentElement;
  var view = document.getElementById('viewport');
  if (!view || !root.createSVGMatrix) return;
  var drag = null;
  function at(ev) {
    var p = root.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(root.getScreenCTM().inverse());
  }
  function set(m) {
    view.setAttribute('transform', 'matrix(' +
      [m.a, m.b, m.c, m.d, m.e, m.f].join(',') + ')');
  }
  root.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var step = ev.deltaMode ? ev.deltaY * 20 : ev.deltaY;
    var k = Math.pow(1.002, -Math.max(-250, Math.min(250, step)));
    var q = at(ev);
    set(root.createSVGMatrix().translate(q.x, q.y).scale(k)
      .translate(-q.x, -q.y).multiply(view.getCTM()));
  }, { passive: false });
  root.addEventListener('mousedown', function (ev) {
    if (ev.button !== 0) return;
    drag = { from: at(ev), m: view.getCTM() };
    root.style.cursor = 'move';
  });
  root.addEventListener('mousemove', function (ev) {
    if (!drag) return;
    var q = at(ev);
    set(root.createSVGMatrix().translate(q.x - drag.from.x,
      q.y - drag.from.y).multiply(drag.m));
  });
  function stop() { drag = null; root.style.cursor = ''; }
  root.addEventListener('mouseup', stop);
  root.addEventListener('mouseleave', stop);
})();
