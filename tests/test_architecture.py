"""The import graph keeps one direction: apps depend downwards, and nothing goes round.

Built from the source (the AST of every module, imports inside functions included, since a
lazy import is a dependency all the same), not from what happens to be imported at run time.
``studio/urls.py`` and ``studio/api.py`` are the wiring that includes every app and are left
out, as are tests and migrations.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "core",
    "productions",
    "crew",
    "schedules",
    "shots",
    "callsheets",
    "reports",
    "budgets",
    "casting",
    "collaboration",
    "webhooks",
    "demo",
    "bench",
    "studio",
)
WIRING = {"studio/urls.py", "studio/api.py"}
# The apps whose kinds of object people discuss: each registers them with collaboration
# from its apps.py, so it may import collaboration (and collaboration imports none of them).
REGISTERS_WITH_COLLABORATION = {
    "crew",
    "schedules",
    "shots",
    "callsheets",
    "reports",
    "budgets",
    "casting",
}
BELOW = {
    "core": set(),
    "productions": {"core"},
    "crew": {"core", "productions"},
    "schedules": {"core", "productions", "crew"},
    "shots": {"core", "productions", "crew", "schedules"},
    "callsheets": {"core", "productions", "crew", "schedules", "shots"},
    "reports": {"core", "productions", "crew", "schedules", "shots", "callsheets"},
    "budgets": {"core", "productions", "crew", "schedules"},
    "casting": {"core", "productions", "crew", "schedules"},
    "collaboration": {"core", "productions"},
    "webhooks": {"core", "productions"},
}
TOP = {"demo", "bench", "studio"}
# Imports that break the rule today, each with its reason. Empty is the goal.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _modules():
    """Yield (module name, path relative to the root) for every module that counts."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or "/tests/" in relative or relative in WIRING:
                continue
            name = relative.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
            yield name, relative, path


def _imports(name: str, path: Path) -> set[str]:
    """Return the names of the modules ``path`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            # ``from app import module`` imports the module, not only the package.
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _graphs():
    modules = {name: (relative, path) for name, relative, path in _modules()}
    module_graph: dict[str, set[str]] = defaultdict(set)
    app_edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, (relative, path) in modules.items():
        app = name.split(".")[0]
        for target in _imports(name, path):
            top = target.split(".")[0]
            if top not in PACKAGES:
                continue
            if top != app:
                app_edges[(app, top)].add(relative)
            elif target in modules and target != name:
                module_graph[name].add(target)
    return module_graph, app_edges


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _allowed(app: str, target: str) -> bool:
    if app in TOP:
        return True
    if target in TOP:
        return False
    if target == "collaboration" and app in REGISTERS_WITH_COLLABORATION:
        return True
    return target in BELOW.get(app, set())


def test_every_app_imports_only_the_apps_below_it():
    _, app_edges = _graphs()
    broken = {
        f"{app} -> {target} ({', '.join(sorted(files))})"
        for (app, target), files in app_edges.items()
        if not _allowed(app, target) and (app, target) not in EXCEPTIONS
    }
    assert not broken, "imports against the direction:\n" + "\n".join(sorted(broken))


def test_the_apps_import_graph_has_no_cycle():
    _, app_edges = _graphs()
    graph: dict[str, set[str]] = defaultdict(set)
    for app, target in app_edges:
        if (app, target) not in EXCEPTIONS:
            graph[app].add(target)
    assert _cycles(graph) == []


def test_no_app_s_modules_import_each_other_in_a_cycle():
    module_graph, _ = _graphs()
    assert _cycles(module_graph) == []


def test_the_exceptions_are_still_needed():
    _, app_edges = _graphs()
    assert not [edge for edge in EXCEPTIONS if edge not in app_edges]
