"""The house's structure: no import circles, no import that runs up a layer, pure domain modules.

Read from the source with ast (every import, including those inside functions and under
TYPE_CHECKING), so a lazy import cannot hide an arrow. `python tests/test_layers.py` prints the
graph's circles, upward arrows and largest modules.

A new module must be given a layer below; the build-time generators may live in `amexcli/gen/`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "amexcli"

# Lowest first; a module may import its own layer (without a circle) and any layer below.
LAYERS: list[tuple[str, set[str]]] = [
    (
        "base",
        {
            "amexcli",  # the package: __version__
            "errors",
            "ids",
            "redact",
            "lazy",
            "changes",
            "serialize",
            "money",
            "words",  # counted nouns for messages
            "dates",
            "record",
            "layout",
            "resources",
            "framework",  # Typer's private details; imports nothing of amex's
            "paths",
            "helptext",  # reads data/help.txt at run time; imports nothing of amex's
        },
    ),
    ("storage", {"store", "history", "merge", "keycache"}),
    (
        "domain",
        {
            "cards",
            "calllog",
            "offers",
            "benefits",
            "eligibility",
            "statement",
            "value",
            "agenda",
            "scripts",
            "directory",
            "routes",
            "catalogue",
        },
    ),
    ("presentation", {"output"}),
    ("commands", {"commands", "complete_data"}),
    ("app", {"cli", "__main__"}),
    ("build", {"gen"}),
]
DOMAIN_LAYER = 2
# What a domain module never imports: the framework, the terminal, or anything above it.
NOT_IN_DOMAIN = ("typer", "click", "rich", "amexcli.output", "amexcli.commands", "amexcli.store")
# none: keycache and store no longer name each other (paths.py names the files of both)
KNOWN_CIRCLES: list[set[str]] = []


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module `name` imports: amexcli's by full name, others by their top-level name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(
                a.name if a.name.startswith("amexcli") else a.name.split(".")[0] for a in node.names
            )
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if not module.startswith("amexcli"):
                found.add(module.split(".")[0])
                continue
            for alias in node.names:  # `from amexcli import store` imports a module
                whole = f"{module}.{alias.name}"
                found.add(whole if whole in known else module)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer(name: str) -> int:
    """`amexcli.X` is in X's layer, and so is everything in a subpackage X (commands, gen)."""
    parts = name.split(".")
    key = parts[1] if len(parts) > 1 else parts[0]
    for index, (_, members) in enumerate(LAYERS):
        if key in members:
            return index
    raise AssertionError(f"{name} has no layer: add it to LAYERS in tests/test_layers.py")


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
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

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted(
        (a, b)
        for a, targets in edges.items()
        for b in targets
        if b in edges and layer(b) > layer(a)
    )


def test_every_module_has_a_layer() -> None:
    for name in graph():
        layer(name)


def test_no_import_circles() -> None:
    found = [c for c in circles(graph()) if set(c) not in KNOWN_CIRCLES]
    assert found == []


def test_no_import_runs_up_a_layer() -> None:
    assert upward(graph()) == []


def test_domain_modules_import_no_framework_terminal_or_storage() -> None:
    edges = graph()
    domain = [name for name in edges if layer(name) == DOMAIN_LAYER]
    assert len(domain) == len(LAYERS[DOMAIN_LAYER][1])
    wrong = {name: sorted(t for t in edges[name] if t.startswith(NOT_IN_DOMAIN)) for name in domain}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_the_run_time_imports_no_build_time_module() -> None:
    edges = graph()
    build = len(LAYERS) - 1
    wrong = [
        (a, b)
        for a, bs in edges.items()
        for b in bs
        if b in edges and layer(b) == build and layer(a) < build
    ]
    assert wrong == []


def test_the_checks_see_what_they_must() -> None:
    """The graph finds imports inside functions and names modules imported from a package."""
    edges = graph()
    assert "amexcli.store" in edges["amexcli.cli"]  # `from amexcli import store`, in a function
    assert "amexcli.serialize" in edges["amexcli.calllog"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert upward({"amexcli.calllog": {"amexcli.output"}, "amexcli.output": set()}) == [
        ("amexcli.calllog", "amexcli.output")
    ]


def report() -> None:
    edges = graph()
    print("circles:", circles(edges) or "none")
    print("upward arrows:", upward(edges) or "none")
    sizes = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), n) for n, p in modules().items()),
        reverse=True,
    )
    print("largest modules:", ", ".join(f"{n} {lines}" for lines, n in sizes[:8]))


if __name__ == "__main__":
    sys.exit(report())
