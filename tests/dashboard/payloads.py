"""benchmarks/dash_payloads.py for the tests: callback requests as the browser sends them,
built from the app's real callback map. Loaded by path, as benchmarks/ is not a package."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _load():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "dash_payloads.py"
    spec = importlib.util.spec_from_file_location("dash_payloads", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("dash_payloads", module)
    spec.loader.exec_module(module)
    return module


dp = _load()
