"""The house's layers hold: no import cycle inside the package, and no import from a lower layer up.

Every `import` and `from ... import` of the package's modules is read with `ast` (at module level
and inside functions alike), resolved to the module it names, and checked against the layer
table below: a module may import its own layer or a lower one, never a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The layer table, low to high (the README's "Development" section states the same rule).
LAYERS: dict[str, int] = {
    "assistant.terms": 0,
    "assistant.errors": 1,
    "assistant.resources": 1,
    "assistant.settings": 1,
    "assistant.limits": 1,
    "assistant.sanitize": 1,
    "assistant.concurrency": 1,
    "assistant.files": 1,
    "assistant.words": 2,
    "assistant.knowledge": 3,
    "assistant.profile": 4,
    "assistant.profile_io": 4,
    "assistant.plans": 4,
    "assistant.consistency": 4,
    "assistant.diagnosis": 4,
    "assistant.brief": 4,
    "assistant.reading": 5,
    "assistant.llm": 6,
    "assistant.planners": 7,
    "assistant.render": 8,
    "assistant.chat": 9,
    "assistant.batch": 9,
    "assistant.store": 9,
    "assistant.evals": 9,
    "assistant.testing": 9,
    "assistant.cli": 10,
    "assistant.__main__": 10,
    "assistant": 10,
    "ui": 10,
}


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for folder in ("assistant", "ui") for p in sorted((ROOT / folder).rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of a module: that of the longest entry of the table it falls under."""
    owner = max((key for key in LAYERS if module == key or module.startswith(key + ".")), key=len)
    return LAYERS[owner]


def _imports(module: str) -> set[str]:
    """The package modules `module` imports, anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def test_the_layer_table_covers_every_module():
    assert all(any(m == k or m.startswith(k + ".") for k in LAYERS) for m in MODULES)


def test_no_module_imports_a_higher_layer():
    upward = sorted(
        f"{module} (layer {layer(module)}) -> {target} (layer {layer(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if layer(target) > layer(module)
    )
    assert upward == []


def _cycle_from(start: str) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one (depth-first)."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        module, path = stack.pop()
        for target in sorted(GRAPH[module]):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_cycle(module):
    assert _cycle_from(module) is None
