"""The contract between etl/ and dashboard/: a store the ETL itself made (``python -m etl
refresh --demo``, in-process) is loaded by the dashboard and every page renders from it, in
both languages, without an error message; every kind of card builds; and the dashboard
reads the files and columns etl/contract.py names, refusing a store that lacks one."""

from __future__ import annotations

import json
import shutil

import dash
import pandas as pd
import pytest
from support import payloads as dp
from support.stores import demo_data_dir

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import BUILDERS, build_card
from dashboard.data import store as store_module
from dashboard.data.store import STORE, StoreError, load_store
from dashboard.i18n import t
from dashboard.state.url import ViewState
from etl import contract

PAGE_ERROR = {t("page_error", lang) for lang in ("nl", "en")}
PATHS = (
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
    "/404",
    "/bestaat-niet",
)


@pytest.fixture(scope="module")
def etl_store():
    """The data folder the ETL published its demo store into (read, never written)."""
    return demo_data_dir()


@pytest.fixture(scope="module")
def client(dash_app, etl_store):
    STORE.configure(etl_store, check_seconds=3600)
    yield dash_app.server.test_client()
    STORE.configure()


def strings(tree: object) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, list):
        return [s for item in tree for s in strings(item)]
    if isinstance(tree, dict):
        return [s for value in tree.values() for s in strings(value)]
    return []


def test_con001_the_dashboard_loads_what_the_etl_published(etl_store):
    loaded = load_store(etl_store / contract.STORE_LINK)
    manifest = json.loads((etl_store / contract.STORE_LINK / contract.MANIFEST).read_text())
    assert loaded.vintage == manifest["vintage"] and loaded.mode == "demo"
    assert list(loaded.indicators.columns) == list(contract.INDICATOR_COLUMNS)
    assert set(loaded.catalogue) == set(loaded.indicators["indicator"])
    assert loaded.programme is not None and loaded.boundaries is not None
    assert loaded.population_by_age is not None
    assert len(loaded.twente_gemeenten) == 14


def test_con002_the_paths_are_every_page(client):
    assert {p["path"] for p in dash.page_registry.values()} == set(PATHS) - {"/bestaat-niet"}


@pytest.mark.parametrize("path", PATHS)
def test_con003_every_page_renders_from_it_in_both_languages(client, path):
    for query in ("", "?taal=en"):
        response = client.post("/_dash-update-component", json=dp.router_payload(path, query))
        assert response.status_code == 200, (path, query)
        page = response.get_json()["response"]["_pages_content"]["children"]
        words = strings(page)
        assert words, (path, query)
        assert not PAGE_ERROR & set(words), (path, query)  # no part failed to render
        for payload in dp.payloads_for_page(
            client.get("/_dash-dependencies").get_json(), dp.page_components(response.get_json())
        ):
            answer = client.post("/_dash-update-component", json=payload)
            assert answer.status_code in (200, 204), (path, query, payload["output"])
            if answer.status_code == 200:
                assert not PAGE_ERROR & set(strings(answer.get_json())), payload["output"]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_con004_every_kind_of_card_builds_with_a_figure(etl_store, kind):
    loaded = load_store(etl_store / contract.STORE_LINK)
    indicator = {
        "line": "share_18_35",
        "forecast": "population_forecast",
        "map": "share_18_35",
        "ranking": "share_18_35",
        "target": "population",
    }.get(kind)
    for lang in ("nl", "en"):
        content = build_card(CardSpec(kind, indicator), ViewState(taal=lang), loaded)
        assert content.figure is not None and not content.message, (kind, lang)
        assert content.title and content.summary and content.export_rows


def test_con005_a_store_without_a_contract_column_is_refused(etl_store, tmp_path):
    folder = tmp_path / "vintage"
    shutil.copytree(etl_store / contract.STORE_LINK, folder)
    frame = pd.read_parquet(folder / contract.REGIONS_FILE)
    frame.drop(columns=["in_twente"]).to_parquet(folder / contract.REGIONS_FILE)
    with pytest.raises(StoreError, match="regions.parquet: missing columns in_twente"):
        load_store(folder)


def test_con006_the_contracts_codes_by_name():
    """The dashboard names the contract's codes by unpacking its tuples; in this order."""
    assert (store_module.FINAL, store_module.PROVISIONAL, store_module.FORECAST) == (
        "definitief",
        "voorlopig",
        "prognose",
    )
    assert (store_module.TOTAL, store_module.MEN, store_module.WOMEN) == ("totaal", "man", "vrouw")
    assert (
        store_module.GEMEENTE,
        store_module.COROP,
        store_module.PROVINCIE,
        store_module.LAND,
    ) == ("gemeente", "corop", "provincie", "land")
    assert (store_module.LIVE, store_module.OFFLINE, store_module.DEMO) == (
        "live",
        "offline",
        "demo",
    )
