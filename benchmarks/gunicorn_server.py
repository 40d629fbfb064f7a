"""The benchmarks' server and statistics: gunicorn with the project's gunicorn.conf.py and 2
workers, as in production, on a free port of 127.0.0.1 (the tests' own, tests/support/
servers.py), and the percentile the benchmarks report with."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support.servers import ROOT, free_port, start_gunicorn  # noqa: E402
from support.servers import stop as stop_gunicorn  # noqa: E402

__all__ = ["ROOT", "free_port", "percentile", "start_gunicorn", "stop_gunicorn"]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0
