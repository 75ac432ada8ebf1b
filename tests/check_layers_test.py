#!/usr/bin/env python3
"""scripts/check_layers.py refuses what it must and passes what it may,
on small trees made here: an include that reaches up a layer, one
sideways between the front ends, an external header outside its layer,
an include cycle between modules, and a tree that obeys every rule."""
import os
import subprocess
import sys
import tempfile

checker = sys.argv[1]
failures = 0


def tree(files):
    d = tempfile.mkdtemp()
    for path, text in files.items():
        p = os.path.join(d, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    return d


def expect(name, files, ok, message=""):
    global failures
    r = subprocess.run([sys.executable, checker, tree(files)],
                       capture_output=True, text=True)
    good = (r.returncode == 0) == ok and message in r.stderr
    print(("ok: " if good else "FAIL: ") + name)
    if not good:
        print(r.stderr)
        failures += 1


base = {"lib/base/strbuf.h": "", "lib/base/strbuf.c": '#include "lib/base/strbuf.h"\n',
        "report/text.h": "", "report/text.c": '#include "report/text.h"\n#include "lib/base/strbuf.h"\n'}
expect("clean tree", base, True)
expect("upward include", dict(base, **{"lib/base/arena.c": '#include "report/text.h"\n'}),
       False, "lib/base (layer 1) may not include report/text.h (layer 10)")
expect("sideways between front ends",
       dict(base, **{"cmd/shell/shell.h": "", "cmd/web/webui.c": '#include "cmd/shell/shell.h"\n'}),
       False, "cmd/web (layer 12) may not include cmd/shell/shell.h (layer 12)")
expect("external header outside its layer",
       dict(base, **{"lib/graph/graph.c": "#include <curl/curl.h>\n"}),
       False, "<curl/curl.h> belongs to lib/fetch only")
expect("module cycle", dict(base, **{
    "report/a.h": "", "report/b.h": "",
    "report/a.c": '#include "report/a.h"\n#include "report/b.h"\n',
    "report/b.c": '#include "report/b.h"\n#include "report/a.h"\n'}),
    False, "include cycle between modules")
expect("private header is part of its module", dict(base, **{
    "lib/graph/graph.h": "", "lib/graph/graph_internal.h": '#include "lib/graph/graph.h"\n',
    "lib/graph/graph.c": '#include "lib/graph/graph.h"\n#include "lib/graph/graph_internal.h"\n'}),
    True)
print("%d passed, %d failed" % (6 - failures, failures))
sys.exit(1 if failures else 0)
