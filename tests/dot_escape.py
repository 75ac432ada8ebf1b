#!/usr/bin/env python3
"""DOT strings are escaped everywhere. dotnames.pb.gz has quotes,
backslashes and newlines in function names only, which pprof escapes:
cprof's -dot must equal go tool pprof's (Go 1.23.5) byte for byte
(testdata/crafted/expected/). dotesc.pb.gz also has them in label values,
units, file and binary names, which pprof writes raw (its DOT then fails
to parse, or a label value adds URL="javascript:..." to a node): there
cprof's -svg must parse as XML, carry no link at all, and show each
hostile string as plain text. usage: dot_escape.py CPROF TESTDATA"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print('FAIL:', what)
    else:
        print('ok:', what)


def run(cprof, args):
    r = subprocess.run([cprof] + args, env=dict(os.environ, TZ='UTC'),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if r.returncode:
        print('FAIL: cprof %s: %s' % (' '.join(args), r.stderr.decode()))
        sys.exit(1)
    return r.stdout


def main():
    cprof, testdata = sys.argv[1], sys.argv[2]
    crafted = os.path.join(testdata, 'crafted')
    names = os.path.join(crafted, 'dotnames.pb.gz')
    for args, golden in (([], 'dotnames.dot'), (['-lines'], 'dotnames.lines.dot'),
                         (['-sample_index=cpu'], 'dotnames.cpu.dot')):
        want = open(os.path.join(crafted, 'expected', golden), 'rb').read()
        got = run(cprof, ['-dot'] + args + [names])
        check(got == want, '-dot %s equals pprof\'s %s' % (' '.join(args), golden))

    esc = os.path.join(crafted, 'dotesc.pb.gz')
    hostile = ['key:x" URL="javascript:alert(1)" y="', 'key:back\\slash\\',
               'quo"te.go:11', 'src\\win\\file.go:13', '100by"tes (50.00%)',
               'File: bin"ary']
    for args in ([], ['-lines'], ['-files'], ['-sample_index=space', '-lines']):
        what = '-svg %s' % ' '.join(args)
        svg = run(cprof, ['-svg'] + args + [esc])
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as e:
            check(False, '%s: XML: %s' % (what, e))
            continue
        links = [el for el in root.iter()
                 if any(k.endswith('href') or k == 'URL' for k in el.attrib)]
        check(not links, '%s: no links' % what)
        texts = {''.join(t.itertext()) for t in root.iter(SVG + 'text')}
        shown = [h for h in hostile if h in texts]
        # every granularity shows the label values; files only some
        check(hostile[0] in texts and hostile[1] in texts,
              '%s: label values shown as text (%d of %d hostile strings)'
              % (what, len(shown), len(hostile)))
    svg = run(cprof, ['-svg', '-lines', '-sample_index=space', esc])
    texts = {''.join(t.itertext()) for t in ET.fromstring(svg).iter(SVG + 'text')}
    for h in hostile:
        check(h in texts, '-svg -lines -sample_index=space shows %r' % h)
    sys.exit(1 if failed else 0)


main()
