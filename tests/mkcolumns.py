#!/usr/bin/env python3
"""Writes testdata/conformance/profiles/gen/columns.pb.gz: a small CPU
profile whose Line messages carry columns (profile.proto field 3), which
Go's runtime never writes, for the cases on columns (-raw, -showcolumns,
-proto round trips) that go tool pprof 1.23.5 records.

Shape: main.work has three locations on two lines, two of them on line 12
at columns 5 and 17; one location holds an inlined main.helper (column
4) in main.work (column 2); main.main calls from column 9. One sample is
zero-valued and one has no locations (pprof keeps both in a lone
profile), and two samples share a stack (not summed without a merge).

usage: mkcolumns.py OUT
Output is deterministic (gzip mtime 0)."""
import gzip, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkprofile import f_bytes, f_packed, f_varint  # noqa: E402


def encode():
    strings, index = [""], {"": 0}

    def s(x):
        if x not in index:
            index[x] = len(strings)
            strings.append(x)
        return index[x]

    out = bytearray()
    for t, u in (("samples", "count"), ("cpu", "nanoseconds")):
        vt = bytearray()
        f_varint(1, s(t), vt)
        f_varint(2, s(u), vt)
        f_bytes(1, vt, out)
    # (location ids leaf first, values)
    samples = [([1, 4], [5, 50000000]), ([2, 4], [3, 30000000]),
               ([3, 4], [2, 20000000]), ([5, 4], [4, 40000000]),
               ([1, 4], [1, 10000000]), ([3, 4], [0, 0]), ([], [1, 10000000])]
    for locs, values in samples:
        smp = bytearray()
        if locs:
            f_packed(1, locs, smp)
        f_packed(2, values, smp)
        f_bytes(2, smp, out)
    m = bytearray()
    f_varint(1, 1, m)
    f_varint(2, 0x400000, m)
    f_varint(3, 0x500000, m)
    f_varint(5, s("/bin/prog"), m)
    for field in (7, 8, 9, 10):  # has functions, files, lines, inlines
        f_varint(field, 1, m)
    f_bytes(3, m, out)
    # location id: (address, [(function id, line, column)], leaf first)
    locations = {
        1: (0x401000, [(1, 12, 5)]),
        2: (0x401010, [(1, 12, 17)]),
        3: (0x401020, [(1, 14, 3)]),
        4: (0x402000, [(2, 20, 9)]),
        5: (0x401030, [(3, 30, 4), (1, 15, 2)]),
    }
    for lid, (addr, lines) in locations.items():
        loc = bytearray()
        f_varint(1, lid, loc)
        f_varint(2, 1, loc)
        f_varint(3, addr, loc)
        for fid, line, col in lines:
            ln = bytearray()
            f_varint(1, fid, ln)
            f_varint(2, line, ln)
            f_varint(3, col, ln)
            f_bytes(4, ln, loc)
        f_bytes(4, loc, out)
    functions = {1: ("main.work", "src/work.go", 10),
                 2: ("main.main", "src/main.go", 18),
                 3: ("main.helper", "src/work.go", 28)}
    for fid, (name, file, start) in functions.items():
        fn = bytearray()
        f_varint(1, fid, fn)
        f_varint(2, s(name), fn)
        f_varint(3, s(name), fn)
        f_varint(4, s(file), fn)
        f_varint(5, start, fn)
        f_bytes(5, fn, out)
    vt = bytearray()
    f_varint(1, s("cpu"), vt)
    f_varint(2, s("nanoseconds"), vt)
    f_bytes(11, vt, out)
    f_varint(12, 10000000, out)
    tail = bytearray()
    for x in strings:
        f_bytes(6, x.encode(), tail)
    return bytes(tail + out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkcolumns.py OUT")
    with open(sys.argv[1], "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(encode())


if __name__ == "__main__":
    main()
