"""Property-based fuzzing: hostile query strings and callback payloads never give a 5xx
or a traceback. Requests go through the Flask test client; callback payloads are built from
the app's real callback map (tests/support/payloads.py) with their values mutated."""

from __future__ import annotations

import copy
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import payloads as dp

from dashboard.state.url import PARAMETERS

TRACEBACK = re.compile(r"Traceback \(most recent|File \"/|site-packages|\.py\", line \d")
HOSTILE = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "../../etc/passwd",
    "%00",
    "\x00",
    "' OR 1=1 --",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "GM" + "9" * 500,
    "A" * 5000,
    "1e309",
    "-1",
    "NaN",
    "☃💥",
    "\u202e",
    "GM0153,GM0153,GM0153," * 50,
    "CR12,NL01,PV21,GM0164,GM0153,GM0141,GM0147,GM0158,GM0163,GM0168",
    "2024,2012",
    "[]",
    "{}",
    "null",
    "true",
    "0x7e8",
    " 2012 ",
    "２０１２",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
query_params = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=10)),
    hostile_text,
    max_size=6,
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _page_paths() -> list[str]:
    import dash

    return sorted(page["path"] for page in dash.page_registry.values())


def _assert_safe(response, what):
    assert response.status_code < 500, what
    body = response.get_data(as_text=True)
    assert not TRACEBACK.search(body), what


@pytest.fixture(scope="module")
def fuzz_client(dash_app, data_dir):
    from dashboard.data.store import STORE

    STORE.configure(data_dir, check_seconds=0)
    client = dash_app.server.test_client()
    client.get("/")  # the first request registers the pages' callbacks
    deps = client.get("/_dash-dependencies").get_json()
    pages = {}
    for path in _page_paths():
        response = client.post("/_dash-update-component", json=dp.router_payload(path, ""))
        pages[path] = list(dp.payloads_for_page(deps, dp.page_components(response.get_json())))
    yield client, pages
    STORE.configure()


@FUZZ
@given(data=st.data(), params=query_params)
def test_fuz001_hostile_query_strings_on_every_page(fuzz_client, data, params):
    client, pages = fuzz_client
    page = data.draw(st.sampled_from(sorted(pages)))
    query = urlencode(params)
    _assert_safe(client.get(f"{page}?{query}"), query)
    response = client.post("/_dash-update-component", json=dp.router_payload(page, "?" + query))
    _assert_safe(response, query)


@FUZZ
@given(raw=st.text(max_size=200))
def test_fuz002_raw_query_text(fuzz_client, raw):
    client, _ = fuzz_client
    response = client.post("/_dash-update-component", json=dp.router_payload("/", "?" + raw))
    _assert_safe(response, raw)


def _mutate(payload: dict, data) -> dict:
    """The payload with some input/state values replaced by arbitrary JSON."""
    mutated = copy.deepcopy(payload)
    for group in ("inputs", "state"):
        for item in mutated[group]:
            for entry in item if isinstance(item, list) else [item]:
                if data.draw(st.booleans()):
                    entry["value"] = data.draw(json_values)
    return mutated


@FUZZ
@given(data=st.data())
def test_fuz003_mutated_callback_payloads(fuzz_client, data):
    client, pages = fuzz_client
    page = data.draw(st.sampled_from([p for p in sorted(pages) if pages[p]]))
    payload = data.draw(st.sampled_from(pages[page]))
    mutated = _mutate(payload, data)
    response = client.post("/_dash-update-component", json=mutated)
    _assert_safe(response, mutated["output"])


@FUZZ
@given(body=json_values)
def test_fuz004_arbitrary_bodies_for_the_callback_route(fuzz_client, body):
    client, _ = fuzz_client
    _assert_safe(client.post("/_dash-update-component", json=body), repr(body)[:200])
