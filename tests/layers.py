#!/usr/bin/env python3
"""The architecture, checked: every file in src/ is listed in
doc/hacking.md under one of the four layers, every #include goes to the
file's own layer or one below, no two modules include each other (directly
or round a cycle), and no .c file passes 600 lines. TAP output."""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAYERS = ["Protocol core", "Room server", "Client core", "Screen"]
LINES_MAX = 600
results = []


def check(ok, what):
    results.append((bool(ok), what))


def layers_from_doc():
    """Maps "frame" to 0 and so on, from the tables under "## Files"."""
    text = open(os.path.join(TOP, "doc", "hacking.md"), encoding="utf-8").read()
    files = text[text.index("## Files"):]
    layer, where = None, {}
    for line in files.splitlines():
        h = re.match(r"### (.*)", line)
        if h:
            layer = LAYERS.index(h.group(1)) if h.group(1) in LAYERS else None
            continue
        row = re.match(r"\| `src/([a-z_]+)\.[ch]` \|", line)
        if row and layer is not None:
            where[row.group(1)] = layer
    return where


def includes(path):
    with open(path, encoding="utf-8") as f:
        return re.findall(r'^#include "([a-z_]+)\.h"', f.read(), re.M)


def main():
    where = layers_from_doc()
    src = os.path.join(TOP, "src")
    names = sorted(os.listdir(src))
    modules = sorted({n.rsplit(".", 1)[0] for n in names
                      if n.endswith((".c", ".h"))})
    for m in modules:
        check(m in where, "src/%s is listed under a layer in doc/hacking.md" % m)
    deps = {m: set() for m in modules}
    for n in names:
        if not n.endswith((".c", ".h")):
            continue
        m = n.rsplit(".", 1)[0]
        bad = []
        for inc in includes(os.path.join(src, n)):
            if inc == "config" or inc == m:
                continue
            deps[m].add(inc)
            if inc in where and m in where and where[inc] > where[m]:
                bad.append("%s.h (%s)" % (inc, LAYERS[where[inc]]))
        if m in where:
            check(not bad, "src/%s (%s) includes nothing from a layer above%s"
                  % (n, LAYERS[where[m]], ": " + ", ".join(bad) if bad else ""))
        if n.endswith(".c"):
            with open(os.path.join(src, n), encoding="utf-8") as f:
                count = sum(1 for _ in f)
            check(count <= LINES_MAX, "src/%s has %d lines (at most %d)"
                  % (n, count, LINES_MAX))
    # A cycle between modules, found by depth-first search.
    state, cycle = {}, []

    def visit(m, path):
        state[m] = 1
        for d in sorted(deps.get(m, ())):
            if state.get(d) == 1 and not cycle:
                cycle.extend(path[path.index(d):] + [d] if d in path else [m, d])
            elif d in deps and not state.get(d):
                visit(d, path + [d])
        state[m] = 2

    for m in modules:
        if not state.get(m):
            visit(m, [m])
    check(not cycle, "no include cycle between modules%s"
          % (": " + " -> ".join(cycle) if cycle else ""))
    print("1..%d" % len(results))
    for i, (ok, what) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
