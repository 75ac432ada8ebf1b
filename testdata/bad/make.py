#!/usr/bin/env python3
"""Writes the bad-input corpus for tests/bad_input.sh, reproducibly.

NAME.*      must be rejected: exit 1, one "cprof: ..." line naming the file.
NAME.ok.*   odd but valid: go tool pprof accepts them and so must cprof.
NAME.args   extra arguments for the file NAME (one per line).
expected/NAME.err   for some rejected files, the error go tool pprof
            prints after "NAME: ", which cprof must print after "FILE: "
            (rewritten by --expected).
expected/NAME.ok.*.{raw,top}.gz   go tool pprof's -raw and -top output
            for the valid ones, rewritten by --expected (needs Go 1.23.5).
The directory, FIFO and missing-file cases are made by the test itself.
Profiles are encoded by hand (a few lines of protobuf wire format) so no
protobuf package is needed.
Run: python3 testdata/bad/make.py [--expected]"""
import gzip
import os
import random
import struct
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    n &= (1 << 64) - 1  # negative int64 as two's complement, 10 bytes
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def vint(field, n):
    return key(field, 0) + varint(n)


def ld(field, data):
    if isinstance(data, str):
        data = data.encode()
    return key(field, 2) + varint(len(data)) + data


def packed(field, nums):
    return ld(field, b''.join(varint(n) for n in nums))


class Profile:
    """profile.proto message builder; strings are added to the table."""

    def __init__(self):
        self.strings = ['']
        self.parts = []

    def s(self, text):
        if text not in self.strings:
            self.strings.append(text)
        return self.strings.index(text)

    def sample_type(self, typ, unit):
        self.parts.append(ld(1, vint(1, self.s(typ)) + vint(2, self.s(unit))))

    def sample(self, locs, values):
        self.parts.append(ld(2, packed(1, locs) + packed(2, values)))

    def mapping(self, mid, filename='/bin/prog'):
        self.parts.append(ld(3, vint(1, mid) + vint(2, 0x1000) +
                             vint(3, 0x100000) + vint(5, self.s(filename))))

    def location(self, lid, funcs, mapping=0, address=0):
        body = vint(1, lid)
        if mapping:
            body += vint(2, mapping)
        if address:
            body += vint(3, address)
        for f in funcs:
            body += ld(4, vint(1, f) + vint(2, 10))
        self.parts.append(ld(4, body))

    def function(self, fid, name, name_idx=None):
        idx = self.s(name) if name_idx is None else name_idx
        self.parts.append(ld(5, vint(1, fid) + vint(2, idx) + vint(3, idx) +
                             vint(4, self.s('prog.c'))))

    def raw(self, data):
        self.parts.append(data)

    def encode(self, strings=None):
        table = self.strings if strings is None else strings
        return b''.join(self.parts) + b''.join(ld(6, t) for t in table)


def cpu_profile():
    p = Profile()
    p.sample_type('samples', 'count')
    p.sample_type('cpu', 'nanoseconds')
    return p


def write(name, data, args=None):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data)
    if args:
        with open(os.path.join(here, name + '.args'), 'w') as f:
            f.write('\n'.join(args) + '\n')


def gz(data):
    return gzip.compress(data, mtime=0)


