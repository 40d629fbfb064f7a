"""Test modules need names unique across tests/: the folders have no ``__init__.py``, so
pytest imports every test file by its bare name and refuses to collect a second
``test_flows.py`` ("import file mismatch"), which stops the whole run at collection."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_tst001_every_test_module_has_a_name_of_its_own():
    where: dict[str, list[str]] = defaultdict(list)
    for path in TESTS.rglob("test_*.py"):
        if "node_modules" not in path.parts:
            where[path.name].append(str(path.relative_to(TESTS)))
    shared = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not shared, f"rename one of each: {shared}"
