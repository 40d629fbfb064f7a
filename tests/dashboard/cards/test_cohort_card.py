"""The follow-a-cohort card on the ETL's demo store: numbers by hand from its counts."""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.state.url import ViewState

COHORT = CardSpec("cohort")


def _count(store, region: str, year: int, age: int) -> int:
    ages = store.population_by_age
    row = ages[
        (ages["region_code"] == region)
        & (ages["year"] == year)
        & (ages["age"] == age)
        & (ages["sex"] == "totaal")
    ]
    return int(row["population"].iloc[0])


def _dutch(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def test_coh101_lines_title_and_table_by_hand(store):
    content = build_card(COHORT, ViewState(), store)
    # The demo's 03759ned runs 2000–2025: birth years 1985, 1990, 1995 and 2000 (every 5th
    # back from the newest that reaches 25 in 2025, while 15 is still in 2000 or later).
    figure = go.Figure(content.figure)  # valid plotly
    assert [trace.name for trace in figure.data] == [
        "geboren in 1985",
        "geboren in 1990",
        "geboren in 1995",
        "geboren in 2000",
        "* voorlopig",  # legend only: what the hollow markers of 2025 mean
    ]
    lines = figure.data[:-1]
    # Born in 2000 in Hengelo: P(25, 2025) / P(15, 2015) × 100.
    at_25 = _count(store, "GM0164", 2025, 25) / _count(store, "GM0164", 2015, 15) * 100
    first_at_25 = _count(store, "GM0164", 2010, 25) / _count(store, "GM0164", 2000, 15) * 100
    assert content.title == (
        f"Hengelo (O.): op 25-jarige leeftijd {_dutch(at_25)} per 100 van het aantal "
        f"15-jarigen (geboren in 2000); geboren in 1985: {_dutch(first_at_25)}"
    )
    newest = lines[-1]
    assert list(newest.x) == list(range(15, 26))  # 15 in 2015 … 25 in 2025
    assert newest.y[-1] == at_25 and newest.y[0] == 100.0
    assert list(lines[0].x) == list(range(15, 36))  # born 1985: 35 in 2020
    table = content.table
    assert table.header == ["Leeftijd"] + [trace.name for trace in lines]
    assert table.rows[10] == ["25"] + [
        _dutch(_count(store, "GM0164", b + 25, 25) / _count(store, "GM0164", b + 15, 15) * 100)
        + ("*" if b + 25 == 2025 else "")  # 2025 is provisional in the demo
        for b in (1985, 1990, 1995, 2000)
    ]
    assert table.footnote == "* voorlopig: 2025."
    assert "Geboren in 2000: in Hengelo (O.) van 100 op 15 jaar (2015) naar " in content.summary
    assert "Cijfers voor 2025 zijn voorlopig." in content.summary
    assert "03759ned" in content.source


def test_coh102_definition_prints_the_caveats(store):
    nl = build_card(COHORT, ViewState(), store).definition
    assert "nettocijfer" in nl and "blijvers, vertrekkers, terugkeerders en nieuwkomers" in nl
    assert "Immigranten uit het buitenland" in nl and "minder dan 1 per 1.000" in nl
    en = build_card(COHORT, ViewState(taal="en"), store).definition
    assert "net figure" in en and "under 1 per 1,000" in en


def test_coh103_csv_is_what_is_shown(store):
    content = build_card(COHORT, ViewState(gemeente="GM0153"), store)
    rows = list(csv.reader(io.StringIO(content.csv("nl")[1:]), delimiter=";"))
    assert rows[0] == [
        "Regio",
        "Code",
        "Geboortejaar",
        "Leeftijd",
        "Op 1 januari",
        "Inwoners",
        "Index (15 jaar = 100)",
        "Status",
    ]
    born_1990_at_24 = next(r for r in rows[1:] if r[2] == "1990" and r[3] == "24")
    persons = _count(store, "GM0153", 2014, 24)
    assert born_1990_at_24[:6] == ["Enschede", "GM0153", "1990", "24", "2014", str(persons)]
    assert born_1990_at_24[6] == _dutch(persons / _count(store, "GM0153", 2005, 15) * 100)
    drawn = [trace for trace in content.figure["data"] if trace["x"] != [None]]
    assert len(rows) - 1 == sum(len(trace["x"]) for trace in drawn)
    assert content.filename == "enschede_cohorts_1985-2000"


def test_coh104_municipality_formed_later_and_short_period_say_why(store):
    # Twenterand (GM1700) exists only since 2001: born in 1985 were 15 in 2000, before it.
    content = build_card(COHORT, ViewState(gemeente="GM1700"), store)
    assert content.notes == [
        "Geen lijn voor geboren in 1985: de gemeente Twenterand bestond in 2000, het jaar "
        "waarin zij 15 waren, nog niet."
    ]
    assert [t["name"] for t in content.figure["data"]][0] == "geboren in 1990"
    # 2000–2001 holds no cohort from 15 to 25: a message, no error, no chart.
    short = build_card(COHORT, ViewState(van=2000, tot=2001), store)
    assert short.figure is None
    assert short.message.startswith("Een geboortejaar volgen vraagt minstens 11 jaar gegevens")
    # `tot` bounds the lines: up to 2015 only those reaching 25 by then (1985, 1990); `van`
    # does not (a cohort needs the years before): 2015–2024 follows those born in 1989,
    # 1994 and 1999 from the table's start.
    recent = build_card(COHORT, ViewState(van=2015, tot=2024), store)
    assert [t["name"] for t in recent.figure["data"]][:3] == [
        "geboren in 1989",
        "geboren in 1994",
        "geboren in 1999",
    ]
    bounded = build_card(COHORT, ViewState(van=2000, tot=2015), store)
    assert [t["name"] for t in bounded.figure["data"]] == ["geboren in 1985", "geboren in 1990"]
    assert max(bounded.figure["data"][0]["x"]) == 30  # born 1985: 30 in 2015
