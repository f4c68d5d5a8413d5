#!/usr/bin/python3
"""scripts/lint-modules.py BUILD_DIR — the C modules depend one way only.

A module is a file src/<name>.c or src/endpoints/<name>.c, with its header
include/jb_<name>.h (a header without a .c, such as jb_endpoint.h, is a
module of its own). Module A depends on B when A includes B's header (a
header's own includes count for its module) or calls a function B
defines, as the object files in BUILD_DIR say (nm). References to data,
such as the router reading the endpoint tables, are not calls.

Prints the modules in layers (each depends only on earlier ones) and
exits 1 when any modules depend on each other in a cycle, naming them
and why. `make lint` runs it.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = re.compile(r'^\s*#\s*include\s+"(jb_\w+)\.h"', re.M)


def modules():
    """{module: source path} for every .c under src/."""
    found = {}
    for folder in ("src", "src/endpoints"):
        if not os.path.isdir(os.path.join(ROOT, folder)):
            continue
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if name.endswith(".c"):
                key = os.path.join(folder, name)[len("src/"):-2]
                found[key] = os.path.join(folder, name)
    return found


def header_owner(header, mods):
    """The module of include/<header>.h: jb_x.h belongs to x or
    endpoints/x; else it is a module of its own."""
    base = header[len("jb_"):]
    for key in (base, "endpoints/" + base):
        if key in mods:
            return key
    return header + ".h"


def include_edges(mods):
    """{(a, b): why} for a including a header of b."""
    edges = {}
    files = [(m, p) for m, p in mods.items()]
    for name in sorted(os.listdir(os.path.join(ROOT, "include"))):
        if name.startswith("jb_") and name.endswith(".h"):
            files.append((header_owner(name[:-2], mods),
                          os.path.join("include", name)))
    for mod, path in files:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
        for header in INCLUDE.findall(text):
            owner = header_owner(header, mods)
            if owner != mod:
                edges.setdefault((mod, owner),
                                 f"{path} includes {header}.h")
    return edges


def object_of(build, path):
    for target in ("jobbro.dir", "jbcore.dir"):
        obj = os.path.join(build, "CMakeFiles", target, path + ".o")
        if os.path.exists(obj):
            return obj
    return None


def call_edges(build, mods):
    """{(a, b): why} for a calling (or naming) a function b defines."""
    defined, wanted = {}, {}
    for mod, path in mods.items():
        obj = object_of(build, path)
        if obj is None:
            sys.exit(f"lint-modules: no object file for {path} in {build}"
                     " (build first)")
        out = subprocess.run(["nm", obj], capture_output=True, text=True,
                             check=True).stdout
        wanted[mod] = set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "T":
                defined[parts[2]] = mod
            elif len(parts) == 2 and parts[0] == "U":
                wanted[mod].add(parts[1])
    edges = {}
    for mod, symbols in wanted.items():
        for sym in sorted(symbols):
            owner = defined.get(sym)
            if owner is not None and owner != mod:
                edges.setdefault((mod, owner), f"{mod} calls {sym}()")
    return edges


def cycles(nodes, edges):
    """The strongly connected components with more than one module."""
    graph = {n: sorted(b for (a, b) in edges if a == n) for n in nodes}
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return out


def layers(nodes, edges):
    depth = {}

    def d(n, seen=()):
        if n not in depth:
            deps = [b for (a, b) in edges if a == n and b not in seen]
            depth[n] = 1 + max((d(b, seen + (n,)) for b in deps),
                               default=-1)
        return depth[n]

    for n in nodes:
        d(n)
    return [sorted(n for n in nodes if depth[n] == k)
            for k in range(max(depth.values()) + 1)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/lint-modules.py BUILD_DIR")
    mods = modules()
    edges = include_edges(mods)
    for k, v in call_edges(sys.argv[1], mods).items():
        edges.setdefault(k, v)
    nodes = set(mods) | {n for e in edges for n in e}
    bad = cycles(nodes, edges)
    if bad:
        for comp in bad:
            print("lint-modules: these modules depend on each other: "
                  + ", ".join(comp))
            for (a, b), why in sorted(edges.items()):
                if a in comp and b in comp:
                    print(f"    {a} -> {b}: {why}")
        sys.exit(1)
    for k, layer in enumerate(layers(nodes, edges)):
        print(f"  layer {k}: {' '.join(layer)}")
    print(f"lint-modules: {len(nodes)} modules, {len(edges)} dependencies,"
          " no cycle")


if __name__ == "__main__":
    main()
