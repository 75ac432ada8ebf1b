#!/usr/bin/env python3
"""Differential test: runs cprof and `go tool pprof` over a broad matrix of
profiles, report formats and options, and reports every case where the two
differ in standard output or in exit status (zero against non-zero).

Needs the reference pprof, Go 1.23.5's `go tool pprof` (the go named by
--go, else $CPROF_GO, else /usr/lib/go-1.23/bin/go when present, else the
go on PATH), so it is not part of `meson test`; the fixed differences become conformance cases instead. Runs from
testdata/conformance with the environment of its `run` script (TZ=UTC,
PPROF_TMPDIR, PPROF_BINARY_PATH=/nonexistent).

usage: tests/differential.py [-j N] [-k REGEX] [--show N] [--list]
                             [--out DIR] [--go GO] [CPROF]
  CPROF       the binary to test (default build/cmd/cprof)
  --go GO     the go command whose pprof is the reference
  -j N        parallel jobs (default: number of CPUs)
  -k REGEX    only the cases whose arguments match REGEX
  --show N    print a diff of the first N mismatches (default 20)
  --list      print the cases and exit
  --combos    only the random option combinations
  --cases F   the cases in file F instead, one argument list a line
              (words split on blanks)
  --out DIR   keep both outputs of every mismatch in DIR
Exits 0 when everything matches, 1 when some case differs.

cprof deliberately names frames pprof leaves as [cprog] or [libc.so.6] in
C binaries; the matrix runs C profiles with -symbolize=none, where both
tools print addresses, so that difference does not show up.
"""
import argparse
import concurrent.futures
import difflib
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..'))
CONF = os.path.join(ROOT, 'testdata', 'conformance')

GO1 = ['profiles/go1/%s.pb.gz' % n for n in
       ('cpu', 'heap', 'allocs', 'mutex', 'block', 'goroutine',
        'threadcreate')]
GEN = ['profiles/gen/synth.pb.gz', 'profiles/gen/labels.cpu.pb.gz',
       'profiles/gen/labels.allocs.pb.gz',
       # pprof 1.23: Line.column, name shortening, demangling
       'profiles/gen/columns.pb.gz', 'profiles/gen/names.pb.gz',
       'profiles/gen/mangled.pb.gz']
NOSYM = ['-symbolize=none']
LEGACY = [NOSYM + ['profiles/pprof/' + n] for n in
          ('cppbench.contention', 'cppbench.cpu', 'cppbench.growth',
           'cppbench.heap', 'cppbench.small.contention', 'cppbench.thread',
           'go.crc32.cpu', 'gobench.cpu', 'gobench.heap', 'java.cpu',
           'java.heap', 'large.cpu')]
C1 = [NOSYM + ['profiles/c1/cprog', 'profiles/c1/cpu.prof'],
      NOSYM + ['profiles/c1/cprog', 'profiles/c1/heap.0001.heap']]
HEAPTXT = [['profiles/go1/goprog', 'profiles/go1/heap.txt']]

ALL = [[p] for p in GO1 + GEN] + LEGACY + C1 + HEAPTXT
# the profiles every option is tried on
MAIN = [['profiles/go1/cpu.pb.gz'], ['profiles/go1/heap.pb.gz'],
        ['profiles/go1/mutex.pb.gz'],
        ['profiles/gen/synth.pb.gz'], ['profiles/gen/labels.cpu.pb.gz'],
        ['profiles/gen/labels.allocs.pb.gz'],
        NOSYM + ['profiles/pprof/cppbench.cpu'],
        NOSYM + ['profiles/pprof/java.heap'],
        C1[0], HEAPTXT[0], ['profiles/gen/columns.pb.gz']]

SRC = '-source_path=profiles/go1/src'
FORMATS = ['-top', '-text', '-traces', '-tree', '-raw', '-dot', '-callgrind',
           '-tags', '-peek=main|sort|Method1', '-peek=.', '-comments',
           '-topproto', '-list=main\\.', '-list=Method2|allocSmall']

REGEXES = ['main', 'runtime', 'nomatch_zzz', '.', 'sort|flate', 'Method1$',
           '^0x', 'fib', 'deep', '(']
FILTERS = ['-focus', '-ignore', '-hide', '-show', '-show_from', '-prune_from']

