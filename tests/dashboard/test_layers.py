"""Imports in dashboard/ go one way, down the layers; dashboard/ and etl/ share only
etl/contract.py; the running app never imports the export command.

Read from the code (the AST of every module, imports inside functions included), so a
new import that breaks the direction fails here, naming the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Top to bottom. A module may import from its own package and from any layer below its
# own; packages side by side in one layer do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("dashboard.application",),  # builds the app (app.py: `server` for gunicorn)
    ("dashboard.pages",),
    ("dashboard.components", "dashboard.presentation"),
    ("dashboard.cards",),
    ("dashboard.programme",),
    ("dashboard.figures", "dashboard.server"),
    ("dashboard.state",),
    ("dashboard.data", "dashboard.i18n"),
    ("dashboard.settings",),
)
SHARED_WITH_ETL = "etl.contract"


def modules(package: str) -> dict[str, Path]:
    folder = ROOT / package
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import; ``from a import b`` also as ``a.b`` (b may be a
    module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer_of(module: str) -> tuple[int, str] | None:
    """(layer index, package) of a dashboard module; None for the package root."""
    for index, packages in enumerate(LAYERS):
        for package in packages:
            if within(module, package):
                return index, package
    return None


DASHBOARD = modules("dashboard")


def test_lay001_every_dashboard_module_has_a_layer():
    homeless = [name for name in DASHBOARD if name != "dashboard" and layer_of(name) is None]
    assert not homeless, f"place these in LAYERS: {homeless}"


def upward_imports(name: str, path: Path) -> list[str]:
    """The imports of module ``name`` (file ``path``) that do not go down the layers."""
    own = layer_of(name)
    wrong: dict[int, str] = {}  # one per import statement
    for line, target in imports(path):
        if own is None or not within(target, "dashboard") or target == "dashboard":
            continue
        theirs = layer_of(target)
        if theirs is None or theirs[1] == own[1]:
            continue  # the package root, or its own package
        if theirs[0] <= own[0]:
            wrong.setdefault(line, f"line {line}: {target} ({theirs[1]}) is not below {own[1]}")
    return list(wrong.values())


def etl_imports(path: Path) -> list[str]:
    """The imports of anything of etl/ but its contract."""
    return [
        f"line {line}: {target}"
        for line, target in imports(path)
        if within(target, "etl")
        and target != "etl"  # `from etl import x`: etl.x
        and not within(target, SHARED_WITH_ETL)
    ]


@pytest.mark.parametrize("name", sorted(DASHBOARD))
def test_lay002_imports_go_down_the_layers(name):
    assert upward_imports(name, DASHBOARD[name]) == []


@pytest.mark.parametrize("name", sorted(DASHBOARD))
def test_lay003_dashboard_imports_nothing_of_etl_but_its_contract(name):
    assert etl_imports(DASHBOARD[name]) == []


def test_lay004_the_contract_imports_nothing_of_the_project():
    found = [
        target
        for _, target in imports(ROOT / "etl" / "contract.py")
        if within(target, "etl") or within(target, "dashboard")
    ]
    assert found == []


def test_lay005_etl_never_imports_the_dashboard_or_dash():
    wrong = [
        (name, line, target)
        for name, path in modules("etl").items()
        for line, target in imports(path)
        if within(target, "dashboard") or within(target, "dash")
    ]
    assert wrong == []


def test_lay006_the_app_never_imports_the_export_command_or_selenium():
    app_modules = {**DASHBOARD, "app": ROOT / "app.py"}
    wrong = [
        (name, line, target)
        for name, path in app_modules.items()
        for line, target in imports(path)
        if within(target, "dashboard_export") or within(target, "selenium")
    ]
    assert wrong == []


def test_lay007_the_checks_see_a_wrong_import(tmp_path):
    """The checker itself: an upward import, a sideways one and one of the ETL are found."""
    module = tmp_path / "model.py"
    module.write_text(
        "from dashboard.cards.registry import build_card\n"
        "import dashboard.components.shell\n"
        "from dashboard.server import render_cache\n"
        "from dashboard.data.store import STORE\n"
        "from etl import contract, publish\n"
        "from etl.contract import MANIFEST\n",
        encoding="utf-8",
    )
    assert upward_imports("dashboard.figures.model", module) == [
        "line 1: dashboard.cards.registry (dashboard.cards) is not below dashboard.figures",
        "line 2: dashboard.components.shell (dashboard.components) is not below dashboard.figures",
        "line 3: dashboard.server (dashboard.server) is not below dashboard.figures",
    ]
    assert etl_imports(module) == ["line 5: etl.publish"]
