#!/usr/bin/env python3
"""Writes the text seed corpora of the flag and regex fuzz targets.

flags/: one file per conformance case, its arguments one per line, plus
edge cases of Go's flag syntax. regex/: RE2 patterns as pprof users write
them for -focus, -ignore, -list (pattern, newline, a subject to match).
Run from anywhere: python3 fuzz/make_corpus.py"""
import os

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def write(sub, name, data):
    d = os.path.join(here, 'corpus', sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


cases = os.path.join(root, 'testdata', 'conformance', 'cases.tsv')
with open(cases) as f:
    for line in f:
        if '\t' not in line:
            continue
        name, args = line.rstrip('\n').split('\t', 1)
        write('flags', name, '\n'.join(args.split()).encode())

flag_edges = [
    '-top\n--\n-x', '--top\nfile', '-nodecount=-1\n-top\nf',
    '-nodecount\n99999999999\nf', '-divide_by=0x1p-3\n-top\nf',
    '-trim=maybe\nf', '---top', '-=x', '-', '--', '-h', '-help',
    '-list\n', '-list=\n-top\nf', '-base\na\n-diff_base\nb\nf',
    '-diff_base\na\n-top\nf', '-normalize\n-top\nf',
    '-cum\n-flat\n-top\nf', '-lines\n-files\n-top\nf',
    '-total_delay\n-contentions\n-top\nf', '-max_decompressed=1e30\nf',
    '-max_decompressed=-5\nf', '-nodefraction=NaN\n-top\nf',
    '-divide_by=inf\nf', '-tagfocus=1kb:2mb\n-top\nf',
    '-no_browser\nf', '-http=:8080\n-top\nf', '-symbolize=none\n-raw\nf',
]
for i, a in enumerate(flag_edges):
    write('flags', 'edge%02d' % i, a.encode())

patterns = [
    'main\\.main\nmain.main', 'runtime\\..*\nruntime.mallocgc',
    '(?i)MAIN\nmain', '^main$\nmain', 'a|b|c\nxbx', '[[:alpha:]]+\nabc',
    '\\pL+\nh\u00e9llo', '\\p{Greek}\n\u03b1', '\\PL\n1', '\\Qa.b\\E\na.b',
    '(?P<name>x)y\nxy', 'a{2,3}\naaa', 'x*?y\nxxy', 'abc\\z\nabc',
    '\\Aabc\nabc', '(?s).\n\n', '(?U)a+\naaa', '(?m)^b\na\nb',
    '\\x{263a}\n\u263a', '[^\\x00-\\x7f]\n\u00e9', '\\b\\w+\\b\nfoo bar',
    '[a-]\n-', '[]a]\n]', '(a)(b)\\1\nab', '(?=x)\nx', 'a**\naa',
    'x{1001}\nx', '(|a)+\naa', '\\C\nx', '\\8\nx', '[[:word:]]\n_',
    '(?-i)a\nA', '\\v\n\x0b', '\\e\n\x1b', '\\cA\n\x01', '(*UTF)a\na',
    '\\R\n\r\n', '\\h\n\t', '[\\d-z]\n-', '(?i)\u212a\nk',
    'github\\.com/google/pprof/.*\\.(Run|main)\ngithub.com/google/pprof/driver.Run',
]
for i, p in enumerate(patterns):
    write('regex', 'p%02d' % i, p.encode())

# driver: two option bytes (report format, option bits), then a profile
profiles = os.path.join(root, 'testdata', 'conformance', 'profiles')
small = ['go1/cpu.pb.gz', 'go1/heap.pb.gz', 'go1/mutex.pb.gz', 'go1/heap.txt',
         'c1/cpu.prof', 'c1/heap.0001.heap', 'pprof/cppbench.contention',
         'pprof/java.cpu', 'pprof/gobench.heap', 'pprof/cppbench.thread']
for i, name in enumerate(small):
    with open(os.path.join(profiles, name), 'rb') as f:
        body = f.read()
    for j, (fmt, opts) in enumerate([(0, 0), (5, 0x21), (9, 0x42)]):
        write('driver', '%s.%d' % (name.replace('/', '_'), j),
              bytes([(fmt + i) % 13, opts]) + body)

ranges = ['32kb', ':64', '4mb:', '+400kb:', '1ms:2s', '-5:+7', '10:5',
          '1.5kb', '1kb:1mb', '1kib', '3furlongs', '3x:4y', '0x10', '::',
          '1:2:3', '9223372036854775807tb', '-9223372036854775808ns:',
          '1h', '100us:1d', ':1GB', '5B', '']
for i, r in enumerate(ranges):
    write('tagrange', 'r%02d' % i, r.encode())
