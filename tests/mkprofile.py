#!/usr/bin/env python3
"""Writes the small hand-made profile.proto files of testdata/crafted/,
each shaped so that the right answer is known without running any tool:

  regex.pb.gz    10 samples whose leaf functions are long runs of 'a'
                 (7 ending in "cb"), for backtracking patterns
  regexbig.pb.gz the same with 200 leaves (140 ending in "cb")
  dotesc.pb.gz   quotes, backslashes, newlines, '<', '{' and a DOT
                 attribute injection in function, file, label and unit names
  dotnames.pb.gz the same in function names only (pprof escapes those)
  evilname.pb.gz sample types holding "../", '/', control characters and
                 a terminal escape, for the name of the saved copy

usage: mkprofile.py NAME OUT     (NAME one of the above, without .pb.gz)
       mkprofile.py --all DIR    (writes every one into DIR)

Also a module: encode(spec) returns the uncompressed bytes. Output is
deterministic (gzip mtime 0)."""
import gzip, os, sys


def varint(n, out):
    n &= (1 << 64) - 1
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def f_varint(field, n, out):
    varint(field << 3, out)
    varint(n, out)


def f_bytes(field, b, out):
    varint((field << 3) | 2, out)
    varint(len(b), out)
    out.extend(b)


def f_packed(field, nums, out):
    body = bytearray()
    for n in nums:
        varint(n, body)
    f_bytes(field, body, out)


def encode(spec):
    """spec: dict with
    types:   [(type, unit)]
    samples: [(stack, values, labels)]; stack: function names, leaf first;
             labels: {key: "str"} or {key: (num, "unit")}
    files:   {function name: source file name} (optional)
    mapping: binary file name (optional)
    period:  (type, unit, period) (optional)"""
    strings, index = [""], {"": 0}

    def s(x):
        if x not in index:
            index[x] = len(strings)
            strings.append(x)
        return index[x]

    out = bytearray()
    for t, u in spec["types"]:
        vt = bytearray()
        f_varint(1, s(t), vt)
        f_varint(2, s(u), vt)
        f_bytes(1, vt, out)
    funcs = {}
    for stack, _, _ in spec["samples"]:
        for name in stack:
            funcs.setdefault(name, len(funcs) + 1)
    for stack, values, labels in spec["samples"]:
        smp = bytearray()
        f_packed(1, [funcs[n] for n in stack], smp)
        f_packed(2, values, smp)
        for k, v in sorted(labels.items()):
            lb = bytearray()
            f_varint(1, s(k), lb)
            if isinstance(v, tuple):
                f_varint(3, v[0], lb)
                f_varint(4, s(v[1]), lb)
            else:
                f_varint(2, s(v), lb)
            f_bytes(3, lb, smp)
        f_bytes(2, smp, out)
    if "mapping" in spec:
        m = bytearray()
        f_varint(1, 1, m)
        f_varint(2, 0x400000, m)
        f_varint(3, 0x800000, m)
        f_varint(5, s(spec["mapping"]), m)
        f_varint(7, 1, m)  # has_functions
        f_bytes(3, m, out)
    files = spec.get("files", {})
    for name, fid in funcs.items():
        loc = bytearray()
        f_varint(1, fid, loc)
        if "mapping" in spec:
            f_varint(2, 1, loc)
            f_varint(3, 0x400000 + 16 * fid, loc)
        ln = bytearray()
        f_varint(1, fid, ln)
        f_varint(2, 10 + fid, ln)
        f_bytes(4, ln, loc)
        f_bytes(4, loc, out)
    for name, fid in funcs.items():
        fn = bytearray()
        f_varint(1, fid, fn)
        f_varint(2, s(name), fn)
        f_varint(3, s(name), fn)
        f_varint(4, s(files.get(name, "")), fn)
        f_bytes(5, fn, out)
    if "period" in spec:
        t, u, n = spec["period"]
        vt = bytearray()
        f_varint(1, s(t), vt)
        f_varint(2, s(u), vt)
        f_bytes(11, vt, out)
        f_varint(12, n, out)
    tail = bytearray()
    for x in strings:
        f_bytes(6, x.encode(), tail)
    return bytes(tail + out)


