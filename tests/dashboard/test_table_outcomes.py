"""Source tables a refresh could not renew, as the app shows them (issue 10, items 2 and 3).

Every store here is published by the real ETL, never written by hand: a good offline
rebuild from the demo raw cache, then a rebuild from a copy of that cache whose forecast
table CBS "changed" (85173NED kept from the first vintage); a first rebuild in an empty
folder from a cache whose forecast and labour tables are spoiled (both absent); and the
demo the ETL publishes when CBS cannot be reached on the very first run. The app must say,
on every chart that uses such a table, on the about-data page, in the demo banner, in the
header (the store's age) and on /gezondheid, what is old or missing and why.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from support.components import components, texts
from support.etl_runs import run_etl
from support.fakecbs import FakeCBS

from dashboard.cards.model import CardSpec
from dashboard.cards.notes import card_sources
from dashboard.cards.registry import build_card
from dashboard.components import shell
from dashboard.components.chart_card import card_body
from dashboard.data.store import STORE, load_store
from dashboard.server import health
from dashboard.state.url import parse_view_state
from dashboard.state.view import store_choices
from etl import demo
from etl.demo.cache import write_demo_raw_cache

ROOT = Path(__file__).resolve().parents[2]
PROGRAMME = ROOT / "programme" / "talentopgave.xlsx"
FORECAST, LABOUR = "85173NED", "86008NED"
NO_PDOK = {"TALENT_PDOK_URL": "http://127.0.0.1:9/{year}"}  # fail at once, not after 60 s


@dataclass(frozen=True)
class Stores:
    kept: Path  # data folder: 85173NED kept from `first_vintage`
    first_vintage: str  # everything fresh
    absent: Path  # data folder: 85173NED and 86008NED absent
    demo: Path  # data folder: the demo, because CBS could not be reached


def refresh(data_dir: Path, *args: str, expect: int) -> None:
    code, out = run_etl(data_dir, "refresh", "--programme", str(PROGRAMME), *args, env=NO_PDOK)
    assert code == expect, out


def spoiled_copy(raw_dir: Path, target: Path, *tables: str) -> Path:
    """The raw cache as a CBS that changed ``tables`` would leave it: no DataProperties."""
    shutil.copytree(raw_dir, target)
    for table in tables:
        for folder in (target / table).iterdir():
            (folder / "DataProperties.json").write_text("[]")
            (folder / "TypedDataSet.parquet").unlink(missing_ok=True)  # the parsed sidecar
    return target


def manifest(data_dir: Path) -> dict:
    return json.loads((data_dir / "store" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Stores:
    root = tmp_path_factory.mktemp("outcomes")
    raw_dir = root / "raw"
    write_demo_raw_cache(raw_dir, "twente")

    kept = root / "kept"
    refresh(kept, "--offline", str(raw_dir), expect=0)
    first = manifest(kept)
    assert first["mode"] == "offline"
    assert {e["outcome"] for e in first["tables"].values()} == {"fresh"}
    refresh(
        kept, "--offline", str(spoiled_copy(raw_dir, root / "raw-forecast", FORECAST)), expect=3
    )
    entry = manifest(kept)["tables"][FORECAST]
    assert entry["outcome"] == "kept" and entry["kept_from"] == first["vintage"]

    absent = root / "absent"
    refresh(
        absent,
        "--offline",
        str(spoiled_copy(raw_dir, root / "raw-two", FORECAST, LABOUR)),
        expect=3,
    )
    assert {manifest(absent)["tables"][t]["outcome"] for t in (FORECAST, LABOUR)} == {"absent"}

    demo_dir = root / "demo"
    refresh(demo_dir, "--cbs-url", "http://127.0.0.1:9", "--demo-if-unreachable", expect=0)
    assert manifest(demo_dir)["mode"] == "demo"
    return Stores(kept, first["vintage"], absent, demo_dir)


@pytest.fixture
def serve(dash_app):
    """Point the app at one of the data folders; back to the default afterwards."""

    def point_at(data_dir: Path) -> None:
        STORE.configure(data_dir, check_seconds=0)

    yield point_at
    STORE.configure()


def state_for(store, **query):
    state, notes = parse_view_state(query, store_choices(store))
    assert not notes, notes
    return state


def card(data_dir: Path, spec: CardSpec, lang: str, store_path: Path | None = None):
    store = load_store(store_path or data_dir / "store")
    return build_card(spec, state_for(store, taal=lang), store)


def dutch_date(iso: str) -> str:
    day = datetime.fromisoformat(iso).date()
    return f"{day.day}-{day.month}-{day.year}"


FORECAST_CARD = CardSpec("forecast", "population_forecast")


# --- the note on each chart ---------------------------------------------------------------


def test_out001_forecast_card_says_its_figures_are_kept_and_why(stores):
    modified = manifest(stores.kept)["tables"][FORECAST]["modified"]
    nl = card(stores.kept, FORECAST_CARD, "nl")
    en = card(stores.kept, FORECAST_CARD, "en")
    assert nl.notes[0] == (
        f"Prognose ({FORECAST}): cijfers van {dutch_date(modified)}; CBS heeft de tabel gewijzigd."
    )
    assert en.notes[0] == (
        f"Forecast ({FORECAST}): figures of {modified[:10]}; CBS changed the table."
    )
    assert nl.figure is not None
    assert any(row[4] == "prognose" for row in nl.export_rows)  # the kept forecast is shown


def test_out002_forecast_card_without_its_table_says_it_is_absent(stores):
    nl = card(stores.absent, FORECAST_CARD, "nl")
    en = card(stores.absent, FORECAST_CARD, "en")
    assert nl.notes[0] == f"Prognose ({FORECAST}): niet beschikbaar; CBS heeft de tabel gewijzigd."
    assert en.notes[0] == f"Forecast ({FORECAST}): not available; CBS changed the table."
    assert nl.figure is not None  # the observed population is still there
    assert not any(row[4] == "prognose" for row in nl.export_rows)  # and no forecast year


def test_out003_a_card_with_no_data_still_shows_why(stores):
    """The labour table is absent: the card has nothing to draw, and says why."""
    spec = CardSpec("line", "net_labour_participation")
    content = card(stores.absent, spec, "nl")
    assert content.figure is None and content.message
    note = f"Arbeidsdeelname ({LABOUR}): niet beschikbaar; CBS heeft de tabel gewijzigd."
    assert content.notes == [note]
    rendered = card_body("lab", content, "grafiek", "nl")
    shown = [c for c in components(rendered) if getattr(c, "className", "") == "card-note"]
    assert [texts(c) for c in shown] == [[note]]
    assert content.message in texts(rendered)


def test_out004_the_embed_view_shows_the_note(stores, serve):
    from dashboard.pages import embed

    serve(stores.absent)
    page = embed.layout(indicator="employed_labour_force", taal="en")
    assert f"Labour participation ({LABOUR}): not available; CBS changed the table." in texts(page)


def test_out017_a_slide_on_a_kept_table_shows_the_note(stores, serve):
    from dashboard.pages import presentatie
    from dashboard.presentation.decks import Deck, Slide, encode_deck

    serve(stores.kept)
    deck = Deck(
        title_nl="Raad",
        slides=[
            Slide(
                view="/?gemeente=GM0164",
                chart="forecast",
                title_nl="Bevolking",
                takeaway_nl="Groei",
            )
        ],
    )
    page = presentatie.layout(deck=encode_deck(deck), taal="nl")
    assert any(t.startswith(f"Prognose ({FORECAST}): cijfers van") for t in texts(page))


def test_out005_cards_on_refreshed_tables_have_no_such_note(stores):
    for spec in (
        CardSpec("line", "share_18_35"),
        CardSpec("pyramid"),
        CardSpec("ranking", "birth_rate"),
        CardSpec("map", "share_18_35"),
        CardSpec("line", "births", per_1000_of="population"),
    ):
        for data_dir in (stores.kept, stores.absent):
            notes = card(data_dir, spec, "nl").notes
            assert not any(FORECAST in n or LABOUR in n for n in notes), (spec, notes)
    # The first vintage, all fresh: the forecast card has no note either.
    first = stores.kept / "vintages" / stores.first_vintage
    assert card(stores.kept, FORECAST_CARD, "nl", store_path=first).notes == []


def test_out006_target_card_of_the_population_notes_the_forecast(stores):
    """The population target is drawn with the forecast: a kept forecast is noted there."""
    store = load_store(stores.kept / "store")
    if store.programme is None or "population" not in set(store.programme.targets["indicator"]):
        pytest.skip("the programme file has no population target")
    content = build_card(CardSpec("target", "population"), state_for(store, taal="nl"), store)
    assert content.notes[0].startswith(f"Prognose ({FORECAST}): cijfers van ")


def test_out007_what_each_card_draws_from(stores):
    store = load_store(stores.kept / "store")
    state = state_for(store, taal="nl")
    assert card_sources(FORECAST_CARD, state, store) == ["population_by_age", "forecast"]
    assert card_sources(CardSpec("pyramid"), state, store) == ["population_by_age"]
    # Which municipalities are Twente comes from the regions table.
    assert card_sources(CardSpec("map", "net_labour_participation"), state, store) == [
        "labour",
        "regions",
    ]
    assert card_sources(CardSpec("budget"), state, store) == []


# --- the about-data page --------------------------------------------------------------------


def test_out008_about_page_lists_the_kept_table_with_its_reason(stores, serve):
    from dashboard.i18n.formatting import format_vintage
    from dashboard.pages import over_de_data

    serve(stores.kept)
    entry = manifest(stores.kept)["tables"][FORECAST]
    page = over_de_data.layout(taal="nl")
    section = next(
        c for c in components(page) if "not-refreshed" in str(getattr(c, "className", ""))
    )
    words = texts(section)
    assert f"{FORECAST} · Prognose" in words
    assert "overgenomen uit een eerdere versie" in words
    assert (
        f"{dutch_date(entry['modified'])} (uit gegevensversie "
        f"{format_vintage(stores.first_vintage, 'nl')})"
    ) in words
    assert "CBS heeft de tabel gewijzigd" in words
    problem = next(c for c in components(section) if getattr(c, "lang", None) == "en")
    assert problem.children == entry["problem"]  # the ETL's own sentence, marked English
    assert not any(LABOUR in w for w in words)
    assert "Cijfers van" in words


def test_out016_about_page_of_absent_tables_gives_no_date(stores, serve):
    from dashboard.pages import over_de_data

    serve(stores.absent)
    section = over_de_data.not_refreshed_section(STORE.current(), "nl")
    words = texts(section)
    assert f"{LABOUR} · Arbeidsdeelname" in words and f"{FORECAST} · Prognose" in words
    assert words.count("niet beschikbaar") == 2 and "Cijfers van" not in words


def test_out009_about_page_sources_table_has_an_outcome_column(stores, serve):
    from dashboard.pages import over_de_data

    serve(stores.absent)
    store = STORE.current()
    table = over_de_data.source_table(store, "en")
    column = table.header.index("Last refresh")
    outcomes = {row[0]: row[column] for row in table.rows}
    assert outcomes[FORECAST] == outcomes[LABOUR] == "not available"
    assert {o for t, o in outcomes.items() if t not in (FORECAST, LABOUR)} == {"refreshed"}
    forecast_row = next(row for row in table.rows if row[0] == FORECAST)
    assert forecast_row[1] == "–"  # an absent table has no title; not "None"
    listed = over_de_data.not_refreshed(store, "en")
    assert sorted((i.table, i.outcome, i.figures_of) for i in listed) == [
        (FORECAST, "not available", None),
        (LABOUR, "not available", None),
    ]


def test_out010_about_page_of_a_store_with_every_table_fresh(stores, serve):
    from dashboard.pages import over_de_data

    serve(stores.demo)
    assert "Every source table was refreshed for this data version." in texts(
        over_de_data.layout(taal="en")
    )


# --- the demo banner --------------------------------------------------------------------------


def banner(page):
    return next(c for c in components(page) if "banner-demo" in str(getattr(c, "className", "")))


def test_out011_demo_banner_says_why(stores, serve):
    from dashboard.pages import overzicht

    serve(stores.demo)
    assert (
        "".join(texts(banner(overzicht.layout(taal="nl"))))
        == "Demonstratiegegevens — geen echte CBS-cijfers, omdat: CBS kon niet worden bereikt"
    )
    assert (
        "".join(texts(banner(overzicht.layout(taal="en"))))
        == "Demonstration data — not real CBS figures, because: CBS could not be reached"
    )


def test_out012_demo_banner_names_the_failing_table_in_english(tmp_path, serve):
    """On a first run where a population table fails, the demo's reason is the ETL's own
    (English) sentence: shown whole, and marked as English on the Dutch page."""
    from dashboard.pages import overzicht

    tables = demo.write_demo_tables(tmp_path / "tables", "twente")
    with FakeCBS(tables) as server:
        server.add_fault("03759ned", "status", status=404, times=None)
        refresh(tmp_path / "data", "--cbs-url", server.url, "--demo-if-unreachable", expect=0)
    reason = manifest(tmp_path / "data")["demo_reason"]
    assert "03759ned" in reason
    serve(tmp_path / "data")
    shown = banner(overzicht.layout(taal="nl"))
    assert (
        "".join(texts(shown))
        == f"Demonstratiegegevens — geen echte CBS-cijfers, omdat: {reason.strip()}"
    )
    marked = [c for c in components(shown) if getattr(c, "lang", None) == "en"]
    assert [c.children for c in marked] == [reason.strip()]


# --- the store's age in the header -------------------------------------------------------------


class _Today(date):
    shown: date

    @classmethod
    def today(cls):
        return cls.shown


@pytest.mark.parametrize(
    ("days", "lang", "age"),
    [
        (0, "nl", "vandaag"),
        (1, "nl", "1 dag oud"),
        (3, "nl", "3 dagen oud"),
        (0, "en", "today"),
        (1, "en", "1 day old"),
        (1234, "en", "1,234 days old"),
        (1234, "nl", "1.234 dagen oud"),
    ],
)
def test_out013_header_shows_how_old_the_store_is(stores, serve, monkeypatch, days, lang, age):
    from datetime import timedelta

    from dashboard.i18n.formatting import format_vintage
    from dashboard.pages import overzicht

    serve(stores.kept)
    vintage = STORE.current().vintage
    made = date(int(vintage[:4]), int(vintage[4:6]), int(vintage[6:8]))
    monkeypatch.setattr(_Today, "shown", made + timedelta(days=days), raising=False)
    monkeypatch.setattr(shell, "date", _Today)
    header = next(
        c
        for c in components(overzicht.layout(taal=lang))
        if getattr(c, "id", None) == "data-vintage"
    )
    label = "Gegevensversie" if lang == "nl" else "Data version"
    assert header.children == f"{label}: {format_vintage(vintage, lang)} ({age})"


# --- /gezondheid -------------------------------------------------------------------------------


def test_out014_health_names_kept_and_absent_tables(stores, serve, dash_app):
    client = dash_app.server.test_client()
    serve(stores.kept)
    response = client.get("/gezondheid")
    assert response.status_code == 200
    assert response.get_json()["tables"] == {"kept": [FORECAST], "absent": []}
    serve(stores.absent)
    body, status = health.health()
    assert status == 200 and body["status"] == "ok"
    assert sorted(body["tables"]["absent"]) == sorted([FORECAST, LABOUR])
    assert body["tables"]["kept"] == []
    serve(stores.demo)
    assert client.get("/health").get_json()["tables"] == {"kept": [], "absent": []}


def test_out015_age_of_odd_vintages():
    from dashboard.i18n.formatting import days_old

    assert days_old("20261202T235959Z", date(2026, 12, 5)) == 3
    assert days_old("20261202T000000Z", date(2026, 12, 1)) == 0  # a clock ahead of ours
    assert days_old("20260230T000000Z", date(2026, 12, 1)) is None  # no such day
    assert days_old("demo", date(2026, 12, 1)) is None  # a folder name, not a vintage
