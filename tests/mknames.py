#!/usr/bin/env python3
"""Writes testdata/conformance/profiles/gen/names.pb.gz: function names
that pprof 1.23 shortens differently from 1.19 in graph labels (a final
path element without a '.', a '.' right after a '/', a '.' inside a
directory), for -dot cases recorded from go tool pprof 1.23.5.

usage: mknames.py OUT
Output is deterministic (gzip mtime 0)."""
import gzip, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkprofile import encode  # noqa: E402

SPEC = {
    "types": [("samples", "count"), ("cpu", "nanoseconds")],
    "samples": [
        (["a/b/c", "main.main"], [5, 50000000], {}),
        (["foo/bar.baz/qux", "main.main"], [4, 40000000], {}),
        (["x/.hidden.F", "main.main"], [3, 30000000], {}),
        (["x/y/z.F/w", "github.com/u/v/w.Run", "main.main"], [2, 20000000], {}),
        (["example.com/m/v3/pkg.(*T).M", "main.main"], [1, 10000000], {}),
    ],
    "mapping": "prog",
    "period": ("cpu", "nanoseconds", 10000000),
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mknames.py OUT")
    with open(sys.argv[1], "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(encode(SPEC))


if __name__ == "__main__":
    main()