def regex_spec():
    # Leaf function names: 7 runs of 'a' followed by "cb" (40 to 46 a's)
    # and 3 of 'x' followed by a's, one sample of 1 each under "main". So
    # -focus='(a|aa)*b' keeps 7 of the 10 samples (the 'b' matches after
    # zero repetitions) and -focus='(a|aa)+$' keeps 3; a backtracking
    # matcher tries about fib(40) ways to split the a's before the 'c'.
    samples = []
    for n in range(40, 47):
        samples.append((["a" * n + "cb", "main"], [1], {}))
    for n in range(40, 43):
        samples.append((["x" + "a" * n, "main"], [1], {}))
    return {"types": [("samples", "count")], "samples": samples}


def regexbig_spec():
    # 200 leaves: i = 0..199, n = 40 + i // 2 a's; "a"*n + "cb" when
    # i % 10 < 7 (140 of them), else "x" + "a"*n (60). -focus='(a|aa)*b'
    # keeps 140 of 200, -focus='(a|aa)+$' 60.
    samples = []
    for i in range(200):
        n = 40 + i // 2
        name = "a" * n + "cb" if i % 10 < 7 else "x" + "a" * n
        samples.append(([name, "main"], [1], {}))
    return {"types": [("samples", "count")], "samples": samples}


def dotesc_spec():
    evil = 'x" URL="javascript:alert(1)" y="'
    return {
        "types": [("samples", "count"), ("space", 'by"tes')],
        "samples": [
            (['main.quote"d', "main"], [5, 100],
             {"key": evil, "bytes": (64, 'b"ytes')}),
            (["main.back\\slash", "main"], [3, 50], {"key": "back\\slash\\"}),
            (["main.new\nline", "main"], [2, 30], {"key": "new\nline"}),
            (["main.<tag>{brace}|bar", "main"], [1, 20], {"key": "<b>&amp;"}),
        ],
        "files": {
            'main.quote"d': 'src/quo"te.go',
            "main.back\\slash": "src\\win\\file.go",
            "main.new\nline": "src/new\nline.go",
            "main": "src/main.go",
        },
        "mapping": 'bin"ary',
    }


def dotnames_spec():
    # Only function names are hostile: pprof escapes those right, so its
    # -dot output is the reference byte for byte.
    return {
        "types": [("samples", "count"), ("cpu", "nanoseconds")],
        "samples": [
            (['main.quote"d', "main"], [5, 5000000], {}),
            (["main.back\\slash\\", "main"], [3, 3000000], {}),
            (["main.new\nline", "main"], [2, 2000000], {}),
            (["main.<tag>{brace}|bar", "main.quote\"d", "main"], [1, 1000000], {}),
        ],
        "files": {'main.quote"d': "src/q.go", "main": "src/main.go",
                  "main.new\nline": "src/n.go"},
        "mapping": "prog",
    }


def evilname_spec():
    return {
        "types": [("../../../escaped", "count"), ("a/b", "count"),
                  ("\x1b[31mred\x07", "nanoseconds")],
        "samples": [(["main.f", "main"], [1, 2, 3], {})],
    }


SPECS = {"regex": regex_spec, "regexbig": regexbig_spec, "dotesc": dotesc_spec, "dotnames": dotnames_spec,
         "evilname": evilname_spec}


def write(name, path):
    data = encode(SPECS[name]())
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(data)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--all":
        for name in SPECS:
            write(name, os.path.join(sys.argv[2], name + ".pb.gz"))
    elif len(sys.argv) == 3 and sys.argv[1] in SPECS:
        write(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