OPTIONS = [
    [], ['-cum'], ['-flat'], ['-nodecount=0'], ['-nodecount=1'],
    ['-nodecount=3'], ['-nodecount=1000'], ['-nodefraction=0'],
    ['-nodefraction=0.1'], ['-nodefraction=1'], ['-edgefraction=0'],
    ['-edgefraction=0.2'], ['-nodefraction=0', '-edgefraction=0'],
    ['-functions'], ['-filefunctions'], ['-files'], ['-lines'],
    ['-addresses'], ['-noinlines'], ['-lines', '-noinlines'],
    ['-addresses', '-noinlines'], ['-files', '-cum'],
    ['-showcolumns'], ['-lines', '-showcolumns'],
    ['-addresses', '-noinlines', '-showcolumns'],
    ['-sample_index=0'], ['-sample_index=1'], ['-sample_index=2'],
    ['-sample_index=3'], ['-sample_index=9'], ['-sample_index=-1'],
    ['-sample_index=nosuch'], ['-sample_index=samples'],
    ['-sample_index=cpu'], ['-sample_index=delay'],
    ['-sample_index=inuse_space'], ['-sample_index=alloc_objects'],
    ['-inuse_space'], ['-inuse_objects'], ['-alloc_space'],
    ['-alloc_objects'], ['-total_delay'], ['-contentions'],
    ['-mean_delay'], ['-mean'], ['-mean', '-sample_index=1'],
    ['-unit=auto'], ['-unit=minimum'], ['-unit=kb'], ['-unit=ms'],
    ['-unit=s'], ['-unit=mb'], ['-unit=gb'], ['-unit=ns'], ['-unit=us'],
    ['-unit=b'], ['-unit=bytes'], ['-unit=hours'], ['-unit=furlongs'],
    ['-unit=count'], ['-unit=tb'], ['-unit=m'], ['-divide_by=3'],
    ['-divide_by=0.5'], ['-divide_by=-2'], ['-divide_by=0'],
    ['-divide_by=1e9', '-unit=minimum'],
    ['-relative_percentages', '-focus=main'],
    ['-relative_percentages', '-focus=Method1'],
    ['-relative_percentages'], ['-compact_labels'], ['-call_tree'],
    ['-call_tree', '-nodecount=5'], ['-trim=false'],
    ['-trim=false', '-nodecount=2'], ['-add_comment=hello world'],
    ['-tagfocus=worker=alpha'], ['-tagfocus=worker=hash'],
    ['-tagfocus=alpha'], ['-tagfocus=hash,fib'], ['-tagfocus=1kb:'],
    ['-tagfocus=:1kb'], ['-tagfocus=bytes=64:4096'], ['-tagfocus=2kb'],
    ['-tagfocus=bytes=2kb'], ['-tagfocus=handler=/api/v1/item/1'],
    ['-tagfocus=handler=item/1$'], ['-tagfocus=nomatch'],
    ['-tagfocus=1:2:3'], ['-tagfocus=worker=('],
    ['-tagignore=worker=beta'], ['-tagignore=1kb:'],
    ['-tagignore=phase=two'], ['-tagignore=bytes=16'],
    ['-tagfocus=worker=alpha,beta', '-tagignore=phase=two'],
    ['-tagshow=work'], ['-tagshow=bytes'], ['-tagshow=nomatch'],
    ['-taghide=phase'], ['-taghide=bytes'], ['-tagshow=w', '-taghide=ph'],
    ['-tagroot=worker'], ['-tagleaf=worker'], ['-tagroot=phase,worker'],
    ['-tagroot=bytes'], ['-tagleaf=handler'], ['-tagroot=nolabel'],
    ['-tagroot=worker', '-tagleaf=phase'], ['-tagleaf=bytes,handler'],
    ['-focus=main', '-hide=runtime', '-cum'],
    ['-focus=main', '-ignore=sort'],
    ['-show_from=main', '-hide=deep'],
    ['-focus=nomatch_zzz', '-relative_percentages'],
    ['-lines', '-focus=main', '-nodecount=4'],
    ['-addresses', '-show=main'],
    ['-files', '-hide=runtime'],
    ['-noinlines', '-prune_from=runtime'],
    ['-cum', '-nodecount=2', '-unit=s'],
]
for f in FILTERS:
    for r in REGEXES:
        OPTIONS.append(['%s=%s' % (f, r)])

