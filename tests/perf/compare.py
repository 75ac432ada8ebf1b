#!/usr/bin/env python3
"""Normalizes perf's and cprof's reports of one perf.data for
tests/perf_test.sh, so that the two can be compared line for line.

  compare.py report PROG [SCRIPT] < `perf report --stdio -n --no-children
                              --sort dso,sym -g none`
  compare.py top EVENT PROG [SCRIPT] < `cprof -top -noinlines -addresses
                               -sample_index=EVENT_samples ...`
      -> "EVENT FRAME COUNT" per frame name (perf: a section per event)
  compare.py script PROG ROOTS < `perf script`
  compare.py traces PROG ROOTS < `cprof -traces -noinlines -addresses ...`
      -> "TID leaf;...;root COUNT" per distinct stack, cut at the first
         frame named in ROOTS (comma-separated); stacks without one are
         left out (the C library's startup, where a call is the last
         instruction of _start and a return address names the next
         function: cprof moves it back onto the call, perf does not).

PROG "-" compares names as they are (clone suffixes aside): for profiles
read from perf script text, which carry perf's own names. (perf script
sometimes prints a frame as "(inlined)" under the inlined function's name
only, e.g. update_active for update_active.constprop.0's address, so even
there the suffixes go.) Shared libraries' frames are "?" there too: perf
report and perf script pick different aliases of one address
(__pthread_create_2_1 and pthread_create@@GLIBC_2.34), so the name a
profile read from perf script carries need not be perf report's. With
SCRIPT (that perf script text), `top -` and `report -` know which names
are a shared library's: "?" on both sides.

A frame is "k:NAME" in the kernel (perf: a [kernel.kallsyms] or module
dso; cprof: an address in the upper half), "p:NAME" in the test program
PROG (perf: that dso; cprof: a function of PROG.c), "j:NAME" for the JIT
test's functions (perf: a [JIT] dso; cprof: jit_* names), else "?": which of a
shared library's aliases names an address (memcpy@@GLIBC_2.14 or
__new_memcpy_ifunc, __GI_x or x), and whether it is named at all, is the
symbolizer's business and depends on the library's debug files, so only
the count of such frames is compared. Clone suffixes (.isra.0,
.constprop.0, .part.0, .cold) are dropped on both sides: DWARF names the
function, the symbol table its clone.
"""
import collections
import re
import sys

# The C runtime's own functions in PROG: where an address between sized
# symbols (a PLT stub, padding) falls, cprof names the closest sizeless
# symbol before it, as eu-addr2line does, and perf names nothing; their
# samples are counted with the unnamed ones on both sides. (Under PROG
# "-" too: ld.so has a _start of its own.)
CRT = {'_init', '_fini', '_start', '__do_global_dtors_aux', 'frame_dummy',
       'deregister_tm_clones', 'register_tm_clones'}

SHARED = re.compile(r'\.so(\.[\d.]+)?$')

CLONE = re.compile(r'\.(constprop|isra|part|cold|lto_priv)(\.\d+)?')


def clean(n):
    n = n.strip()
    prev = None
    while prev != n:
        prev, n = n, CLONE.sub('', n)
    return n


# glibc's internal aliases of one address (__GI_munmap, munmap@@GLIBC_2.2.5,
# munmap): perf report and perf script do not always pick the same one.
def alias(n):
    return re.sub(r'@.*$', '', re.sub(r'^__GI_', '', n))


def perf_frame(sym, dso, prog, libs_unnamed=False):
    """A frame of perf's, from its symbol and dso; LIBS_UNNAMED: shared
    libraries' frames are "?" under PROG "-" (perf report against a
    profile read from perf script)."""
    base = dso.rsplit('/', 1)[-1]
    sym = re.sub(r'\+0x[0-9a-f]+$', '', sym.strip())
    if sym == '[unknown]' or re.fullmatch(r'0x[0-9a-f]+', sym):
        return '?'
    if prog == '-':
        n = alias(clean(sym))
        if n in CRT or n in LIBNAMES or (libs_unnamed and SHARED.search(base)):
            return '?'
        return n
    if dso.startswith('[JIT]') or re.fullmatch(r'/tmp/perf-\d+\.map', dso):
        return 'j:' + sym
    if (dso.startswith('[') and dso not in ('[unknown]', '[vdso]', '[vsyscall]')) \
            or dso.endswith('.ko'):
        return 'k:' + clean(sym)
    if base == prog:
        return '?' if clean(sym) in CRT else 'p:' + clean(sym)
    return '?'


# Names perf script printed in a shared library's frames (SCRIPT).
LIBNAMES = set()


def lib_names(path):
    """The names of shared-library frames in perf script text. A frame
    printed "(inlined)" is in the dso of the next frame when that has its
    address; perf also prints lone ones (__GI_atoi+0x4 (inlined) over
    main), whose dso nobody can tell: those count as a library's."""
    pending = None  # the inlined frames above: [address, names]
    with open(path, errors='replace') as f:
        for line in f:
            m = re.match(r'(?:.*\s)?([0-9a-f]+) (.+?) \(([^()]*)\)$', line.rstrip('\n'))
            if not m:
                if pending:
                    LIBNAMES.update(pending[1])
                pending = None
                continue
            addr, dso = m.group(1), m.group(3)
            sym = alias(clean(re.sub(r'\+0x[0-9a-f]+$', '', m.group(2).strip())))
            if pending and pending[0] != addr:
                LIBNAMES.update(pending[1])
                pending = None
            if dso == 'inlined':
                pending = pending or [addr, []]
                pending[1].append(sym)
                continue
            if SHARED.search(dso.rsplit('/', 1)[-1]):
                LIBNAMES.update((pending or [0, []])[1] + [sym])
            pending = None
    if pending:
        LIBNAMES.update(pending[1])


