#!/usr/bin/env python3
"""Benchmark: cprof's time against stack depth (1k, 5k, 10k frames).

Two shapes per depth, 200 samples each: "distinct" (every frame its own
function, so the graph has DEPTH nodes) and "recursive" (two functions
calling each other, the case where per-sample "seen" bookkeeping could go
quadratic). Every report format that walks stacks is timed. Linear code
takes about 10x from 1k to 10k frames; quadratic code about 100x, so a
ratio above 25 is flagged.

usage: bench/deep_stacks.py [CPROF] (default build/cmd/cprof)"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'testdata', 'bad'))
import make  # noqa: E402  (the corpus' protobuf encoder)

DEPTHS = (1000, 5000, 10000)
FORMATS = ('top', 'traces', 'tree', 'raw', 'dot', 'callgrind')
SAMPLES = 200


def profile(shape, depth):
    p = make.cpu_profile()
    nfunc = depth if shape == 'distinct' else 2
    for i in range(1, nfunc + 11):
        p.function(i, 'f%05d' % i)
        p.location(i, [i])
    for s in range(SAMPLES):
        if shape == 'distinct':
            stack = list(range(1, depth + 1))
        else:
            stack = [1 + (i % 2) for i in range(depth)]
        stack[0] = nfunc + 1 + s % 10  # ten different leaves
        p.sample(stack, [1, 10000000])
    return make.gz(p.encode())


def run(cprof, fmt, path):
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        r = subprocess.run([cprof, '-' + fmt, path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if r.returncode:
            return None
        best = dt if best is None else min(best, dt)
    return best


def main():
    cprof = os.path.abspath(sys.argv[1] if len(sys.argv) > 1
                            else 'build/cmd/cprof')
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        print('%-10s %-10s %10s %10s %10s %8s' %
              (('shape', 'format') + tuple('%d' % d for d in DEPTHS) +
               ('10k/1k',)))
        for shape in ('distinct', 'recursive'):
            paths = {}
            for d in DEPTHS:
                paths[d] = os.path.join(tmp, '%s-%d.pb.gz' % (shape, d))
                with open(paths[d], 'wb') as f:
                    f.write(profile(shape, d))
            for fmt in FORMATS:
                times = [run(cprof, fmt, paths[d]) for d in DEPTHS]
                if None in times:
                    print('%-10s %-10s (not supported or failed)' % (shape, fmt))
                    continue
                ratio = times[-1] / max(times[0], 1e-3)
                flag = '  QUADRATIC?' if ratio > 25 else ''
                bad += bool(flag)
                print('%-10s %-10s %9.3fs %9.3fs %9.3fs %8.1f%s' %
                      ((shape, fmt) + tuple(times) + (ratio, flag)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
