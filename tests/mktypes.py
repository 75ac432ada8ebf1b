#!/usr/bin/env python3
"""Writes testdata/conformance/profiles/gen/types_{a,b,c}.pb.gz: profiles
with different but overlapping sample types, which pprof 1.23 merges on
the types they share (in the first profile's order, units scaled to the
finer one) where 1.19 refused them.

  types_a  samples/count cpu/nanoseconds alloc/bytes; one sample has only
           alloc, so it is all zero once alloc goes
  types_b  cpu/microseconds samples/count (other order, coarser unit)
  types_c  cpu/nanoseconds only

usage: mktypes.py DIR
Output is deterministic (gzip mtime 0)."""
import gzip, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkprofile import encode  # noqa: E402

SPECS = {
    "types_a": {
        "types": [("samples", "count"), ("cpu", "nanoseconds"),
                  ("alloc", "bytes")],
        "samples": [
            (["main.f", "main.main"], [1, 10000000, 0], {}),
            (["main.g", "main.main"], [2, 20000000, 100], {}),
            (["main.h", "main.main"], [0, 0, 50], {}),
        ],
        "mapping": "prog",
    },
    "types_b": {
        "types": [("cpu", "microseconds"), ("samples", "count")],
        "samples": [
            (["main.f", "main.main"], [5000, 1], {}),
            (["main.k", "main.main"], [3000, 3], {}),
        ],
        "mapping": "prog",
    },
    "types_c": {
        "types": [("cpu", "nanoseconds")],
        "samples": [(["main.g", "main.main"], [7000000], {})],
        "mapping": "prog",
    },
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mktypes.py DIR")
    for name, spec in SPECS.items():
        path = os.path.join(sys.argv[1], name + ".pb.gz")
        with open(path, "wb") as f:
            with gzip.GzipFile(fileobj=f, mode="wb", mtime=0,
                               filename="") as g:
                g.write(encode(spec))


if __name__ == "__main__":
    main()
