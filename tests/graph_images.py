#!/usr/bin/env python3
"""Graph images from the command line: -svg parses as XML and draws one
node per node statement of -dot (same names), with pprof's viewport and
pan/zoom script; -png/-gif/-pdf/-ps carry their format's signature and a
sane size; -callgrind -call_tree is deterministic and callgrind_annotate
reads it with pprof's totals. usage: graph_images.py CPROF PROFILES_DIR"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print('FAIL:', what)


def run(cprof, args, cwd):
    env = dict(os.environ, TZ='UTC')
    r = subprocess.run([cprof] + args, cwd=cwd, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode:
        print('FAIL: cprof %s: %s' % (' '.join(args), r.stderr.decode()))
        sys.exit(1)
    return r.stdout


def dot_nodes(text):
    """Node statements of a DOT text: the N… nodes and the legend box."""
    names = set(re.findall(r'^(N[N0-9_]*) \[label', text, re.M))
    legend = re.search(r'^subgraph cluster_L \{ "((?:[^"\\]|\\.)*)"', text, re.M)
    return names, legend.group(1) if legend else None


def check_svg(cprof, profiles, tmp, profile, extra):
    dot = run(cprof, ['-dot'] + extra + [profile], profiles).decode()
    out = os.path.join(tmp, 'out.svg')
    run(cprof, ['-svg', '-output', out] + extra + [profile], profiles)
    root = ET.parse(out).getroot()  # raises on malformed XML
    check(root.tag == SVG + 'svg', 'root is <svg>')
    check(root.get('width') == '100%' and root.get('height') == '100%',
          'svg fills the window')
    check(root.get('viewBox') is None, 'viewBox removed')
    scripts = root.findall(SVG + 'script')
    check(len(scripts) == 1 and 'viewport' in (scripts[0].text or ''),
          'one pan/zoom script')
    view = root.find(SVG + 'g')
    check(view is not None and view.get('id') == 'viewport', 'viewport group')
    titles = [g.find(SVG + 'title').text
              for g in root.iter(SVG + 'g') if g.get('class') == 'node']
    names, legend = dot_nodes(dot)
    want = len(names) + (1 if legend else 0)
    check(len(titles) == want, '%s %s: %d SVG nodes, %d in -dot' %
          (profile, extra, len(titles), want))
    check(set(t for t in titles if re.fullmatch(r'N[N0-9_]*', t)) == names,
          '%s: SVG node names are those of -dot' % profile)
    check(len(names) > 3, '%s: a real graph' % profile)
    edges = [g for g in root.iter(SVG + 'g') if g.get('class') == 'edge']
    check(len(edges) == len(re.findall(r'^N[N0-9_]* -> ', dot, re.M)),
          '%s: one SVG edge per -dot edge' % profile)


def check_image(cprof, profiles, tmp, fmt):
    out = os.path.join(tmp, 'out.' + fmt)
    run(cprof, ['-' + fmt, '-output', out, 'go1/cpu.pb.gz'], profiles)
    data = open(out, 'rb').read()
    if fmt == 'png':
        check(data[:8] == b'\x89PNG\r\n\x1a\n' and data[12:16] == b'IHDR',
              'png signature')
        w, h = struct.unpack('>II', data[16:24])
        check(100 < w < 20000 and 100 < h < 20000, 'png size %dx%d' % (w, h))
        check(data[-8:-4] == b'IEND', 'png ends with IEND')
    elif fmt == 'gif':
        check(data[:6] in (b'GIF87a', b'GIF89a'), 'gif signature')
        w, h = struct.unpack('<HH', data[6:10])
        check(100 < w and 100 < h, 'gif size %dx%d' % (w, h))
        check(data[-1:] == b';', 'gif trailer')
    elif fmt == 'pdf':
        check(data.startswith(b'%PDF-1.'), 'pdf signature')
        check(b'%%EOF' in data[-64:], 'pdf trailer')
        m = re.search(rb'/MediaBox \[\s*0 0 (\d+) (\d+)', data)
        check(m and int(m.group(1)) > 100 and int(m.group(2)) > 100,
              'pdf page size')
    elif fmt == 'ps':
        check(data.startswith(b'%!PS-Adobe-'), 'ps signature')
        boxes = re.findall(rb'%%BoundingBox: (\d+) (\d+) (\d+) (\d+)', data)
        check(boxes and all(int(b[2]) - int(b[0]) > 100 and
                            int(b[3]) - int(b[1]) > 100 for b in boxes),
              'ps bounding box')
        check(b'%%EOF' in data[-64:], 'ps trailer')


def self_cost(text):
    """Sum of the cost lines that are not call costs."""
    total, skip = 0, False
    for line in text.splitlines():
        if skip:
            skip = False
            continue
        if line.startswith('calls='):
            skip = True
            continue
        m = re.fullmatch(r'(\S+) (\S+) (-?\d+)', line)
        if m:
            total += int(m.group(3))
    return total


def annotate_total(path):
    r = subprocess.run(['callgrind_annotate', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    m = re.search(rb'^([\d,]+) \(100.0%\)\s+PROGRAM TOTALS', r.stdout, re.M)
    return int(m.group(1).replace(b',', b'')) if m else None


def check_callgrind(cprof, profiles, tmp):
    """-callgrind -call_tree is deterministic (pprof's is not) and reads
    back with the totals of pprof's own output for the same profile."""
    a = run(cprof, ['-callgrind', '-call_tree', 'go1/cpu.pb.gz'], profiles)
    b = run(cprof, ['-callgrind', '-call_tree', 'go1/cpu.pb.gz'], profiles)
    check(a == b, 'callgrind -call_tree is deterministic')
    flat = run(cprof, ['-callgrind', 'go1/cpu.pb.gz'], profiles)
    # 4.42s of samples, in ms, whichever way the graph is cut
    check(self_cost(a.decode()) == 4420, 'call tree self cost is the total')
    check(self_cost(flat.decode()) == 4420, 'self cost is the total')
    check(re.search(rb' \[1/\d+\]$', a, re.M) is not None,
          'call-tree contexts are disambiguated')
    if shutil.which('callgrind_annotate'):
        path = os.path.join(tmp, 'tree.callgrind')
        open(path, 'wb').write(a)
        # go tool pprof -callgrind -call_tree gives 49,430 here
        check(annotate_total(path) == 49430, 'callgrind_annotate total')


def main():
    cprof, profiles = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        check_svg(cprof, profiles, tmp, 'go1/heap.pb.gz', [])
        check_svg(cprof, profiles, tmp, 'go1/cpu.pb.gz', [])
        check_svg(cprof, profiles, tmp, 'go1/cpu.pb.gz', ['-call_tree'])
        check_callgrind(cprof, profiles, tmp)
        for fmt in ('png', 'gif', 'pdf', 'ps'):
            check_image(cprof, profiles, tmp, fmt)
    print('failed' if failed else 'ok')
    sys.exit(1 if failed else 0)


main()