def cprof_frame(text, prog):
    """A frame of cprof's -addresses output: ADDR NAME [FILE:LINE]."""
    if prog == '-':  # a profile read from perf script: perf's names
        text = text.strip()
        if text == '<unknown>' or re.fullmatch(r'\[.*\]', text):
            return '?'
        n = alias(clean(text))
        return '?' if n in LIBNAMES or n in CRT else n
    f = text.split()
    if len(f) < 2 or not re.fullmatch(r'[0-9a-f]{16}', f[0]):
        return '?'
    if int(f[0], 16) >= 1 << 63:
        return 'k:' + clean(f[1])
    if len(f) >= 3 and re.search(r'(^|/)' + re.escape(prog) + r'\.c:\d+$', f[2]):
        return '?' if clean(f[1]) in CRT else 'p:' + clean(f[1])
    if f[1].startswith('jit_'):  # tests/perf/jit.c's perf-PID.map names
        return 'j:' + f[1]
    return '?'


def out(counter):
    for k in sorted(counter):
        if counter[k]:
            print(k, counter[k])


def report(prog):
    acc, event = collections.Counter(), None
    for line in sys.stdin:
        m = re.match(r"# Samples: .* of event '([^']*)'", line)
        if m:
            event = m.group(1)
            continue
        if line.startswith('#') or not line.strip():
            continue
        m = re.match(r'\s*[\d.]+%\s+(\d+)\s+(.+?)\s+\[.\]\s+(.*)$', line.rstrip('\n'))
        if m:
            acc[event + ' ' + perf_frame(m.group(3), m.group(2), prog, True)] += int(m.group(1))
    out(acc)


def top(event, prog):
    acc = collections.Counter()
    rows = False
    for line in sys.stdin:
        if line.lstrip().startswith('flat'):
            rows = True
            continue
        f = line.split(None, 5)
        if rows and len(f) == 6 and f[0].isdigit():
            acc[event + ' ' + cprof_frame(f[5], prog)] += int(f[0])
    out(acc)


def cut(frames, roots):
    for i, f in enumerate(frames):
        if f in roots:
            return frames[:i + 1]
    return None


def script(prog, roots):
    acc = collections.Counter()
    tid, frames = None, []

    def flush():
        if tid is not None:
            # an "(inlined)" frame followed by one of the same address is
            # an inline expansion of it (cprof runs with -noinlines);
            # perf also marks some frames of their own address so
            kept = [f for k, (a, inl, f) in enumerate(frames)
                    if not (inl and k + 1 < len(frames) and frames[k + 1][0] == a)]
            c = cut(kept, roots)
            if c:
                acc[tid + ' ' + ';'.join(c)] += 1

    for line in sys.stdin:
        line = line.rstrip('\n')
        if not line.strip():
            continue
        if not line[0].isspace():
            flush()
            m = re.match(r'\S.*?\s+(\d+)\s', line)
            tid, frames = (m.group(1) if m else '?'), []
            continue
        m = re.match(r'\s*([0-9a-f]+) (.*) \(([^()]*)\)$', line)
        if m:
            frames.append((m.group(1), m.group(3) == 'inlined',
                           perf_frame(m.group(2), m.group(3), prog)))
        else:
            f = line.strip().split(' ', 1)
            frames.append((f[0], False,
                           perf_frame(f[-1], '', prog) if prog == '-' else '?'))
    flush()
    out(acc)


def traces(prog, roots):
    acc = collections.Counter()
    tid, value, frames = '?', 0, []

    def flush():
        c = cut(frames, roots)
        if c:
            acc[tid + ' ' + ';'.join(c)] += value

    started = False
    for line in sys.stdin:
        line = line.rstrip('\n')
        if line.startswith('-----------+'):
            if started:
                flush()
            started, tid, value, frames = True, '?', 0, []
            continue
        if not started:
            continue
        m = re.match(r'\s*(\w+):  (.*)$', line)
        if m and not frames:
            if m.group(1) == 'tid':
                tid = m.group(2).strip()
            continue
        m = re.match(r'^(.{10})   (.*)$', line)
        if m:
            if m.group(1).strip():
                value = int(m.group(1).strip())
            frames.append(cprof_frame(m.group(2), prog))
    out(acc)


if __name__ == '__main__':
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == 'report':
        if len(args) > 1:
            lib_names(args[1])
        report(args[0])
    elif mode == 'top':
        if len(args) > 2:
            lib_names(args[2])
        top(args[0], args[1])
    elif mode in ('script', 'traces'):
        pre = '' if args[0] == '-' else 'p:'
        roots = set(pre + r for r in args[1].split(','))
        (script if mode == 'script' else traces)(args[0], roots)