# formats every option runs with, two on each half of MAIN
OPTION_FORMATS = ['-top', '-dot', '-traces', '-tree']
# a lighter pass: the formats below with a subset of the options
LIGHT_FORMATS = ['-raw', '-callgrind', '-tags', '-peek=main|Method2',
                 '-list=main\\.', '-topproto']
LIGHT_OPTIONS = [o for o in OPTIONS
                 if not o or o[0].split('=')[0] in (
                     '-cum', '-nodecount', '-lines', '-addresses',
                     '-noinlines', '-files', '-sample_index', '-mean',
                     '-unit', '-divide_by', '-focus', '-hide', '-tagfocus',
                     '-tagignore', '-tagshow', '-tagroot', '-tagleaf',
                     '-call_tree', '-trim', '-show_from')]

COMBOS = 800
COMBO_CASES = []

# every legacy profile with the options that matter most to them
LEGACY_OPTIONS = [
    ['-cum'], ['-addresses'], ['-sample_index=0'], ['-sample_index=1'],
    ['-sample_index=2'], ['-sample_index=3'], ['-mean'], ['-unit=minimum'],
    ['-unit=ms'], ['-unit=mb'], ['-nodecount=2'], ['-focus=0x'],
    ['-hide=^0x4'], ['-show_from=Method'], ['-tagfocus=bytes=1kb:'],
    ['-inuse_objects'], ['-alloc_space'], ['-contentions'], ['-total_delay'],
    ['-mean_delay'], ['-divide_by=7'],
]

PAIRS = [  # (base, source)
    ('profiles/go1/heap.pb.gz', 'profiles/go1/allocs.pb.gz'),
    ('profiles/go1/allocs.pb.gz', 'profiles/go1/heap.pb.gz'),
    ('profiles/go1/cpu.pb.gz', 'profiles/gen/labels.cpu.pb.gz'),
    ('profiles/gen/labels.cpu.pb.gz', 'profiles/go1/cpu.pb.gz'),
    ('profiles/go1/cpu.pb.gz', 'profiles/go1/cpu.pb.gz'),
    ('profiles/go1/heap.pb.gz', 'profiles/go1/cpu.pb.gz'),
    ('profiles/gen/labels.allocs.pb.gz', 'profiles/go1/allocs.pb.gz'),
    ('profiles/go1/mutex.pb.gz', 'profiles/go1/block.pb.gz'),
    ('profiles/go1/heap.pb.gz', 'profiles/gen/labels.allocs.pb.gz'),
    ('profiles/gen/synth.pb.gz', 'profiles/go1/cpu.pb.gz'),
    ('profiles/pprof/cppbench.cpu', 'profiles/pprof/gobench.cpu'),
    ('profiles/pprof/cppbench.heap', 'profiles/pprof/cppbench.growth'),
    ('profiles/pprof/cppbench.contention',
     'profiles/pprof/cppbench.small.contention'),
    ('profiles/nonexistent', 'profiles/go1/cpu.pb.gz'),
]
DIFF_MODES = [['-base'], ['-diff_base'], ['-diff_base', '-normalize'],
              ['-base', '-normalize'], ['-diff_base', '-drop_negative'],
              ['-base', '-drop_negative'],
              ['-diff_base', '-normalize', '-drop_negative']]
DIFF_FORMATS = ['-top', '-traces', '-raw', '-dot', '-tree', '-callgrind',
                '-tags']

MERGES = [
    ['profiles/go1/cpu.pb.gz', 'profiles/go1/cpu.pb.gz'],
    # sample types in part shared (pprof 1.23 merges on those)
    ['profiles/gen/types_a.pb.gz', 'profiles/gen/types_b.pb.gz'],
    ['profiles/gen/types_b.pb.gz', 'profiles/gen/types_a.pb.gz',
     'profiles/gen/types_c.pb.gz'],
    ['profiles/go1/heap.pb.gz', 'profiles/go1/allocs.pb.gz'],
    ['profiles/go1/cpu.pb.gz', 'profiles/gen/labels.cpu.pb.gz'],
    ['profiles/go1/allocs.pb.gz', 'profiles/gen/labels.allocs.pb.gz'],
    ['profiles/go1/cpu.pb.gz', 'profiles/go1/heap.pb.gz'],
    ['profiles/go1/mutex.pb.gz', 'profiles/go1/block.pb.gz'],
    ['profiles/go1/goroutine.pb.gz', 'profiles/go1/threadcreate.pb.gz'],
    ['profiles/gen/synth.pb.gz', 'profiles/go1/cpu.pb.gz'],
    ['-symbolize=none', 'profiles/pprof/cppbench.cpu',
     'profiles/pprof/cppbench.cpu'],
    ['-symbolize=none', 'profiles/pprof/cppbench.cpu',
     'profiles/pprof/gobench.cpu'],
    ['-symbolize=none', 'profiles/pprof/cppbench.heap',
     'profiles/pprof/cppbench.growth'],
    ['-symbolize=none', 'profiles/pprof/cppbench.cpu',
     'profiles/go1/cpu.pb.gz'],
    ['profiles/go1/cpu.pb.gz', 'profiles/nonexistent'],
]
MERGE_FORMATS = ['-top', '-traces', '-raw', '-tags', '-dot']

