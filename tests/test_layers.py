"""The package's import directions: it never imports a system or the catalog's fixtures, and its
subpackages import each other in one direction only (no circles)."""

from __future__ import annotations

import ast
from pathlib import Path

import faultbook

ROOT = Path(faultbook.__file__).parent


def _imports() -> dict[str, dict[str, set[str]]]:
    """Per unit (a subpackage, or a top-level module) the units it imports, with the files."""
    edges: dict[str, dict[str, set[str]]] = {}
    for path in ROOT.rglob("*.py"):
        parts = ("faultbook", *path.relative_to(ROOT).with_suffix("").parts)
        src = ".".join(parts[:2])
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                dst = ".".join(name.split(".")[:2])
                if dst != src:
                    edges.setdefault(src, {}).setdefault(dst, set()).add(path.name)
    return edges


def _circles(edges: dict[str, dict[str, set[str]]]) -> list[set[str]]:
    """Strongly connected groups of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, {}):
            if not w.startswith("faultbook."):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(group)

    for unit in list(edges):
        if unit not in index:
            visit(unit)
    return found


def test_the_package_never_imports_a_system() -> None:
    edges = _imports()
    upward = {src: dst for src, dsts in edges.items() for dst in dsts
              if dst.split(".")[0] in ("scenarios", "fixtures", "tests", "bench")}
    assert not upward, upward


def test_no_import_circles() -> None:
    circles = _circles(_imports())
    assert not circles, circles


def test_the_circle_finder_finds_a_circle() -> None:
    edges = {"faultbook.a": {"faultbook.b": {"a.py"}}, "faultbook.b": {"faultbook.a": {"b.py"}}}
    assert _circles(edges) == [{"faultbook.a", "faultbook.b"}]
