"""The benchmarks' server and statistics: gunicorn with the project's gunicorn.conf.py and 2
workers, as in production, on a free port of 127.0.0.1 (the tests' own, tests/support/
servers.py), a check that it serves real pages before anything is measured, and the
percentile the benchmarks report with."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import requests  # noqa: E402
from support import payloads as dp  # noqa: E402
from support.servers import ROOT, free_port, start_gunicorn  # noqa: E402
from support.servers import stop as stop_gunicorn  # noqa: E402

__all__ = [
    "ROOT",
    "count_graphs",
    "free_port",
    "percentile",
    "serves_charts",
    "start_gunicorn",
    "stop_gunicorn",
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def count_graphs(tree: object) -> int:
    """dcc.Graph components in a layout as Dash sends it (type/namespace/props dicts, also
    inside a callback's JSON answer)."""
    if isinstance(tree, list):
        return sum(count_graphs(item) for item in tree)
    if not isinstance(tree, dict):
        return 0
    if "namespace" not in tree:  # not a component: a callback answer's or a prop's dict
        return count_graphs(list(tree.values()))
    own = 1 if tree.get("type") == "Graph" else 0
    props = tree.get("props")
    return own + (count_graphs(list(props.values())) if isinstance(props, dict) else 0)


def serves_charts(base: str) -> str | None:
    """Why the app is not worth measuring (no store, pages without charts), or None: a
    store that failed to load still answers every page with 200, just without data."""
    health = requests.get(base + "/gezondheid", timeout=30)
    if health.status_code != 200:
        return f"/gezondheid answered {health.status_code}: {health.text[:200].strip()}"
    routed = requests.post(
        base + "/_dash-update-component", json=dp.router_payload("/", ""), timeout=30
    )
    if routed.status_code != 200 or not count_graphs(routed.json()):
        return f"the overview page has no chart (router answered {routed.status_code})"
    return None
