"""The section "Wat CBS herzag" on /over-de-data, on two vintages the ETL's writer published
(support/revised_stores.py: population and share_18_35 of Hengelo 2024 revised, 2024
population voorlopig -> definitief everywhere, 2025 new)."""

from __future__ import annotations

import pandas as pd
import pytest
from dash import html
from support.components import find, page, texts
from support.revised_stores import (
    FOCUS,
    NEW,
    NEW_YEAR,
    OLD,
    POPULATION_REVISION,
    REVISED_YEAR,
    publish_two_vintages,
)
from support.stores import demo_vintage

from dashboard.components.revisions_section import SECTION_ID, download_revisions
from dashboard.data.store import STORE


@pytest.fixture(scope="module")
def two_vintages(tmp_path_factory):
    return publish_two_vintages(tmp_path_factory.mktemp("talent-revised"))


@pytest.fixture
def use_two(two_vintages):
    STORE.configure(two_vintages, check_seconds=0)
    yield two_vintages
    STORE.configure()


def section(layout) -> html.Section:
    return next(
        find(
            layout,
            lambda c: (
                isinstance(c, html.Section)
                and any(getattr(h, "id", None) == SECTION_ID for h in find(c.children, bool))
            ),
        )
    )


def table_rows(component, table_id: str) -> list[list[str]]:
    table = next(find(component, lambda c: getattr(c, "id", None) == table_id))
    body = next(find(table, lambda c: isinstance(c, html.Tbody)))
    return [[" ".join(texts(cell)) for cell in row.children] for row in body.children]


def demo_value(indicator: str, region: str, year: int) -> float:
    frame = pd.read_parquet(demo_vintage() / "indicators.parquet")
    rows = frame[
        (frame["indicator"] == indicator)
        & (frame["region_code"] == region)
        & (frame["year"] == year)
    ]
    return float(rows["value"].iloc[0])


def test_rsc001_the_section_lists_what_changed_since_the_previous_vintage(dash_app, use_two):
    layout = page("/over-de-data")["layout"]()
    part = section(layout)
    text = " ".join(texts(part))
    assert "Wat CBS herzag" in text and f"versie {NEW} (1-6-2025 12:00 UTC)" in text
    assert f"versie {OLD} (1-3-2025 12:00 UTC)" in text and "vorige versie" in text
    counts = {row[1]: row for row in table_rows(part, "about-revision-counts")}
    # population: Hengelo 2024 revised; 2024 final in all 17 regions; 2025 new in all 17.
    assert counts["population"][2:] == ["1", "17", "17", "0"]
    assert counts["share_18_35"][2:4] == ["1", "0"]
    rows = table_rows(part, "about-revision-rows")
    assert len(rows) == 50  # limited; the footnote says so and the CSV has them all
    hengelo = next(r for r in rows if r[1] == "population" and r[3] == FOCUS)
    new = demo_value("population", FOCUS, REVISED_YEAR)
    # Dutch numbers: 88.000 -> "88.000"; the difference signed: "+25"
    assert hengelo[4:] == [
        str(REVISED_YEAR),
        f"{new - POPULATION_REVISION:,.0f}".replace(",", "."),
        f"{new:,.0f}".replace(",", "."),
        "+25",
        "voorlopig",
        "definitief",
        "herzien, status",
    ]
    assert "De eerste 50 van" in text and "de download bevat alle regels" in text


def test_rsc002_english_and_the_csv_of_every_row(dash_app, use_two):
    layout = page("/over-de-data")["layout"](taal="en")
    assert "What CBS revised" in " ".join(texts(section(layout)))
    frame = pd.read_parquet(demo_vintage() / "indicators.parquet")
    new_points = int(((frame["year"] == NEW_YEAR) & (frame["status"] != "prognose")).sum())
    # 2 revised values, 17 - 1 further status changes (Hengelo's is one of the revised), new
    status_only, revised = 16, 2
    download = download_revisions({"query": ""}, None)
    assert download["filename"] == f"herzieningen_{OLD}_{NEW}.csv"
    lines = download["content"].lstrip("\ufeff").splitlines()
    assert len(lines) == 1 + revised + status_only + new_points
    new = demo_value("population", FOCUS, REVISED_YEAR)
    hengelo = f"population;Hengelo (O.);{FOCUS};{REVISED_YEAR};{new - 25:.0f};{new:.0f};25;"
    assert any(
        hengelo in line and line.endswith("voorlopig;definitief;herzien, status") for line in lines
    )
    english = download_revisions({"query": "?taal=en"}, None)
    assert english["filename"] == f"revisions_{OLD}_{NEW}.csv"
    assert english["content"].lstrip("\ufeff").startswith("Indicator,id,Region,")


@pytest.mark.parametrize("sinds", ["20200101T000000Z", NEW, "../../etc", "x" * 300])
def test_rsc003_a_vintage_that_does_not_exist_gives_a_note_and_the_previous(
    dash_app, use_two, sinds
):
    part = section(page("/over-de-data")["layout"](sinds=sinds))
    notes = next(find(part, lambda c: getattr(c, "role", None) == "status"))
    assert "bestaat niet (meer)" in " ".join(texts(notes))
    assert "vorige versie" in " ".join(texts(part))
    assert table_rows(part, "about-revision-counts")  # the default comparison is shown
    assert download_revisions({"query": ""}, sinds)["filename"].endswith(f"{OLD}_{NEW}.csv")


def test_rsc004_a_chosen_vintage_from_a_pinned_one(dash_app, use_two):
    # The older vintage pinned with versie, compared with the newer one chosen with sinds.
    part = section(page("/over-de-data")["layout"](versie=OLD, sinds=NEW))
    text = " ".join(texts(part))
    assert "gekozen versie" in text and not list(
        find(part, lambda c: getattr(c, "role", None) == "status")
    )
    counts = {row[1]: row for row in table_rows(part, "about-revision-counts")}
    assert counts["population"][2] == "1"
    links = [a.href for a in find(part, lambda c: isinstance(c, html.A))]
    assert links == [f"/over-de-data?versie={OLD}&sinds={NEW}#{SECTION_ID}"]


def test_rsc005_a_single_vintage_has_nothing_to_compare(dash_app, use_store):
    part = section(page("/over-de-data")["layout"]())
    assert "Er is geen eerdere versie" in " ".join(texts(part))
    assert download_revisions({"query": ""}, None) is None
