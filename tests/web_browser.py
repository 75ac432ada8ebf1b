#!/usr/bin/env python3
"""The web UI in a real browser: headless chromium, driven over the
DevTools protocol (tests/cdp.py), against `cprof -http` on loopback.

Loads every view; clicks a flame graph frame and checks the zoom; types a
search and checks the highlighted frames and their share of the total;
selects a graph node, applies REFINE > Focus and checks the URL and the
new graph; switches the sample type; opens the source view and expands a
line into its instructions; opens a -diff_base profile and checks the
colours; loads -flame's and -weblist's pages from file://; and loads a profile
whose names, files, labels and comments hold markup, which must show as
text and never run. Exit 77 when chromium is not installed.

usage: web_browser.py CPROF SOURCE_ROOT [SCREENSHOT_DIR]"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402
import mkprofile  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL', what)
    return cond


class Server:
    def __init__(self, cprof, args, env):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([cprof, '-http=127.0.0.1:0', '-no_browser'] + args,
                                     stderr=self.err, env=env)
        deadline = time.time() + 30
        self.base = None
        while time.time() < deadline and self.base is None:
            self.err.seek(0)
            m = re.search(rb'Serving web UI on (http://127\.0\.0\.1:\d+)', self.err.read())
            if m:
                self.base = m.group(1).decode()
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.1)
        if not self.base:
            self.err.seek(0)
            raise RuntimeError('server did not start: ' + self.err.read().decode(errors='replace'))

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)


def write_profile(path, spec):
    with gzip.open(path, 'wb') as f:
        f.write(mkprofile.encode(spec))


def exceptions(b):
    out = [e for e in b.events if e.get('method') == 'Runtime.exceptionThrown']
    b.events = [e for e in b.events if e.get('method') != 'Runtime.exceptionThrown']
    return [json.dumps(e['params']['exceptionDetails'])[:300] for e in out]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cprof, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    shots = sys.argv[3] if len(sys.argv) > 3 else os.environ.get('CPROF_SHOTS')
    if not cdp.find_chromium():
        print('chromium not installed: skipped')
        return 77
    go1 = os.path.join(root, 'testdata/conformance/profiles/go1')
    tmp = tempfile.mkdtemp(prefix='cprof-web-')
    env = dict(os.environ, TZ='UTC', PPROF_BINARY_PATH=go1, XDG_CONFIG_HOME=tmp)
    prof = os.path.join(go1, 'cpu.pb.gz')

    def shot(b, name):
        if shots:
            os.makedirs(shots, exist_ok=True)
            b.screenshot(os.path.join(shots, name + '.png'))

    b = cdp.Browser()
    servers = []
    try:
        s = Server(cprof, ['-source_path=' + os.path.join(go1, 'src'), prof], env)
        servers.append(s)
        base = s.base

        # every view loads, draws something and throws nothing
        for name, path, sel in [
                ('flamegraph', '/ui/flamegraph', '.fr'), ('top', '/ui/top', '#toptable tbody tr'),
                ('graph', '/ui/', '#graph g.node'), ('peek', '/ui/peek?f=main%5C.fib', 'table.peek tr'),
                ('source', '/ui/source?f=main%5C.fib', 'table.listing tr.line'),
                ('source-hottest', '/ui/source', 'ul.hottest li'),
                ('disasm', '/ui/disasm?f=main%5C.fib', 'pre.report'),
                ('tags', '/ui/tags', 'pre.report')]:
            b.goto(base + path)
            n = b.js('document.querySelectorAll(%s).length' % json.dumps(sel))
            check(n and n > 0, '%s: nothing drawn (%s)' % (name, sel))
            ex = exceptions(b)
            check(not ex, '%s: script errors %s' % (name, ex))
            shot(b, name)
        # / lands on the flame graph
        b.goto(base + '/')
        check(b.js('location.pathname') == '/ui/flamegraph', '/ does not open the flame graph')

        # flame graph: a click zooms into the frame, the breadcrumb leads back
        b.goto(base + '/ui/flamegraph')
        width = b.js('document.querySelector(".fg-area").clientWidth')
        b.click_selector('.fr[data-name="main.fib"]')
        crumbs = b.js('Array.from(document.querySelectorAll(".fg-crumbs .crumb")).map(e => e.textContent)')
        check(crumbs and crumbs[-1] == 'main.fib' and crumbs[0] == 'all',
              'flame zoom: breadcrumb %s' % crumbs)
        w = b.js('document.querySelector(".fr").getBoundingClientRect().width')
        top = b.js('document.querySelector(".fr").dataset.name')
        check(top == 'main.fib' and abs(w - width) < 3,
              'flame zoom: first frame %s %.0f px wide of %d' % (top, w or 0, width))
        shot(b, 'flame-zoomed')
        b.click_selector('.fg-crumbs .crumb')  # "all"
        check(b.js('document.querySelector(".fr").dataset.name') == 'root',
              'flame: breadcrumb back to the root')

        # search: highlighted frames are those that match; their share
        b.type('#search', 'sort\\.')
        hl = b.js('document.querySelectorAll(".fr.hl").length')
        want = b.js('Array.from(document.querySelectorAll(".fr")).filter(e => /sort\\./.test(e.dataset.name)).length')
        check(hl and hl == want, 'flame search: %s highlighted, %s match' % (hl, want))
        info = b.js('document.getElementById("fg-match").textContent')
        # sort.* frames hold main.sortWork's 0.88s (19.91%) of 4.42s, less the part
        # outside sort.* (cprof -top: main.sortWork cum 0.88s, flat 0.01s)
        m = re.search(r'\(([\d.]+)% of total\)', info or '')
        check(m and 15 < float(m.group(1)) < 20, 'flame search share: %r' % info)
        shot(b, 'flame-search')
        b.js('document.getElementById("search").value = ""; '
             'document.getElementById("search").dispatchEvent(new Event("input"))')

        # sandwich: callers above, callees below, from the server
        b.click_selector('.fr[data-name="sort.pdqsort"]')
        b.click_selector('.fg-bar button[title^="callers"]')
        b.wait_js('document.querySelector(".fg-crumbs").textContent.indexOf("Sandwich") >= 0')
        names = b.js('Array.from(document.querySelectorAll(".fr")).map(e => e.dataset.name)')
        check('sort.Sort' in names and 'sort.insertionSort' in names,
              'sandwich of sort.pdqsort: callers and callees %s' % names[:12])
        shot(b, 'flame-sandwich')

        # icicle/flame toggle puts the root at the bottom
        b.goto(base + '/ui/flamegraph')
        y0 = b.js('document.querySelector(".fr").getBoundingClientRect().top')
        b.click_selector('.fg-bar button')
        y1 = b.js('document.querySelector(".fr").getBoundingClientRect().top')
        check(y1 > y0 + 50, 'flame orientation: root at %s then %s' % (y0, y1))

        # graph: select a node, REFINE > Focus: the URL and the graph change
        b.goto(base + '/ui/')
        before = b.js('document.querySelectorAll("#graph g.node").length')
        b.js('document.querySelector(\'#graph g.node[data-name="main.fib"]\')'
             '.dispatchEvent(new MouseEvent("click", {bubbles: true}))')
        check(b.js('cprof.selection()') == ['main.fib'], 'graph: selection %s' % b.js('cprof.selection()'))
        check(b.js('document.querySelectorAll("#graph g.node.selected").length') == 1,
              'graph: selected node not marked')
        shot(b, 'graph-selected')
        b.click_selector('#refine-menu .menu-name')
        b.click_selector('#refine-menu a[data-param="f"]')
        b.wait_load()
        url = b.js('location.href')
        check(url.endswith('/ui/?f=%5E(main%5C.fib)%24'), 'refine focus: URL %s' % url)
        after = b.js('document.querySelectorAll("#graph g.node").length')
        legend = b.js('document.getElementById("legend").textContent')
        check(after and after < before, 'refine focus: %s nodes, before %s' % (after, before))
        names = b.js('Array.from(document.querySelectorAll("#graph g.node")).map(e => e.dataset.name)')
        check('main.fib' in names and 'crypto/sha256.block' not in names,
              'refine focus: graph nodes %s' % names)
        check(legend is not None, 'legend popup')
        shot(b, 'graph-focused')

        # top: rows sort by a column, a row click selects it
        b.goto(base + '/ui/top')
        b.click_selector('#toptable th[data-col="cum"]')
        first = b.js('document.querySelector("#toptable tbody tr").dataset.name')
        check(first == 'main.main.func1' or first == 'main.worker' or first == 'main.worker.func1'
              or first == 'runtime/pprof.Do', 'top sorted by cum: first row %s' % first)
        link = b.js('document.querySelector(\'#toptable tr[data-name="math.Sin"] a\').href')
        check(link and link.endswith('/ui/source?f=%5Emath%5C.Sin%24'), 'top: inline function link %s' % link)

        # switch the sample type in the SAMPLE menu
        b.goto(base + '/ui/top')
        b.click_selector('#sample-menu .menu-name')
        b.click_selector('#sample-menu a[data-type="samples"]')
        b.wait_load()
        check('si=samples' in b.js('location.search'), 'sample menu: URL %s' % b.js('location.search'))
        check(b.js('cprof.page.sampleIndex') == 0 and
              b.js('document.querySelector("#sample-menu a.on").dataset.type') == 'samples',
              'sample menu: samples not selected')
        check(b.js('document.querySelector("#toptable tbody tr td").textContent') == '104',
              'sample=samples: first flat %s' % b.js('document.querySelector("#toptable tbody tr td").textContent'))

        # source: a sampled line expands into its instructions
        b.goto(base + '/ui/source?f=main%5C.fib')
        b.click_selector('table.listing tr.line.expandable')
        rows = b.js('Array.from(document.querySelectorAll("table.listing tr.insn"))'
                    '.filter(r => r.style.display !== "none").map(r => r.textContent)')
        check(rows and any('cmpq' in r for r in rows), 'source: expanded line %s' % rows)
        shot(b, 'source-expanded')

        # a warning banner: a focus that matches nothing
        b.goto(base + '/ui/top?f=nosuchfunction')
        check('matched no samples' in (b.js('document.getElementById("banner").textContent') or ''),
              'warning banner for a focus matching nothing')
        s.close()
        servers.remove(s)

        # differential flame graph: growth red, shrinkage blue, base-only
        # frames visible when widths are by the larger side
        newp, basep = os.path.join(tmp, 'new.pb.gz'), os.path.join(tmp, 'base.pb.gz')
        write_profile(newp, {'types': [('cpu', 'nanoseconds')], 'samples': [
            (['grow', 'main'], [300], {}), (['shrink', 'main'], [100], {})]})
        write_profile(basep, {'types': [('cpu', 'nanoseconds')], 'samples': [
            (['grow', 'main'], [100], {}), (['shrink', 'main'], [300], {}),
            (['gone', 'main'], [200], {})]})
        s = Server(cprof, ['-diff_base=' + basep, newp], env)
        servers.append(s)
        b.goto(s.base + '/ui/flamegraph')
        color = b.js('(function(){var o={};document.querySelectorAll(".fr").forEach(function(e){'
                     'o[e.dataset.name]=getComputedStyle(e).backgroundColor});return o;})()')
        def rgb(c):
            return [int(x) for x in re.findall(r'\d+', c or '')][:3]
        g, sh = rgb(color.get('grow')), rgb(color.get('shrink'))
        check(g and g[0] > g[2] + 50, 'diff: grow not red: %s' % color.get('grow'))
        check(sh and sh[2] > sh[0] + 50, 'diff: shrink not blue: %s' % color.get('shrink'))
        check('gone' not in color, 'diff: base-only frame drawn by the new widths')
        note = b.js('document.querySelector(".fg-note").textContent')
        check(note and 'base' in note, 'diff: no note on what the colours mean')
        b.js('var s=document.querySelector(".fg-bar select[title=\'frame width\']");'
             's.value="max";s.dispatchEvent(new Event("change"))')
        gone = b.js('(function(){var e=document.querySelector(\'.fr[data-name="gone"]\');'
                    'return e && getComputedStyle(e).backgroundColor;})()')
        check(gone and rgb(gone)[2] > rgb(gone)[0] + 50, 'diff: base-only frame by max width: %s' % gone)
        shot(b, 'flame-diff')
        s.close()
        servers.remove(s)

        # the static page from file://, no server
        html = os.path.join(tmp, 'flame.html')
        r = subprocess.run([cprof, '-flame', '-output', html, prof], env=env,
                           capture_output=True)
        check(r.returncode == 0, '-flame: exit %d %s' % (r.returncode, r.stderr))
        b.goto('file://' + html)
        n = b.js('document.querySelectorAll(".fr").length')
        check(n and n > 20, 'static page: %s frames' % n)
        b.click_selector('.fr[data-name="main.fib"]')
        crumbs = b.js('Array.from(document.querySelectorAll(".fg-crumbs .crumb")).map(e => e.textContent)')
        check(crumbs and crumbs[-1] == 'main.fib', 'static page: zoom %s' % crumbs)
        b.type('.fg-search', 'fib')
        check(b.js('document.querySelectorAll(".fr.hl").length') > 0, 'static page: search')
        check(not exceptions(b), 'static page: script errors')
        shot(b, 'flame-static')

        # -weblist writes pprof's weblist as one page, lines expandable
        wl = os.path.join(tmp, 'weblist.html')
        r = subprocess.run([cprof, '-weblist=main\\.fib', '-source_path=' + os.path.join(go1, 'src'),
                            '-output', wl, prof], env=env, capture_output=True)
        check(r.returncode == 0, '-weblist: exit %d %s' % (r.returncode, r.stderr))
        b.goto('file://' + wl)
        check(b.js('document.querySelector("h3.fn").textContent') == 'main.fib', '-weblist: no main.fib')
        b.click_selector('table.listing tr.line.expandable')
        rows = b.js('Array.from(document.querySelectorAll("table.listing tr.insn"))'
                    '.filter(r => r.style.display !== "none").map(r => r.textContent)')
        check(rows and any('cmpq' in r for r in rows), '-weblist: expanded line %s' % rows)
        check(not exceptions(b), '-weblist page: script errors')
        shot(b, 'weblist-static')

        # markup in every profile string shows as text and never runs
        evil = os.path.join(tmp, 'evil.pb.gz')
        tag = '<img src=x onerror="window.pwned=1">'
        write_profile(evil, {
            'types': [('<b>samples</b>', 'count')],
            'samples': [([tag, 'main.<script>window.pwned=2</script>', 'main'], [5],
                         {'<i>key</i>': '<svg onload="window.pwned=3">'})],
            'files': {tag: '<u>file</u>.go', 'main': 'main.go'}})
        s = Server(cprof, ['-add_comment=<iframe src="javascript:window.pwned=4">', evil], env)
        servers.append(s)
        for path in ['/ui/flamegraph', '/ui/flamegraph?g=filefunctions', '/ui/top', '/ui/',
                     '/ui/peek?f=.', '/ui/source', '/ui/source?f=script', '/ui/tags',
                     '/ui/disasm?f=.']:
            b.goto(s.base + path)
            if b.js('document.contentType') == 'text/plain':
                continue  # an error answer (no binary to disassemble): text
            b.js('document.getElementById("legend").classList.add("open")')
            check(b.js('window.pwned') is None, 'markup ran in %s' % path)
            check(b.js('document.querySelectorAll("#content img, #content script:not([type]), '
                       '#content iframe, #content b, #content i, #content u, #content em").length') == 0,
                  'markup became elements in %s' % path)
            text = b.js('document.body.innerText')
            # (reports shorten names: "<...>" goes as C++ template arguments do)
            if path in ('/ui/top', '/ui/peek?f=.', '/ui/flamegraph'):
                check('main.<script>window.pwned=2</script>' in text,
                      'markup not shown as text in %s' % path)
            if path == '/ui/flamegraph':
                b.js('flame.showTip(flame.root.kids[0].kids[0], {clientX: 10, clientY: 10})')
                check('<script>' in b.js('document.querySelector(".fg-tip").textContent'),
                      'flame hover: markup not shown as text')
            if path.endswith('filefunctions'):
                check('<u>file</u>.go' in text, 'file name not shown as text')
            if path == '/ui/tags':
                check('<svg onload=' in text, 'label not shown as text in tags')
            if path == '/ui/flamegraph':
                check('<iframe src=' in b.js('document.getElementById("legend").textContent'),
                      'comment not in the legend as text')
                shot(b, 'markup')
        s.close()
        servers.remove(s)
    finally:
        b.close()
        for s in servers:
            s.close()
    if failures:
        print('%d failures' % len(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
