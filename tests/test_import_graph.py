"""The library's import rules (CONTRIBUTING.md "Import rules"): the import graph of ``coursekit`` has
no cycles, and the library never imports a hook or MkDocs itself (hooks translate MkDocs events into
library calls, never the other way round).  Imports inside functions count too; imports for type
annotations only (``if TYPE_CHECKING:``) do not."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
HOOKS = Path(__file__).resolve().parent.parent / "hooks"


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "coursekit").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path) -> list[str]:
    """Every module name ``path`` imports (relative imports resolved against its package)."""
    package = ".".join(path.relative_to(SRC).parent.parts)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Imports for type annotations only (``if TYPE_CHECKING:``) never run: they make no cycle.
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}
    names = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = node.module if node.level == 0 else ".".join(p for p in (base, node.module) if p)
            names += [f"{module}.{alias.name}" for alias in node.names] + [module]
    return names


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        deps = set()
        for imported in _imports(path):
            target = imported
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, "coursekit"):
                deps.add(target)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_library_import_graph_has_no_cycles():
    graph = import_graph()
    assert len(graph) > 40 and "coursekit.markdown.scanner" in graph["coursekit.markdown.blocks"]
    assert "coursekit.errors" in graph["coursekit.labs.cli"]  # a relative import (from ..errors import ...)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_library_never_imports_a_hook_or_mkdocs():
    hook_names = {path.stem for path in HOOKS.glob("*.py")}
    offenders = []
    for name, path in _modules().items():
        for imported in _imports(path):
            top = imported.split(".")[0]
            if top in ("hooks", "mkdocs") or top in hook_names:
                offenders.append(f"{name} imports {imported}")
    assert offenders == []


def test_the_markdown_dialect_lives_in_the_scanner_only():
    """No module but the scanner writes a pattern for '///' block lines (issue 14: one dialect)."""
    writers = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("compile", "match", "search", "fullmatch", "findall", "finditer", "sub"):
                pattern = node.args[0] if node.args else None
                if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and ("/{3" in pattern.value or "///" in pattern.value):
                    writers.append(name)
    assert sorted(set(writers)) == ["coursekit.markdown.scanner"]


def test_every_hook_file_fits_on_a_screen():
    """Issue 14: a hook translates MkDocs events into library calls, each a screen (60 lines) or less;
    logic that grows goes into the library."""
    hooks = sorted([*HOOKS.glob("*.py"), *(HOOKS.parent / "handbook" / "hooks").glob("*.py")])
    assert {path.stem for path in hooks} >= {"course_sources", "validation", "book", "deck", "serve_speed", "offline_search", "rule_reference"}
    too_long = {path.name: n for path in hooks if (n := len(path.read_text(encoding="utf-8").splitlines())) > 60}
    assert too_long == {}


def test_loading_the_hooks_leaves_the_rules_to_the_validation_worker():
    """Every build loads the hooks; the rule modules and the Python jsonschema validator (~40 ms of
    imports) are loaded where a validation runs: the build's forked worker, beside the render."""
    import subprocess
    import sys

    probe = (
        "import importlib.util, sys\n"
        f"for path in sorted(__import__('pathlib').Path({str(HOOKS)!r}).glob('*.py')):\n"
        "    spec = importlib.util.spec_from_file_location(path.stem, path)\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "print(sorted(m for m in sys.modules if m in ('jsonschema', 'coursekit.validation.checker', 'coursekit.validation.registry')"
        " or m.startswith(('coursekit.validation.containerfile', 'coursekit.validation.compose', 'coursekit.validation.commands'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=HOOKS.parent)
    assert out.stdout.strip() == "[]", out.stdout
