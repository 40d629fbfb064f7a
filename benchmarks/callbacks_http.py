"""Callbacks over HTTP against gunicorn, next to a static-JSON floor in the same run.

Issue 12, item 3: "on the server, p95 <= 10 ms for a cache hit". A cache hit is a request
whose answer the worker has already rendered (dashboard/server/render_cache.py): the pages
router's POST for a URL opened before, and a card's callback for a view state and card seen
before. The floor is ``GET /_dash-layout``: Dash's answer is the app's fixed outer layout
(~0.5 kB of JSON, the same bytes on every request, no store read), so it is what one request
through gunicorn, Flask and Dash costs with no work of ours. ``/gezondheid`` is not used as the
floor: it reads the store's manifest state on every call.

One client, one request at a time (a keep-alive session), so the figures are latencies, not a
load test (that is bench_load.py). Every case is sent ``WARMUP`` times first so that both
workers have rendered it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests
from support import payloads as dp

FLOOR = "floor: GET /_dash-layout (static JSON)"
WARMUP = 10
CACHED_PAGES = ["/", "/talentopgave", "/vergrijzing"]


def _checked(response: requests.Response) -> requests.Response:
    if response.status_code != 200:
        raise RuntimeError(
            f"{response.request.method} {response.url} answered {response.status_code}: "
            f"{response.text[:300]}"
        )
    return response


def http_cases(base_url: str) -> dict[str, Callable[[], object]]:
    session = requests.Session()

    def post(body: dict) -> Callable[[], object]:
        return lambda: _checked(session.post(base_url + "/_dash-update-component", json=body))

    deps = _checked(session.get(base_url + "/_dash-dependencies")).json()
    home = _checked(
        session.post(base_url + "/_dash-update-component", json=dp.router_payload("/", ""))
    ).json()
    card_deps = [d for d in dp.server_callbacks(deps) if '"card-head"' in d["output"]]
    card_payload = next(dp.payloads_for_page(card_deps, dp.page_components(home)), None)
    if card_payload is None:
        raise RuntimeError("no card callback on / (card-head/card-body): did the card ids change?")
    card = card_payload["outputs"][0]["id"]["card"]

    cases: dict[str, Callable[[], object]] = {
        FLOOR: lambda: _checked(session.get(base_url + "/_dash-layout")),
    }
    for path in CACHED_PAGES:
        cases[f"page open {path} (router, cache hit)"] = post(dp.router_payload(path, ""))
    cases[f"card callback {card} (cache hit)"] = post(card_payload)
    return cases


def measure_http(cases: dict[str, Callable[[], object]], iterations: int) -> dict[str, list[float]]:
    """ms per request for every case; the cases take turns so that a slow moment of the
    shared machine hits all of them alike."""
    for function in cases.values():
        for _ in range(WARMUP):
            function()
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(iterations):
        for name, function in cases.items():
            start = time.perf_counter()
            function()
            samples[name].append((time.perf_counter() - start) * 1000)
    return samples
