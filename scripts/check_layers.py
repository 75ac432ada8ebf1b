#!/usr/bin/env python3
"""Refuses includes that go against the data flow (run by every build).

The source folders are layers, bottom first; a file may include headers
of its own folder and of layers below it, never above or beside it (the
front ends, for one, never include each other). External libraries'
headers are allowed only in the layer that owns that dependency. Within a
folder, modules (a .c and its .h) must not include each other in a
cycle. Usage: check_layers.py SOURCE_ROOT [STAMP]; exit 1 with one line
per violation, otherwise writes STAMP.
"""
import os
import re
import sys

# (folder, rank): a folder may include folders of lower rank only. Equal
# ranks are siblings that must not know each other.
LAYERS = [
    ("lib/base", 1),
    ("lib/gocompat", 2),
    ("lib/model", 3),
    ("proto", 4),
    ("lib/decode", 5),
    ("lib/fetch", 6),
    ("symbolize", 7),
    ("lib/transform", 8),
    ("lib/graph", 9),
    ("report", 10),
    ("cmd/pipeline", 11),
    ("cmd/shell", 12),
    ("cmd/web", 12),
    ("cmd", 13),  # cprof.c: main picks the front end
]

# External headers (by prefix) and the only folders that may include them.
EXTERNAL = {
    "re2/": ["lib/gocompat"],
    "zlib.h": ["proto", "lib/decode"],
    "libdeflate.h": ["lib/decode"],
    "curl/": ["lib/fetch"],
    "gelf.h": ["symbolize"],
    "libelf.h": ["symbolize"],
    "dwarf.h": ["symbolize"],
    "elfutils/": ["symbolize"],
    "libiberty/": ["symbolize"],
    "graphviz/": ["report"],
    "capstone/": ["report"],
    "microhttpd.h": ["cmd/web"],
    "histedit.h": ["cmd/shell"],
    "editline/": ["cmd/shell"],
    "protobuf-c/": ["proto"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)


def layer_of(path):
    """The (folder, rank) owning path, by longest folder prefix."""
    best = None
    for folder, rank in LAYERS:
        if path == folder or path.startswith(folder + "/"):
            if best is None or len(folder) > len(best[0]):
                best = (folder, rank)
    return best


def module_of(path):
    """A .c file, its header and its private NAME_internal.h are one
    module."""
    base = os.path.splitext(path)[0]
    if base.endswith("_internal"):
        base = base[:-len("_internal")]
    return base


def find_cycle(graph):
    """One cycle in graph (dict node -> set of nodes) as a list, or None."""
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def check(root):
    errors = []
    graph = {}
    for folder, _ in LAYERS:
        top = os.path.join(root, folder)
        for dirpath, dirnames, filenames in os.walk(top):
            rel_dir = os.path.relpath(dirpath, root)
            # a folder that is a layer of its own is checked as that layer
            dirnames[:] = [d for d in dirnames
                           if layer_of(os.path.join(rel_dir, d))[0] == folder]
            for name in sorted(filenames):
                if not name.endswith((".c", ".h", ".cc")):
                    continue
                rel = os.path.join(rel_dir, name)
                check_file(root, rel, folder, errors, graph)
    cycle = find_cycle(graph)
    if cycle:
        errors.append("include cycle between modules: " + " -> ".join(cycle))
    return errors


def check_file(root, rel, folder, errors, graph):
    rank = dict(LAYERS)[folder]
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        text = f.read()
    for m in INCLUDE.finditer(text):
        kind, target = m.group(1), m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        where = "%s:%d" % (rel, line)
        if kind == "<":
            for prefix, owners in EXTERNAL.items():
                if target.startswith(prefix) and folder not in owners:
                    errors.append("%s: <%s> belongs to %s only" %
                                  (where, target, ", ".join(owners)))
            continue
        if "/" not in target:
            # a private header beside the file
            resolved = os.path.join(os.path.dirname(rel), target)
        else:
            resolved = target
        if target.endswith(".pb-c.h"):
            tl = layer_of(target)
        else:
            if not os.path.exists(os.path.join(root, resolved)):
                errors.append("%s: \"%s\" is not a path from the top of "
                              "the tree" % (where, target))
                continue
            tl = layer_of(resolved)
        if tl is None:
            errors.append("%s: \"%s\" is outside every layer" %
                          (where, target))
            continue
        if tl[0] != folder and tl[1] >= rank:
            errors.append("%s: %s (layer %d) may not include %s (layer %d)"
                          % (where, folder, rank, target, tl[1]))
        me, dep = module_of(rel), module_of(resolved)
        if dep != me:
            graph.setdefault(me, set()).add(dep)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: check_layers.py SOURCE_ROOT [STAMP]")
    errors = check(sys.argv[1])
    for e in errors:
        print("layering: " + e, file=sys.stderr)
    if errors:
        sys.exit(1)
    if len(sys.argv) == 3:
        with open(sys.argv[2], "w") as f:
            f.write("ok\n")


if __name__ == "__main__":
    main()
