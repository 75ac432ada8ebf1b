#!/usr/bin/env python3
"""Writes profiles whose sample values sit at the edges of int64 (2^63-1,
-2^63) for tests/extreme_values.sh and the conformance cases ext.*: sums,
products and negations of these wrap in Go's int64 arithmetic, which cprof
must reproduce without undefined behaviour.

max.pb.gz   a CPU profile: two samples of 2^63-1 in one function (their sum
            wraps), -2^63 on another, small ones beside them; labels
            (string and numeric, the numeric at the extremes); -2^63
            over a count of -1 for -mean (Go's MinInt64 / -1); duration
            and period at 2^63-1 so merging adds them past the limit.
base.pb.gz  the same types with opposite extremes, for -base/-diff_base.
Profiles are encoded with testdata/bad/make.py's hand-written wire format.
--expected also records go tool pprof's output of every ext.* conformance
case (testdata/conformance/cases.tsv) in testdata/conformance/expected/;
$CPROF_GO names the go command (Go 1.23.5 by default).
Run: python3 testdata/extreme/make.py [--expected]"""
import importlib.util
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    'badmake', os.path.join(here, '..', 'bad', 'make.py'))
bm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bm)

MAX = (1 << 63) - 1
MIN = -(1 << 63)


class Profile(bm.Profile):
    def labeled_sample(self, locs, values, labels):
        body = bm.packed(1, locs) + bm.packed(2, values)
        for k, v, unit in labels:
            lb = bm.vint(1, self.s(k))
            if isinstance(v, str):
                lb += bm.vint(2, self.s(v))
            else:
                lb += bm.vint(3, v)
                if unit:
                    lb += bm.vint(4, self.s(unit))
            body += bm.ld(3, lb)
        self.parts.append(bm.ld(2, body))

    def header(self, duration, period):
        self.parts.append(bm.vint(10, duration))
        self.parts.append(bm.ld(11, bm.vint(1, self.s('cpu')) +
                                bm.vint(2, self.s('nanoseconds'))))
        self.parts.append(bm.vint(12, period))
        self.parts.append(bm.vint(9, 1700000000000000000))
        self.parts.append(bm.vint(13, self.s('extreme values')))


def build(values):
    p = Profile()
    p.sample_type('samples', 'count')
    p.sample_type('cpu', 'nanoseconds')
    p.mapping(1, '/bin/prog')
    names = ['main', 'run', 'hot', 'cold', 'leaf']
    for i, n in enumerate(names, 1):
        p.function(i, n)
        p.location(i, [i], mapping=1, address=0x1000 + 0x10 * i)
    # stacks leaf first
    # distinct stacks: pprof merges no samples of a lone source
    stacks = [[3, 2, 1], [3, 1], [4, 2, 1], [5, 4, 2, 1], [5, 3, 1], [2, 1]]
    for stack, (v, lab) in zip(stacks, values):
        p.labeled_sample(stack, v, lab)
    p.header(MAX, MAX)
    return p


def main():
    big = build([
        ([MAX, MAX], [('kind', 'a', None), ('bytes', MAX, 'bytes')]),
        ([MAX, MAX], [('kind', 'a', None), ('bytes', MAX, 'bytes')]),
        ([MIN, MIN], [('kind', 'b', None), ('bytes', MIN, 'bytes')]),
        ([1, 10000000], [('kind', 'c', None), ('bytes', 1, 'bytes')]),
        ([-3, -30000000], [('kind', 'c', None), ('bytes', -1, 'bytes')]),
        ([-1, MIN], [('kind', 'd', None)]),
    ])
    base = build([
        ([MIN, MIN], [('kind', 'a', None), ('bytes', MIN, 'bytes')]),
        ([1, 1], [('kind', 'a', None), ('bytes', 1, 'bytes')]),
        ([MAX, MAX], [('kind', 'b', None), ('bytes', MAX, 'bytes')]),
        ([MAX, MAX], [('kind', 'c', None), ('bytes', MAX, 'bytes')]),
        ([2, 20000000], [('kind', 'c', None), ('bytes', 2, 'bytes')]),
        ([1, MAX], [('kind', 'd', None)]),
    ])
    for name, p in (('max.pb.gz', big), ('base.pb.gz', base)):
        with open(os.path.join(here, name), 'wb') as f:
            f.write(bm.gz(p.encode()))


def expected():
    conf = os.path.join(here, '..', 'conformance')
    go = os.environ.get('CPROF_GO') or os.environ.get('GO') or (
        '/usr/lib/go-1.23/bin/go' if os.path.exists('/usr/lib/go-1.23/bin/go')
        else 'go')
    with open(os.path.join(conf, 'cases.tsv')) as f:
        cases = [line.rstrip('\n').split('\t', 1) for line in f if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TZ='UTC', PPROF_TMPDIR=tmp,
                   PPROF_BINARY_PATH='/nonexistent')
        for name, args in cases:
            if not name.startswith('ext.'):
                continue
            out = subprocess.run([go, 'tool', 'pprof'] + args.split(),
                                 cwd=conf, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL).stdout
            with open(os.path.join(conf, 'expected', name + '.out'), 'wb') as f:
                f.write(out)


if __name__ == '__main__':
    main()
    if '--expected' in sys.argv:
        expected()
