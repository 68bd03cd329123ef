#!/usr/bin/env python3
"""Prints the folder -> folder import graph of a C# project and the cycles in it.

A file's folder is its namespace below the project's root namespace (SimLap.Engine.Sweeps -> Sweeps); an edge
A -> B is a `using SimLap.Engine.B;` (plain, static or alias), a name qualified with B's namespace (in full, or
from a namespace enclosing A's: `Tracking.Rest.X` inside SimLap.Engine.Sweeps) or, when B encloses A, a plain
name of a type declared in B. `--depth 1` folds nested namespaces into their top folder (Tracking.Rest -> Tracking).
Exit code 1 when there is a cycle, so CI can run it.

    scripts/folder-cycles.py [--root host/SimLap.Engine] [--namespace SimLap.Engine] [--depth 1] [--edges]
"""
import argparse
import pathlib
import re
import sys
from collections import defaultdict


def folder_of(namespace: str, root: str, depth: int) -> str | None:
    if namespace != root and not namespace.startswith(root + "."):
        return None
    parts = namespace[len(root) + 1:].split(".") if namespace != root else ["(root)"]
    return ".".join(parts[:depth]) if depth > 0 else ".".join(parts)


def build_graph(src: pathlib.Path, root: str, depth: int):
    edges: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    folders: set[str] = set()
    ns_re = re.compile(r"^\s*namespace\s+([\w.]+)", re.M)
    type_re = re.compile(r"\b(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+([A-Z]\w*)")
    files = [p for p in sorted(src.rglob("*.cs")) if "/bin/" not in p.as_posix() and "/obj/" not in p.as_posix()]
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    types: dict[str, set[str]] = defaultdict(set)  # namespace -> the types declared in it
    for text in texts.values():
        if match := ns_re.search(text):
            types[match.group(1)].update(type_re.findall(text))
    for path, text in texts.items():
        match = ns_re.search(text)
        if match is None:
            continue
        own = match.group(1)
        source = folder_of(own, root, depth)
        if source is None:
            continue
        folders.add(source)
        body = text[:match.start()] + text[match.end():]  # the file's own namespace line is no reference
        for target_ns in references(body, own, root, types):
            target = folder_of(target_ns, root, depth)
            if target and target != source:
                edges[source][target].add(path.relative_to(src).as_posix())
    return folders, edges


def references(body: str, own: str, root: str, types: dict[str, set[str]]):
    """The namespaces a file uses: by `using`, by a name qualified from any namespace enclosing the file's
    (SimLap.Engine.Tracking.X, or Tracking.X inside SimLap.Engine.*), and by plain names of types declared in a
    namespace enclosing the file's own (which C# resolves without a using)."""
    found: set[str] = set()
    enclosing = [".".join(own.split(".")[:k]) for k in range(own.count(".") + 1, 0, -1)]
    words = set(re.findall(r"\b[A-Z]\w*", body))
    for namespace, declared in types.items():
        if namespace == own or not namespace.startswith(root):
            continue
        for outer in enclosing + [""]:
            if outer and not namespace.startswith(outer + "."):
                continue
            relative = namespace[len(outer) + 1:] if outer else namespace
            qualified = re.compile(r"(?<![\w.])" + re.escape(relative) + r"\.(\w+)")
            if re.search(r"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?" + re.escape(namespace) + r"\s*;", body, re.M) or any(
                    m.group(1) in declared for m in qualified.finditer(body)):
                found.add(namespace)
                break
        if namespace in enclosing and declared & words:
            found.add(namespace)
    return found


def cycles(folders, edges):
    """Tarjan's strongly connected components; every component of more than one folder holds a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for folder in sorted(folders | set(edges)):
        if folder not in index:
            visit(folder)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default="host/SimLap.Engine", help="the project's folder")
    parser.add_argument("--namespace", default="SimLap.Engine", help="the project's root namespace")
    parser.add_argument("--depth", type=int, default=1, help="namespace levels kept (0: all)")
    parser.add_argument("--edges", action="store_true", help="also list the files behind each edge")
    args = parser.parse_args()
    folders, edges = build_graph(pathlib.Path(args.root), args.namespace, args.depth)
    print("Folder graph (A -> B: a file in A imports B):")
    for source in sorted(folders):
        targets = sorted(edges.get(source, {}))
        print(f"  {source} -> {', '.join(targets) if targets else '(nothing)'}")
        if args.edges:
            for target in targets:
                print(f"      {target}: {', '.join(sorted(edges[source][target]))}")
    found = cycles(folders, edges)
    if not found:
        print("No cycles.")
        return 0
    for component in found:
        members = set(component)
        print(f"Cycle among {', '.join(component)}:")
        for source in component:
            for target in sorted(t for t in edges[source] if t in members):
                print(f"  {source} -> {target}: {', '.join(sorted(edges[source][target]))}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