SYNTAX = [
    ['--top', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodecount', '3', 'profiles/go1/cpu.pb.gz'],
    ['--top', '--nodecount', '3', 'profiles/go1/cpu.pb.gz'],
    ['-top', '--nodecount=3', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-focus', 'main', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-sample_index', 'alloc_space', 'profiles/go1/heap.pb.gz'],
    ['-top', '-unit', 'ms', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum=true', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum=false', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum=1', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum=yes', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum', 'true', 'profiles/go1/cpu.pb.gz'],
    ['-top=true', 'profiles/go1/cpu.pb.gz'],
    ['-top=false', '-traces', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-traces', 'profiles/go1/cpu.pb.gz'],
    ['-traces', '-top', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodecount=abc', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodecount=0x10', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodecount=-1', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodefraction=abc', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-nodefraction=1e-1', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-unknownflag', 'profiles/go1/cpu.pb.gz'],
    ['-top'],
    [],
    ['profiles/go1/cpu.pb.gz'],
    ['-top', '--', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-', 'profiles/go1/cpu.pb.gz'],
    ['---top', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-lines', '-files', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-files', '-lines', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-cum', '-flat', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-flat', '-cum', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-inuse_space', '-alloc_objects', 'profiles/go1/heap.pb.gz'],
    ['-top', '-sample_index=1', '-alloc_objects', 'profiles/go1/heap.pb.gz'],
    ['-top', '-alloc_objects', '-sample_index=1', 'profiles/go1/heap.pb.gz'],
    ['-top', '-contentions', '-mean_delay', 'profiles/go1/mutex.pb.gz'],
    ['-top', '-mean', '-total_delay', 'profiles/go1/block.pb.gz'],
    ['-list', 'main\\.fib', SRC, 'profiles/go1/cpu.pb.gz'],
    ['-list=fib', '-source_path', 'profiles/go1/src',
     'profiles/go1/cpu.pb.gz'],
    ['-list=fib', SRC, '-lines', 'profiles/go1/cpu.pb.gz'],
    ['-list=fib', SRC, '-cum', 'profiles/go1/cpu.pb.gz'],
    ['-list=fib', SRC, '-trim_path=/nonexistent', 'profiles/go1/cpu.pb.gz'],
    ['-list=(', 'profiles/go1/cpu.pb.gz'],
    ['-peek=(', 'profiles/go1/cpu.pb.gz'],
    ['-peek=nomatch_zzz', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-output=/dev/stdout', 'profiles/go1/cpu.pb.gz'],
    ['-top', 'profiles/go1/goprog', 'profiles/go1/cpu.pb.gz'],
    ['-top', '-symbolize=none', 'profiles/go1/goprog',
     'profiles/go1/heap.txt'],
    ['-top', '-symbolize=local', 'profiles/go1/goprog',
     'profiles/go1/heap.txt'],
    ['-traces', '-symbolize=none', 'profiles/go1/goprog',
     'profiles/go1/heap.txt'],
    ['-top', 'profiles/go1/heap.txt'],
]


# single cases: tag ranges and units, regex syntax, odd flag values,
# repeated and empty -base, inputs that are not profiles
SINGLES = [
    '-comments -add_comment=x profiles/go1/cpu.pb.gz',
    '-dot -addresses profiles/go1/cpu.pb.gz',
    '-dot -files -compact_labels profiles/gen/synth.pb.gz',
    '-dot -lines -call_tree -nodecount=10 profiles/go1/heap.pb.gz',
    '-dot -nodecount=100 -edgefraction=0 -nodefraction=0 profiles/gen/synth.pb.gz',
    '-dot -nodecount=100 profiles/gen/synth.pb.gz',
    '-dot -relative_percentages -focus=fib profiles/go1/cpu.pb.gz',
    '-dot -tagfocus=1kb:2kb profiles/gen/synth.pb.gz',
    '-list=. -source_path=profiles/go1/src profiles/go1/cpu.pb.gz',
    '-list=main -source_path=profiles/go1/src -addresses profiles/go1/cpu.pb.gz',
    '-list=main -source_path=profiles/go1/src -focus=fib profiles/go1/cpu.pb.gz',
    '-list=main -source_path=profiles/go1/src -noinlines profiles/go1/cpu.pb.gz',
    '-list=main -source_path=profiles/go1/src -sample_index=alloc_objects profiles/go1/heap.pb.gz',
    '-list=main -source_path=profiles/go1/src -unit=s profiles/go1/cpu.pb.gz',
    '-peek=fib -addresses profiles/go1/cpu.pb.gz',
    '-peek=fib -lines -cum profiles/go1/cpu.pb.gz',
    '-peek=fib -nodecount=2 profiles/go1/cpu.pb.gz',
    '-peek=fib -relative_percentages -focus=main profiles/go1/cpu.pb.gz',
    '-peek=runtime -hide=mallocgc profiles/go1/cpu.pb.gz',
    '-raw -add_comment=x -add_comment=y profiles/go1/cpu.pb.gz',
    '-raw -normalize -base=profiles/go1/heap.pb.gz profiles/go1/heap.pb.gz',
    '-raw -symbolize=none profiles/pprof/cppbench.cpu.string',
    '-raw -unit=ms profiles/go1/mutex.pb.gz',
    '-raw profiles/go1/cpu.pb.gz profiles/go1/heap.pb.gz',
    '-tags -diff_base=profiles/go1/allocs.pb.gz profiles/go1/heap.pb.gz',
    '-tags -tagfocus=handler=item/1 profiles/gen/synth.pb.gz',
    '-tags -tagfocus=worker=hash profiles/go1/cpu.pb.gz',
    '-tags -tagshow=bytes -unit=mb profiles/gen/synth.pb.gz',
    '-tags -unit=h profiles/go1/cpu.pb.gz',
    '-tags -unit=kb profiles/go1/heap.pb.gz',
    '-tags -unit=minimum profiles/go1/heap.pb.gz',
    '-text -flat -nodecount=5 profiles/go1/heap.pb.gz',
    '-top -base= profiles/go1/cpu.pb.gz',
    '-top -base=profiles/go1/cpu.pb.gz -base= profiles/go1/cpu.pb.gz',
    '-top -base=profiles/go1/cpu.pb.gz -base=profiles/go1/heap.pb.gz profiles/go1/allocs.pb.gz',
    '-top -diff_base= -base=profiles/go1/cpu.pb.gz profiles/go1/cpu.pb.gz',
    '-top -diff_base=profiles/go1/allocs.pb.gz -sample_index=alloc_space profiles/go1/heap.pb.gz',
    '-top -diff_base=profiles/go1/cpu.pb.gz -base=profiles/go1/cpu.pb.gz profiles/go1/cpu.pb.gz',
    '-top -divide_by=1000000 profiles/go1/cpu.pb.gz',
    '-top -divide_by=1e-3 profiles/go1/heap.pb.gz',
    '-top -divide_by=NaN profiles/go1/cpu.pb.gz',
    '-top -divide_by=inf profiles/go1/cpu.pb.gz',
    '-top -drop_negative profiles/go1/cpu.pb.gz',
    '-top -focus=(?P<x>main) profiles/go1/cpu.pb.gz',
    '-top -focus=(?i)MAIN profiles/go1/cpu.pb.gz',
    '-top -focus=[[:alpha:]]+\\.fib profiles/go1/cpu.pb.gz',
    '-top -focus=\\Qmain.\\E profiles/go1/cpu.pb.gz',
    '-top -focus=\\pL+\\.fib profiles/go1/cpu.pb.gz',
    '-top -focus=\\z profiles/go1/cpu.pb.gz',
    '-top -focus=a{2,1} profiles/go1/cpu.pb.gz',
    '-top -focus=main\\.(fib|worker)$ profiles/go1/cpu.pb.gz',
    '-top -focus=main\\b profiles/go1/cpu.pb.gz',
    '-top -focus=x** profiles/go1/cpu.pb.gz',
    '-top -hide=. profiles/go1/cpu.pb.gz',
    '-top -ignore=. profiles/go1/cpu.pb.gz',
    '-top -nodecount=+3 profiles/go1/cpu.pb.gz',
    '-top -nodecount=-9223372036854775808 profiles/go1/cpu.pb.gz',
    '-top -nodecount=010 profiles/go1/cpu.pb.gz',
    '-top -nodecount=0x3 profiles/go1/cpu.pb.gz',
    '-top -nodecount=2 -tree profiles/go1/cpu.pb.gz',
    '-top -nodecount=2147483648 profiles/go1/cpu.pb.gz',
    '-top -nodecount=3.0 profiles/go1/cpu.pb.gz',
    '-top -nodecount=9223372036854775808 profiles/go1/cpu.pb.gz',
    '-top -nodefraction=-1 profiles/go1/cpu.pb.gz',
    '-top -nodefraction=Inf profiles/go1/cpu.pb.gz',
    '-top -nodefraction=NaN profiles/go1/cpu.pb.gz',
    '-top -normalize -base= profiles/go1/cpu.pb.gz',
    '-top -normalize profiles/go1/cpu.pb.gz',
    '-top -prune_from=main -show=runtime profiles/go1/cpu.pb.gz',
    '-top -relative_percentages -focus=fib -tree profiles/go1/cpu.pb.gz',
    '-top -sample_index= profiles/go1/cpu.pb.gz',
    '-top -sample_index=1.5 profiles/go1/cpu.pb.gz',
    '-top -sample_index=2 profiles/go1/cpu.pb.gz',
    '-top -sample_index=delay -mean profiles/go1/mutex.pb.gz',
    '-top -show_from=main -focus=fib profiles/go1/cpu.pb.gz',
    '-top -symbolize=bogus profiles/go1/cpu.pb.gz',
    '-top -symbolize=force profiles/go1/cpu.pb.gz',
    '-top -symbolize=none -lines -symbolize=none profiles/pprof/java.cpu',
    '-top -symbolize=none profiles/c1/cprog.c',
    '-top -symbolize=none profiles/go1/cpu.pb.gz',
    '-top -symbolize=none profiles/go1/src/goprog/main.go',
    '-top -tagfocus=-1: profiles/go1/heap.pb.gz',
    '-top -tagfocus=1.5kb: profiles/go1/heap.pb.gz',
    '-top -tagfocus=10ms: profiles/go1/cpu.pb.gz',
    '-top -tagfocus=64B profiles/go1/heap.pb.gz',
    '-top -tagfocus=bytes=1k profiles/go1/heap.pb.gz',
    '-top -tagfocus=bytes=1kb:2kb -tagignore=handler=item/3 profiles/gen/synth.pb.gz',
    '-top -tagfocus=bytes=64,128 profiles/go1/heap.pb.gz',
    '-top -tagfocus=bytes=64,bytes=128 profiles/go1/heap.pb.gz',
    '-top -tagfocus=bytes=:1mb profiles/go1/heap.pb.gz',
    '-top -tagignore=:0 profiles/go1/heap.pb.gz',
    '-top -tagroot=,worker, profiles/go1/cpu.pb.gz',
    '-top -tagroot=bytes -unit=kb profiles/go1/heap.pb.gz',
    '-top -tagroot=worker -lines profiles/go1/cpu.pb.gz',
    '-top -trim_path=goprog profiles/go1/cpu.pb.gz',
    '-top -unit=KB profiles/go1/heap.pb.gz',
    '-top -unit=MiB profiles/go1/heap.pb.gz',
    '-top -unit=d profiles/go1/cpu.pb.gz',
    '-top -unit=h profiles/go1/cpu.pb.gz',
    '-top -unit=kib profiles/go1/heap.pb.gz',
    '-top -unit=kilobytes profiles/go1/heap.pb.gz',
    '-top -unit=millisecond profiles/go1/cpu.pb.gz',
    '-top -unit=minimum -mean profiles/go1/block.pb.gz',
    '-top -unit=minute profiles/go1/cpu.pb.gz',
    '-top -unit=pb profiles/go1/heap.pb.gz',
    '-top -unit=week profiles/go1/cpu.pb.gz',
    '-top -unit=y profiles/go1/cpu.pb.gz',
    '-top /dev/null',
    '-top profiles',
    '-top profiles/go1/goprog profiles/go1/heap.txt profiles/go1/heap.pb.gz',
    '-top profiles/pprof/cppbench.cpu.string',
    '-traces -diff_base=profiles/go1/cpu.pb.gz profiles/gen/labels.cpu.pb.gz',
    '-traces -hide=. profiles/go1/cpu.pb.gz',
    '-traces -taghide=bytes profiles/go1/heap.pb.gz',
    '-traces -tagleaf=bytes,bytes profiles/go1/heap.pb.gz',
    '-traces -tagroot=bytes -unit=minimum profiles/go1/heap.pb.gz',
    '-traces -tagshow=work profiles/go1/cpu.pb.gz',
    '-traces -unit=ms profiles/go1/mutex.pb.gz',
    '-tree -nodecount=3 -cum profiles/go1/cpu.pb.gz',
    '-tree -relative_percentages -focus=fib profiles/go1/cpu.pb.gz',
    '-tree -tagleaf=bytes profiles/go1/heap.pb.gz',
]


def cases():
    out = []
    seen = set()

    def add(args):
        key = '\0'.join(args)
        if key not in seen:
            seen.add(key)
            out.append(list(args))

    for fmt in FORMATS:
        for p in ALL:
            extra = [SRC] if fmt.startswith('-list') else []
            add([fmt] + extra + p)
    for i, p in enumerate(MAIN):
        for o in OPTIONS:
            for fmt in OPTION_FORMATS[:2] if i < 5 else OPTION_FORMATS[2:]:
                add([fmt] + o + p)
    for p in (MAIN[0], MAIN[1], MAIN[4], MAIN[6]):
        for o in LIGHT_OPTIONS:
            for fmt in LIGHT_FORMATS:
                extra = [SRC] if fmt.startswith('-list') else []
                add([fmt] + extra + o + p)
    for p in LEGACY + C1 + [[q] for q in GEN]:
        for o in LEGACY_OPTIONS:
            for fmt in ('-top', '-traces'):
                add([fmt] + o + p)
        for fmt in ('-proto', '-tree', '-peek=.'):
            add([fmt] + p)
    for base, src in PAIRS:
        pre = NOSYM if 'pprof/' in src else []
        for mode in DIFF_MODES:
            for fmt in DIFF_FORMATS:
                add([fmt] + pre + ['%s=%s' % (mode[0], base)] + mode[1:] +
                    [src])
    for m in MERGES:
        for fmt in MERGE_FORMATS:
            add([fmt] + m)
    for s in SYNTAX:
        add(s)
    for s in SINGLES:
        add(s.split())
    # random pairs and triples of options, for the interactions
    rnd = random.Random(1)
    combo_formats = ['-top', '-traces', '-tree', '-dot', '-raw', '-tags',
                     '-peek=main|Method', '-callgrind', '-text']
    for _ in range(COMBOS):
        opts = []
        for o in rnd.sample(OPTIONS[1:], rnd.choice((2, 3))):
            opts += o
        c = [rnd.choice(combo_formats)] + opts + rnd.choice(MAIN)
        COMBO_CASES.append(c)
        add(c)
    return out


# The go command whose `go tool pprof` is the reference (see --go).
GO = os.environ.get('CPROF_GO') or (
    '/usr/lib/go-1.23/bin/go' if os.access('/usr/lib/go-1.23/bin/go', os.X_OK)
    else 'go')


def run(argv, tmp):
    env = dict(os.environ, TZ='UTC', PPROF_TMPDIR=tmp,
               PPROF_BINARY_PATH='/nonexistent')
    try:
        p = subprocess.run(argv, cwd=CONF, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 'timeout', b'', b''


def decode_proto(data, tmp, tag):
    """-proto and -topproto write a gzipped profile: compare what pprof's
    -raw says of it."""
    if not data:
        return data
    path = os.path.join(tmp, tag + '.pb.gz')
    with open(path, 'wb') as f:
        f.write(data)
    _, out, err = run([GO, 'tool', 'pprof', '-raw', path], tmp)
    os.unlink(path)
    return out + err


def one(cprof, args):
    tmp = tempfile.mkdtemp(prefix='pprofdiff.')
    try:
        gs, gout, gerr = run([GO, 'tool', 'pprof'] + args, tmp)
        cs, cout, cerr = run([cprof] + args, tmp)
        if args and args[0] in ('-topproto', '-proto'):
            gout = decode_proto(gout, tmp, 'go')
            cout = decode_proto(cout, tmp, 'c')
    finally:
        subprocess.run(['rm', '-rf', tmp])
    ok = gout == cout and (gs == 0) == (cs == 0) and 'timeout' not in (gs, cs)
    unstable = False
    if not ok:
        # pprof is not always deterministic (Go map order feeds sorts
        # whose comparison is not a strict order, e.g. edges of equal
        # absolute weight and opposite sign): rerun it, and do not count
        # a case whose output changes from run to run
        for _ in range(4):
            s, out, _ = one_pprof(args)
            if out != gout:
                unstable = True
            if out == cout and (s == 0) == (cs == 0):
                ok = True
        ok = ok or unstable
    return args, ok, unstable, (gs, gout, gerr), (cs, cout, cerr)


def one_pprof(args):
    tmp = tempfile.mkdtemp(prefix='pprofdiff.')
    try:
        s, out, err = run([GO, 'tool', 'pprof'] + args, tmp)
        if args and args[0] in ('-topproto', '-proto'):
            out = decode_proto(out, tmp, 'go')
    finally:
        subprocess.run(['rm', '-rf', tmp])
    return s, out, err


def show(args, g, c, n=40):
    print('=== MISMATCH: %s' % ' '.join(args))
    if (g[0] == 0) != (c[0] == 0):
        print('    exit status: pprof %s, cprof %s' % (g[0], c[0]))
        print('    pprof stderr: %s' % g[2][:300].decode(errors='replace'))
        print('    cprof stderr: %s' % c[2][:300].decode(errors='replace'))
    d = list(difflib.unified_diff(
        g[1].decode(errors='replace').splitlines(),
        c[1].decode(errors='replace').splitlines(),
        'pprof', 'cprof', lineterm='', n=1))
    for line in d[:n]:
        print('    ' + line)
    if len(d) > n:
        print('    ... %d more diff lines' % (len(d) - n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('cprof', nargs='?',
                    default=os.path.join(ROOT, 'build', 'cmd', 'cprof'))
    ap.add_argument('-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('-k', default=None)
    ap.add_argument('--show', type=int, default=20)
    ap.add_argument('--list', action='store_true')
    ap.add_argument('--combos', action='store_true')
    ap.add_argument('--cases', default=None)
    ap.add_argument('--out', default=None)
    ap.add_argument('--go', default=None)
    a = ap.parse_args()
    if a.go:
        global GO
        GO = a.go
    cprof = os.path.abspath(a.cprof)
    todo = cases()
    if a.combos:
        todo = [c for c in todo if c in COMBO_CASES]
    if a.cases:
        with open(a.cases) as f:
            todo = [line.split() for line in f if line.strip()]
    if a.k:
        todo = [c for c in todo if re.search(a.k, ' '.join(c))]
    if a.list:
        for c in todo:
            print(' '.join(c))
        return 0
    if not os.access(cprof, os.X_OK):
        print('differential: no executable %s' % cprof, file=sys.stderr)
        return 2
    bad, unstable = [], []
    with concurrent.futures.ThreadPoolExecutor(a.j) as ex:
        for args, ok, unst, g, c in ex.map(lambda x: one(cprof, x), todo):
            if unst:
                unstable.append(args)
            if not ok:
                bad.append((args, g, c))
                if len(bad) <= a.show:
                    show(args, g, c)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for i, (args, g, c) in enumerate(bad):
            with open(os.path.join(a.out, '%04d.args' % i), 'w') as f:
                f.write(' '.join(args) + '\n')
            for tag, r in (('pprof', g), ('cprof', c)):
                with open(os.path.join(a.out, '%04d.%s' % (i, tag)), 'wb') as f:
                    f.write(r[1])
                with open(os.path.join(a.out, '%04d.%s.err' % (i, tag)),
                          'wb') as f:
                    f.write(b'exit %s\n' % str(r[0]).encode() + r[2])
    for args, _, _ in bad[a.show:]:
        print('MISMATCH: %s' % ' '.join(args))
    for args in unstable:
        print('UNSTABLE (pprof differs between runs, not counted): %s' %
              ' '.join(args))
    print('%d cases, %d match, %d differ, %d where pprof is not '
          'deterministic' % (len(todo), len(todo) - len(bad), len(bad),
                             len(unstable)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
