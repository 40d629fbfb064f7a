"""The rendered wire form of every page (several queries, both languages) and of every server
callback on it stays exactly as recorded: a refactor that moves code must not change what
the browser receives.

What is compared: each page as the pages router answers it and each callback's answer,
through the real Flask/Dash stack (test client), on a store the ETL published (fixed
vintage), as canonical JSON (keys sorted) hashed with SHA-256; the hashes are in
``wire_forms.json`` beside this file. Today's date is pinned (``RECORDED_ON``): the
programme's milestones mark what is past and what comes next, so an unpinned recording would
fail the next day. The only normalised text is the store's age in the header (the store is
published when the test runs).

When a change is *meant* to alter what is rendered, record again and commit the new hashes:

    TALENT_RECORD_WIRE_FORMS=1 .venv/bin/python -m pytest tests/dashboard/test_wire_forms.py

``TALENT_WIRE_FORMS_DUMP=DIR`` also writes each rendered form to DIR, to diff two runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from support import payloads as dp
from support.stores import publish_store

from dashboard.data.store import STORE

RECORDED = Path(__file__).with_name("wire_forms.json")
RECORD = os.environ.get("TALENT_RECORD_WIRE_FORMS") == "1"
DUMP = os.environ.get("TALENT_WIRE_FORMS_DUMP")
VINTAGE = "20250301T120000Z"
RECORDED_ON = date(2026, 12, 2)
# Every module that asks for today's date while rendering (found with `grep "date.today"`).
DATED_MODULES = (
    "dashboard.cards.programme",
    "dashboard.components.shell",
    "dashboard.server.render_cache",
)


class RecordingDay(date):
    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return RECORDED_ON


PAGES = (
    "/",
    "/vergrijzing",
    "/geboorte",
    "/migratie",
    "/jongeren",
    "/arbeidsmarkt",
    "/vergelijken",
    "/talentopgave",
    "/over-de-data",
    "/toegankelijkheid",
    "/embed",
    "/presentatie",
    "/presentatie/notities",
    "/presentatie/samenstellen",
    "/bestaat-niet",
)
QUERIES = (
    "",
    "?taal=en",
    "?gemeente=GM0153&vergelijk=CR12,NL01,GM0141&van=2015&tot=2023",
    "?taal=en&weergave=tabel&gebeurtenissen=aan&basisjaar=2016",
    "?indicator=share_65plus&gemeente=GM0189&taal=en",
    "?gemeente=XX99&van=abc&vergelijk=<script>&taal=fr",
)
AGE = re.compile(
    r"\((vandaag|today|\d+ dagen oud|1 dag oud|\d+ days old|1 day old)"
    r"(, [^)]*)?\)"
)


def canonical(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return AGE.sub("(AGE)", text)


@pytest.fixture(scope="module")
def client(tmp_path_factory, dash_app):
    data_dir = tmp_path_factory.mktemp("wire")
    publish_store(data_dir, vintage=VINTAGE)
    STORE.configure(data_dir, check_seconds=3600)
    with pytest.MonkeyPatch.context() as patch:
        for module in DATED_MODULES:
            patch.setattr(f"{module}.date", RecordingDay)
        yield dash_app.server.test_client()
    STORE.configure()


def rendered_forms(client) -> dict[str, str]:
    """{what was rendered: canonical JSON} for every page, query and callback."""
    deps = client.get("/_dash-dependencies").get_json()
    forms: dict[str, str] = {}
    for path in PAGES:
        for query in QUERIES:
            answer = client.post(
                "/_dash-update-component", json=dp.router_payload(path, query)
            ).get_json()
            forms[f"page {path}{query}"] = canonical(answer)
            components = dp.page_components(answer)
            for payload in dp.payloads_for_page(deps, components):
                response = client.post("/_dash-update-component", json=payload)
                body = response.get_json() if response.is_json else response.status_code
                # keyed by what it updates: the order of the callback map depends on the
                # order in which modules were imported
                outputs = json.dumps(payload["outputs"], sort_keys=True)
                forms[f"callback {path}{query} {outputs}"] = canonical(body)
    return forms


def test_wir001_every_page_and_callback_renders_as_recorded(client):
    forms = rendered_forms(client)
    hashes = {key: hashlib.sha256(text.encode()).hexdigest() for key, text in forms.items()}
    if DUMP:
        folder = Path(DUMP)
        folder.mkdir(parents=True, exist_ok=True)
        for i, (key, text) in enumerate(forms.items()):
            (folder / f"{i:04d}.json").write_text(f"{key}\n{text}", encoding="utf-8")
    if RECORD:
        RECORDED.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        pytest.skip(f"recorded {len(hashes)} wire forms in {RECORDED.name}")
    recorded = json.loads(RECORDED.read_text())
    assert sorted(hashes) == sorted(recorded), "the set of pages and callbacks changed"
    changed = [key for key in recorded if hashes[key] != recorded[key]]
    assert not changed, f"{len(changed)} of {len(recorded)} differ, e.g. {changed[:5]}"
