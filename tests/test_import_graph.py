"""The package imports one way: every module loads on its own, and no chain of imports comes back round.

The graph is read with ``ast`` from the source, so imports inside functions count as well as the ones at
the top of a module: a lazy import that closes a cycle is still a tangle, only one that fails later."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "arabert_ner"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """The package modules ``module`` imports anywhere in its source (a package counts as its __init__)."""
    path = MODULES[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path.name == "__init__.py", node)
            # "from pkg import name" imports the submodule pkg.name when there is one, else pkg itself
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # "import a.b.c" of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_cycle_finder_sees_a_cycle_through_a_function_level_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_in_the_package():
    # The root __init__ is left out: it only names the package's version, and its lazy Tagger
    # attribute is how users reach the tagging stage, not an edge of the pipeline.
    graph = {m: {t for t in imports_of(m) if t != "arabert_ner"} for m in MODULES if m != "arabert_ner"}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_walk_of_a_document_through_predict_goes_down_the_stages():
    stream = imports_of("arabert_ner.tagging.stream")
    assert {"arabert_ner.tagging.documents", "arabert_ner.tagging.tagger", "arabert_ner.tagging.writers"} <= stream
    assert not imports_of("arabert_ner.tagging.documents") & {
        "arabert_ner.tagging.stream", "arabert_ner.tagging.sharding", "arabert_ner.tagging.tagger",
        "arabert_ner.tagging.writers"}
    assert "arabert_ner.tagging.stream" not in imports_of("arabert_ner.tagging.tagger")
    for m in MODULES:  # nothing below the CLI reaches up into it; casualties never reach the tagger
        if not m.startswith("arabert_ner.cli"):
            assert not {t for t in imports_of(m) if t.startswith("arabert_ner.cli")}, m
        if m.startswith("arabert_ner.casualties"):
            assert not {t for t in imports_of(m) if t.startswith("arabert_ner.tagging")}, m


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.endswith("__main__")))  # that one runs
def test_every_module_imports(module):
    importlib.import_module(module)
