#!/usr/bin/env python3
"""Writes testdata/conformance/profiles/gen/mangled.pb.gz: one sample per
function, each named by a C++ or Rust mangled name (or an already
demangled or plain one), for the demangling cases recorded from go tool
pprof 1.23.5: its demangler leaves out the parameters of enclosing
functions (foo(int)::bar reads foo()::bar) where 1.19's kept them.

usage: mkmangled.py OUT
Output is deterministic (gzip mtime 0)."""
import gzip, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkprofile import encode  # noqa: E402

NAMES = [
    '_ZZ3fooiE3bar',
    '_ZZ4mainENKUlvE_clEv',
    '_ZN3foo3barIiEEvT_',
    '_ZN3foo3bazEi.isra.0',
    '_ZNSt6vectorIiSaIiEE9push_backERKi',
    '_ZN1AC2Ev',
    '_ZN1AD0Ev',
    '_ZN1AplERKS_',
    '_ZN4core3fmt5write17h0123456789abcdefE',
    '_RNvCs15kBYyAo9fc_7mycrate7example',
    '_ZZN1A1fEvE1x',
    '_ZZZ1fvEN1S1gEvE1y',
    '_ZN5Outer5InnerIcE6methodILi3EEEvv',
    '_ZNKSt8functionIFviEEclEi',
    '_ZN12_GLOBAL__N_13fooEv',
    '_Z1fB5cxx11v',
    '_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE6appendEPKc',
    '_ZZN9__gnu_cxx13new_allocatorIcE8allocateEmPKvE5dummy',
    '_ZN1S1fIiEEDTcl1gIT_EEEv',
    '_Z3barIJidEEvDpT_',
    '_ZN3FooIiE3BarIcE3bazEv',
    '_ZThn8_N1B1fEv',
    '_ZTv0_n24_N1B1fEv',
    '_ZGVZ4mainE1s',
    '_ZTV1A',
    '_ZTI1A',
    '_ZL4funcv',
    '_ZN1N1fEPFvvE',
    '_ZNK1A1fEv.cold',
    '_Z1fv.part.0.constprop.1',
    '_ZN9__gnu_cxx17__normal_iteratorIPiSt6vectorIiSaIiEEEppEv',
    '_ZZ1fvENKUliE_clEi',
    '_ZN1AcvT_IiEEv',
    '_ZN1AcviEv',
    '_ZdlPv',
    '_Znwm',
    '_ZSt4moveIRiEONSt16remove_referenceIT_E4typeEOS2_',
    'main',
    'plain_c_function',
    'foo::bar(int)',
    'ns::Tmpl<int>::method(char) const',
    '_ZZNK1A1fEiE1x',
    '_ZZZ1fiEN1S1gEdE1y',
    '_ZZ1fPFviEE1x',
    '_ZZ1fRKSt6vectorIiSaIiEEE1x',
    '_ZZNVK1A1fEvE1x',
    '_ZZNR1A1fEvE1x',
    '_ZZ3fooiENKUldE_clEd',
    '_ZZ3fooiEN1S3barEc',
    '_ZZ1gIiEvT_E1x',
    '_ZZ3fooiE3bar_0',
    '_ZZ3fooiEs',
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkmangled.py OUT")
    samples = [([n, "main"], [i + 1], {}) for i, n in enumerate(NAMES)]
    spec = {"types": [("samples", "count")], "samples": samples,
            "mapping": "prog"}
    with open(sys.argv[1], "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(encode(spec))


if __name__ == "__main__":
    main()
