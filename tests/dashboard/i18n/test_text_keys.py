"""Every text key the code uses exists, and every text key is used.

Read from the code itself (the AST of ``dashboard/**.py``): a key is used where its name
stands as a string, or where it is built from a value with an f-string whose prefix is a
declared family (``dashboard.i18n.KEY_FAMILIES``: prefix -> the values it is built with).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from dashboard.i18n import KEY_FAMILIES, TEXTS

PACKAGE = Path(__file__).resolve().parents[3] / "dashboard"


@cache
def trees() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(PACKAGE.parent)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def head(node: ast.JoinedStr) -> str:
    """The constant text an f-string starts with."""
    first = node.values[0] if node.values else None
    return first.value if isinstance(first, ast.Constant) else ""


def text_arguments(node: ast.AST) -> list[ast.AST]:
    """The expressions a key may come from: both branches of ``a if c else b``."""
    if isinstance(node, ast.IfExp):
        return text_arguments(node.body) + text_arguments(node.orelse)
    return [node]


def keys_asked_for() -> list[tuple[str, str]]:
    """(where, key) of every literal key given to t(), as a ``*_key`` argument, or as
    render_page's title key."""
    asked = []
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = (
                node.func.id
                if isinstance(node.func, ast.Name)
                else node.func.attr
                if isinstance(node.func, ast.Attribute)
                else ""
            )
            candidates = []
            if func == "t" and node.args:
                candidates += text_arguments(node.args[0])
            if func == "render_page" and len(node.args) >= 3:
                candidates.append(node.args[2])
            candidates += [kw.value for kw in node.keywords if kw.arg and kw.arg.endswith("key")]
            for candidate in candidates:
                if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
                    asked.append((f"{name}:{candidate.lineno}", candidate.value))
    return asked


def built_keys() -> list[tuple[str, str]]:
    """(where, prefix) of every f-string that starts like a text key."""
    built = []
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                prefix = head(node)
                # a key prefix ends in "_" (a format spec such as `:g` is an f-string too)
                if prefix.endswith("_") and any(key.startswith(prefix) for key in TEXTS):
                    built.append((f"{name}:{node.lineno}", prefix))
    return built


def literals() -> set[str]:
    return {
        node.value
        for tree in trees().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def family_keys() -> set[str]:
    return {prefix + value for prefix, values in KEY_FAMILIES.items() for value in values}


def test_key001_every_key_the_code_asks_for_exists():
    missing = [(where, key) for where, key in keys_asked_for() if key not in TEXTS]
    assert not missing, missing


def test_key002_keys_built_from_values_belong_to_a_declared_family():
    undeclared = [(where, prefix) for where, prefix in built_keys() if prefix not in KEY_FAMILIES]
    assert not undeclared, undeclared
    assert {prefix for _, prefix in built_keys()} == set(KEY_FAMILIES)  # none declared idly


def test_key003_every_key_of_a_family_exists():
    assert sorted(family_keys() - set(TEXTS)) == []


def test_key004_every_text_key_is_used():
    used = (literals() & set(TEXTS)) | family_keys()
    assert sorted(set(TEXTS) - used) == []


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("role_", lambda: [s.role for s in __import__("etl.sources").sources.SOURCES]),
        ("pillar_", lambda: __import__("etl.programme.sheets").programme.sheets.PILLARS),
        (
            "ms_status_",
            lambda: __import__("etl.programme.sheets").programme.sheets.MILESTONE_STATUSES,
        ),
        ("event_kind_", lambda: __import__("etl.programme.sheets").programme.sheets.EVENT_KINDS),
    ],
)
def test_key005_families_follow_the_etl(prefix, values):
    """The values the dashboard has words for are the ones the ETL can write (those
    outside etl/contract.py are read here, in a test, never by the dashboard)."""
    assert sorted(KEY_FAMILIES[prefix]) == sorted(values())