def main():
    rnd = random.Random(9)

    # --- containers ---
    write('empty', b'')
    good = cpu_profile()
    good.function(1, 'main')
    good.location(1, [1])
    good.sample([1], [1, 10000000])
    goodgz = gz(good.encode())
    write('truncated.pb.gz', goodgz[:len(goodgz) // 2])
    write('gzip-header-only.gz', goodgz[:10])
    write('gzip-of-garbage.gz', gz(bytes(rnd.randrange(256) for _ in range(4096))))
    corrupt = bytearray(goodgz)
    corrupt[12] ^= 0xff
    write('gzip-corrupt.gz', bytes(corrupt))
    # 64 MiB of zeros in 64 KiB: refused under a 16 MiB limit.
    write('gzip-bomb.gz', gz(bytes(64 << 20)),
          ['-max_decompressed=16777216'])
    write('garbage.bin', bytes(rnd.randrange(256) for _ in range(4096)))
    write('garbage.txt', b'this is not a profile\nat all\n')

    # --- wire format ---
    write('varint-overflow.pb', key(9, 0) + b'\xff' * 11 + b'\x01')
    write('length-past-end.pb', key(6, 2) + varint(100) + b'abc')
    write('length-huge.pb', key(2, 2) + varint((1 << 63) - 1) + b'x')
    write('wrong-wire-type.pb', vint(6, 5))
    trunc_packed = cpu_profile()
    trunc_packed.raw(ld(2, key(1, 2) + varint(3) + b'\x81\x82\x83'))
    write('packed-truncated.pb', trunc_packed.encode())

    # --- references ---
    p = cpu_profile()
    p.function(1, 'main')
    p.location(1, [1])
    p.sample([99], [1, 1])
    write('location-id-missing.pb', p.encode())
    p = cpu_profile()
    p.location(1, [42])
    p.sample([1], [1, 1])
    write('function-id-missing.pb', p.encode())
    p = cpu_profile()
    p.function(1, 'main')
    p.location(0, [1])
    write('location-id-zero.pb', p.encode())
    p = cpu_profile()
    p.function(0, 'main')
    write('function-id-zero.pb', p.encode())
    p = cpu_profile()
    p.mapping(0)
    write('mapping-id-zero.pb', p.encode())
    p = cpu_profile()
    p.function(1, 'a')
    p.function(1, 'b')
    write('duplicate-function-id.pb', p.encode())
    p = cpu_profile()
    p.function(1, 'a')
    p.location(7, [1])
    p.location(7, [1])
    p.sample([7], [1, 1])
    write('duplicate-location-id.pb', p.encode())
    p = cpu_profile()
    p.mapping(3)
    p.mapping(3, '/lib/other.so')
    write('duplicate-mapping-id.pb', p.encode())
    p = cpu_profile()
    p.function(1, None, name_idx=1000)
    write('string-index-past-table.pb', p.encode())
    p = cpu_profile()
    p.function(1, None, name_idx=-1)
    write('string-index-negative.pb', p.encode())
    p = cpu_profile()
    write('string-table-first-nonempty.pb', p.encode(['x', 'samples', 'count',
                                                      'cpu', 'nanoseconds']))
    p = cpu_profile()
    p.sample([], [1, 2, 3])
    write('sample-value-count.pb', p.encode())
    p = Profile()
    p.sample([], [1])
    write('sample-without-types.pb', p.encode())

    # --- valid, if unusual: pprof reports them ---
    deep = cpu_profile()
    for i in range(1, 10001):
        deep.function(i, 'f%05d' % i)
        deep.location(i, [i])
    deep.sample(list(range(1, 10001)), [1, 10000000])
    deep.sample(list(range(5001, 10001)), [2, 20000000])
    write('deep-10000-frames.ok.pb.gz', gz(deep.encode()))
    rec = cpu_profile()
    rec.function(1, 'ping')
    rec.function(2, 'pong')
    rec.location(1, [1])
    rec.location(2, [2])
    rec.sample([1, 2] * 5000, [3, 30000000])
    write('recursion-10000-frames.ok.pb.gz', gz(rec.encode()))
    big = cpu_profile()
    big.function(1, 'x' * (1 << 20))
    big.function(2, 'main')
    big.location(1, [1])
    big.location(2, [2])
    big.sample([1, 2], [1, 10000000])
    write('name-1mb.ok.pb.gz', gz(big.encode()))
    bad = cpu_profile()
    bad.function(1, '\xff\xfe\x80bad')
    bad.function(2, 'caf\xe9')  # Latin-1, not UTF-8
    bad.location(1, [1])
    bad.location(2, [2])
    bad.sample([1, 2], [1, 10000000])
    write('non-utf8-names.ok.pb', _latin1_strings(bad))
    neg = cpu_profile()
    neg.function(1, 'a')
    neg.function(2, 'b')
    neg.location(1, [1])
    neg.location(2, [2])
    neg.sample([1], [-5, -50000000])
    neg.sample([2], [(1 << 63) - 1, (1 << 63) - 1])
    neg.sample([2], [(1 << 63) - 1, (1 << 63) - 1])
    neg.sample([1, 2], [-(1 << 63), -(1 << 63)])
    write('absurd-counts.ok.pb', neg.encode())
    nomap = cpu_profile()
    nomap.function(1, 'main')
    nomap.location(1, [1], mapping=5, address=0x1234)
    nomap.sample([1], [1, 1])
    write('mapping-id-missing.ok.pb', nomap.encode())
    pprof_decisions(goodgz, good)
    other_formats()


# Rejected files whose error text is pprof's (expected/NAME.err).
PPROF_ERRORS = [
    'gzip-trailing-garbage.pb.gz', 'gzip-trailing-zeros.pb.gz',
    'gzip-trailing-short.pb.gz', 'first-byte-damaged.pb',
    'text-leading-newline.txt', 'duplicate-function-id.pb',
    'function-id-missing.pb', 'location-id-missing.pb',
    'sample-without-types.pb', 'sample-value-count.pb',
]


def pprof_decisions(goodgz, good):
    """Inputs pprof 1.23.5 accepts or rejects where cprof once differed."""
    # Go's gzip reader wants another member after one: 10 header bytes
    # ("unexpected EOF" when fewer) with the magic ("invalid header").
    write('gzip-trailing-garbage.pb.gz', goodgz + b'trailing garbage here')
    write('gzip-trailing-zeros.pb.gz', goodgz + bytes(16))
    write('gzip-trailing-short.pb.gz', goodgz + b'\x1f\x8b\x08')
    write('gzip-two-members.ok.pb.gz', goodgz + gz(b''))
    # field number 0 is skipped like any unknown field, in every message
    p = cpu_profile()
    p.raw(ld(3, vint(1, 1) + vint(0, 9) + vint(2, 0x1000) +
             vint(3, 0x2000) + vint(5, p.s('/bin/prog'))))
    p.raw(ld(5, vint(1, 1) + vint(0, 9) + vint(2, p.s('main'))))
    p.raw(ld(4, vint(1, 1) + vint(0, 5) + vint(2, 1) +
             ld(4, vint(0, 3) + vint(1, 1) + vint(2, 7))))
    p.raw(ld(2, vint(0, 1) + packed(1, [1]) + packed(2, [1, 10000000]) +
             ld(3, vint(0, 4) + vint(1, p.s('k')) + vint(2, p.s('v')))))
    p.raw(vint(0, 1))
    write('field-zero.ok.pb', p.encode())
    # A damaged first byte ('Z': field 11, length-delimited) still decodes
    # as profile.proto, to a profile pprof's checks refuse: its error, not
    # "unrecognized profile format".
    enc = good.encode()
    write('first-byte-damaged.pb', b'Z' + enc[1:])
    # text starting with a newline (0x0a) is no protobuf
    write('text-leading-newline.txt', b'\nthis is not a profile\n')
    # 60,000 short strings before the used ones: cprof indexes such a
    # table sparsely (see proto_decode.c)
    p = Profile()
    p.strings += ['s%d' % i for i in range(60000)]
    p.sample_type('samples', 'count')
    p.sample_type('cpu', 'nanoseconds')
    for i in range(1, 41):
        p.function(i, 'func%02d' % i)
        p.location(i, [i])
    for i in range(1, 40):
        p.raw(ld(2, packed(1, [i, i + 1, 40]) + packed(2, [i, i * 1000000]) +
                 ld(3, vint(1, p.s('thread')) + vint(2, p.s('t%d' % (i % 3))))))
    write('many-strings.ok.pb.gz', gz(p.encode()))
    # a million comments: more than cprof keeps (pprof prints them all)
    p = cpu_profile()
    p.function(1, 'main')
    p.location(1, [1])
    p.sample([1], [1, 10000000])
    p.raw(ld(13, b'\x00' * 1000001))
    write('comments-too-many.pb.gz', gz(p.encode()))


def other_formats():
    """Formats pprof does not read (cprof's own readers)."""
    # folded stacks: recognised by the first line, then malformed
    write('folded-bad-line.folded',
          b'main;compute;leaf 42\nmain;compute 3\nthis line has no count\n')
    write('folded-count-overflow.folded',
          b'main;compute;leaf 42\nmain 99999999999999999999\n')
    perf_data()


def perf_attr(sample_type, read_format=0, size=128):
    """A perf_event_attr: cpu-clock, period 10000, sample_id_all."""
    a = struct.pack('<IIQQQQQ', 1, size, 0, 10000, sample_type, read_format,
                    1 << 18)
    return a + bytes(size - len(a))


def perf_record(rtype, body, misc=2, size=None):
    if size is None:
        size = 8 + len(body)
    return struct.pack('<IHH', rtype, misc, size) + body


def perf_file(attr, records, attr_size=None, data_size=None, magic=b'PERFILE2'):
    """File mode: header, one attribute (no ids), the records, no
    feature sections."""
    attr_size = len(attr) + 16 if attr_size is None else attr_size
    attrs_off = 104
    data_off = attrs_off + len(attr) + 16
    data = b''.join(records)
    if data_size is None:
        data_size = len(data)
    hdr = magic + struct.pack('<QQQQQQQQ', 104, attr_size,
                              attrs_off, len(attr) + 16,
                              data_off, data_size, 0, 0) + bytes(32)
    return hdr + attr + struct.pack('<QQ', 0, 0) + data


def perf_data():
    """perf.data files that lie (see lib/decode/perf_data.c)."""
    IP, TID, TIME, READ, CALLCHAIN, PERIOD = 1, 2, 4, 16, 32, 256
    st = IP | TID | TIME | CALLCHAIN | PERIOD
    attr = perf_attr(st)

    def sample(chain, nr=None):
        nr = len(chain) if nr is None else nr
        return perf_record(9, struct.pack('<QIIQQQ', 0x401000, 7, 7, 1000,
                                          10000, nr) +
                           b''.join(struct.pack('<Q', a) for a in chain))

    good = sample([0x401000, 0x402000])
    write('perf-header-truncated.data', perf_file(attr, [good])[:60])
    write('perf-big-endian.data', perf_file(attr, [good], magic=b'2ELIFREP'))
    write('perf-data-past-end.data', perf_file(attr, [good], data_size=1 << 40))
    write('perf-attr-size-small.data', perf_file(attr, [good], attr_size=24))
    write('perf-record-size-lies.data',
          perf_file(attr, [good, perf_record(9, bytes(16), size=4000)]))
    write('perf-record-size-zero.data',
          perf_file(attr, [good, perf_record(9, bytes(16), size=0)]))
    write('perf-unknown-record-type.data',
          perf_file(attr, [good, perf_record(200, bytes(16))]))
    write('perf-callchain-absurd.data',
          perf_file(attr, [sample([0x401000], nr=1 << 60)]))
    write('perf-sample-truncated.data',
          perf_file(attr, [perf_record(9, struct.pack('<QI', 0x401000, 7))]))
    group = perf_attr(st | READ, read_format=8)
    write('perf-read-group-absurd.data',
          perf_file(group, [perf_record(9, struct.pack(
              '<QIIQQQ', 0x401000, 7, 7, 1000, 10000, 1 << 62) + bytes(16))]))
    write('perf-compressed.data',
          perf_file(attr, [good, perf_record(81, bytes(24))]))
    # perf script text: a sample, then a line that is no sample header
    write('perf-script-bad-line.txt',
          b'prog 123 [000] 1.500000: 250000 cpu-clock: \n'
          b'\t  401000 main+0x10 (/bin/prog)\n\nthis is not perf script\n')
    pipe_attr = perf_record(64, attr + struct.pack('<Q', 1))
    write('perf-pipe-truncated.data',
          b'PERFILE2' + struct.pack('<Q', 16) + pipe_attr + good[:20])
    write('perf-pipe-sample-first.data',
          b'PERFILE2' + struct.pack('<Q', 16) + good + pipe_attr)
    write('perf-pipe-tracing-data-lies.data',
          b'PERFILE2' + struct.pack('<Q', 16) + pipe_attr +
          perf_record(66, struct.pack('<II', 1 << 31, 0)) + good)


def _latin1_strings(p):
    """The profile with its strings as raw bytes (code points < 256)."""
    table = [t.encode('latin-1') for t in p.strings]
    return b''.join(p.parts) + b''.join(ld(6, t) for t in table)


# The reference pprof: Go 1.23.5's (CPROF_GO names another go).
GO = os.environ.get('CPROF_GO') or (
    '/usr/lib/go-1.23/bin/go' if os.path.exists('/usr/lib/go-1.23/bin/go')
    else 'go')


def expected():
    """Records the reference output of every valid file, and the error of
    the PPROF_ERRORS files."""
    os.makedirs(os.path.join(here, 'expected'), exist_ok=True)
    env = dict(os.environ, TZ='UTC', PPROF_BINARY_PATH='/nonexistent')
    for name in PPROF_ERRORS:
        err = subprocess.run([GO, 'tool', 'pprof', '-top', name],
                             cwd=here, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE).stderr.decode()
        line = err.splitlines()[0]
        assert line.startswith(name + ': '), line
        with open(os.path.join(here, 'expected', name + '.err'), 'w') as f:
            f.write(line[len(name) + 2:] + '\n')
    for name in sorted(os.listdir(here)):
        if '.ok.' not in name or name.endswith('.args'):
            continue
        for fmt in ('raw', 'top'):
            out = subprocess.run([GO, 'tool', 'pprof', '-' + fmt, name],
                                 cwd=here, env=env, check=True,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL).stdout
            with open(os.path.join(here, 'expected', name + '.' + fmt + '.gz'),
                      'wb') as f:
                f.write(gz(out))


if __name__ == '__main__':
    main()
    if '--expected' in sys.argv:
        expected()
