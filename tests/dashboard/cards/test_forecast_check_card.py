"""The forecast-against-reality card on stores the ETL published: the demo store, and
variants of it written by the ETL's store writer (a band the realisation left, an older
edition beside 85173NED, no forecast). Expected values from the store's own rows."""

from __future__ import annotations

import csv
import dataclasses
import io

import plotly.graph_objects as go
import pytest
from support.stores import publish_store

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import load_store
from dashboard.state.url import ViewState

CHECK = CardSpec("forecast_check", "population_forecast")
FORECAST = "population_forecast"


def _row(store, indicator: str, year: int, region: str = "GM0164"):
    frame = store.indicators
    rows = frame[
        (frame["indicator"] == indicator)
        & (frame["region_code"] == region)
        & (frame["year"] == year)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def _dutch(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _variant(tmp_path, change) -> object:
    def edit(content):
        indicators = change(content.frames.indicators.copy())
        return dataclasses.replace(
            content, frames=dataclasses.replace(content.frames, indicators=indicators)
        )

    return load_store(publish_store(tmp_path, edit=edit))


def test_fcc001_the_card_is_on_the_overzicht_beside_the_forecast(dash_app):
    from dashboard.pages.overzicht import CARDS  # noqa: PLC0415 - pages need the app first

    kinds = [spec.kind for spec in CARDS]
    assert kinds.index("forecast_check") == kinds.index("forecast") + 1


def test_fcc002_demo_store_inside_the_band_by_hand(store):
    content = build_card(CHECK, ViewState(), store)
    # The demo's 03759ned ends in 2025 (provisional); 85173NED runs 2023–2050. Hengelo 2025:
    # realised r, band [lower, upper]; in the demo r lies inside (checked here, not assumed).
    realised = _row(store, "population", 2025)
    band = _row(store, FORECAST, 2025)
    assert band["lower"] <= realised["value"] <= band["upper"]
    assert content.title == (
        "Hengelo (O.) blijft t/m 2025 binnen de bandbreedte van prognose 2023–2050"
    )
    assert content.summary.startswith(
        f"Prognose 2023–2050: in 2025 woonden er {_dutch(realised['value'])} mensen in "
        f"Hengelo (O.); verwacht was {_dutch(band['lower'])} tot {_dutch(band['upper'])} "
        "(binnen de bandbreedte)."
    )
    assert "Cijfers voor 2025 zijn voorlopig." in content.summary
    assert "85173NED" in content.source and "03759ned" in content.source
    assert content.definition.startswith("Werkelijke bevolking op 1 januari")
    figure = go.Figure(content.figure)  # valid plotly
    names = [trace.name for trace in figure.data]
    assert names == [
        "67%-interval prognose 2023–2050",
        "prognose 2023–2050",
        "Hengelo (O.), werkelijk",
        "* voorlopig",  # legend only: what the hollow marker of 2025 means
    ]
    band_trace, forecast_trace, realised_trace = figure.data[:3]
    assert band_trace.fill == "toself" and band_trace.mode == "lines"
    assert list(realised_trace.marker.symbol) == ["circle", "circle", "circle-open"]
    # Band years 2023 … 2030 (the last realised year + 5), then back: upper out, lower back.
    assert list(band_trace.x) == list(range(2023, 2031)) + list(range(2030, 2022, -1))
    assert band_trace.y[2] == band["upper"] and band_trace.y[-3] == band["lower"]
    assert list(realised_trace.x) == [2023, 2024, 2025]
    assert realised_trace.y[-1] == realised["value"]
    # Chart and table from the same rows: 8 band years, realised where known.
    table = content.table
    assert table.header == [
        "Prognose-editie",
        "Jaar",
        "Werkelijk",
        "Prognose",
        "Ondergrens",
        "Bovengrens",
        "Positie",
    ]
    assert len(table.rows) == 8
    assert table.rows[0][2:] == [
        _dutch(_row(store, "population", 2023)["value"]),
        *[_dutch(_row(store, FORECAST, 2023)[c]) for c in ("value", "lower", "upper")],
        "–",  # the starting point is not compared
    ]
    assert table.rows[2] == [
        "2023–2050 (85173NED)",
        "2025",
        _dutch(realised["value"]) + "*",
        _dutch(band["value"]),
        _dutch(band["lower"]),
        _dutch(band["upper"]),
        "binnen de bandbreedte",
    ]
    assert table.rows[3][2] == "–" and table.rows[3][6] == "–"  # 2026: nothing realised
    rows = list(csv.reader(io.StringIO(content.csv("nl").lstrip("\ufeff")), delimiter=";"))
    assert rows[0][2:] == [
        "Prognose-editie",
        "Jaar",
        "Werkelijk",
        "Status",
        "Prognose",
        "Ondergrens",
        "Bovengrens",
        "Positie",
    ]
    assert len(rows) == 1 + 8
    assert rows[3][:6] == [
        "Hengelo (O.)",
        "GM0164",
        "2023–2050 (85173NED)",
        "2025",
        f"{realised['value']:.0f}",
        "voorlopig",
    ]
    assert content.filename == "hengelo_o_forecast_check_2023-2030"


def test_fcc003_english(store):
    content = build_card(CHECK, ViewState(taal="en"), store)
    assert content.title == "Hengelo (O.) stays within the range of forecast 2023–2050 up to 2025"
    assert content.table.header[2] == "Actual"
    assert "within the range" in content.summary


def test_fcc004_a_band_the_realisation_left_says_since_when(tmp_path):
    # Every Hengelo forecast year from 2024 at 97% (value and bounds). Demo: 2024 upper
    # 83,700 -> 81,189 < realised 82,672; 2025 upper 84,200 -> 81,674 < 83,117: above in
    # both compared years, so "since 2024". (The assertion on the numbers re-derives it.)
    def lower_band(frame):
        rows = (
            (frame["indicator"] == FORECAST)
            & (frame["region_code"] == "GM0164")
            & (frame["year"] >= 2024)
        )
        for column in ("value", "lower", "upper"):
            frame.loc[rows, column] = frame.loc[rows, column] * 0.97
        return frame

    store = _variant(tmp_path, lower_band)
    for year in (2024, 2025):
        assert _row(store, "population", year)["value"] > _row(store, FORECAST, year)["upper"]
    content = build_card(CHECK, ViewState(), store)
    assert (
        content.title == "Hengelo (O.) groeit sneller dan voorspeld sinds 2024 (prognose 2023–2050)"
    )
    assert "Buiten de bandbreedte sinds 2024." in content.summary
    english = build_card(CHECK, ViewState(taal="en"), store)
    assert english.title == (
        "Hengelo (O.) has been growing faster than forecast since 2024 (forecast 2023–2050)"
    )
    assert [row[6] for row in content.table.rows[1:3]] == ["boven de bandbreedte"] * 2
    # Enschede's band was not changed: its own verdict, not Hengelo's.
    other = build_card(CHECK, ViewState(gemeente="GM0153"), store)
    assert other.title.startswith("Enschede ")


def test_fcc005_an_older_edition_gets_its_own_band_and_the_newest_tells(tmp_path):
    # An older edition "84527NED" (2020–2050) beside 85173NED: the demo's Hengelo forecast
    # shifted three years earlier with bounds 2% below the values, so its band lies under
    # the realised population (realised 2021–2025 > 0.98 x forecast of three years later
    # is checked below, not assumed). The title follows the newest edition (2023–2050).
    import pandas as pd

    def with_older_edition(frame):
        newest = frame[(frame["indicator"] == FORECAST) & (frame["region_code"] == "GM0164")]
        older = newest.assign(
            year=newest["year"] - 3,
            source="84527NED",
            lower=newest["value"] * 0.97,
            upper=newest["value"] * 0.98,
        )
        older.loc[older["year"] == 2020, ["lower", "upper"]] = older["value"]  # start point
        return pd.concat([frame, older], ignore_index=True)

    store = _variant(tmp_path, with_older_edition)
    content = build_card(CHECK, ViewState(), store)
    names = [trace["name"] for trace in content.figure["data"]]
    assert names == [
        "67%-interval prognose 2023–2050",
        "prognose 2023–2050",
        "67%-interval prognose 2020–2047",
        "prognose 2020–2047",
        "Hengelo (O.), werkelijk",
        "* voorlopig",
    ]
    assert content.title == (
        "Hengelo (O.) blijft t/m 2025 binnen de bandbreedte van prognose 2023–2050"
    )
    frame = store.indicators
    older = frame[(frame["source"] == "84527NED") & frame["year"].between(2021, 2025)]
    realised = {y: _row(store, "population", y)["value"] for y in range(2021, 2026)}
    above = all(realised[int(r.year)] > r.upper for r in older.itertuples())
    assert above  # so the older edition's verdict is "above since 2021"
    assert "Prognose 2020–2047: in 2025" in content.summary
    assert "Buiten de bandbreedte sinds 2021." in content.summary
    editions = [row[0] for row in content.table.rows]
    assert editions[0] == "2020–2047 (84527NED)" and editions[-1] == "2023–2050 (85173NED)"


def test_fcc006_no_forecast_and_no_overlap_are_messages_not_errors(store, tmp_path):
    # A view that ends in 2023: realised only up to the forecast's starting point.
    early = build_card(CHECK, ViewState(van=2015, tot=2023), store)
    assert early.figure is None
    assert early.message == (
        "Er is geen jaar waarin zowel de werkelijke bevolking van Hengelo (O.) als de "
        "bandbreedte van een prognose (2023–2050) bekend is; de werkelijke bevolking loopt "
        "in deze weergave tot en met 2023."
    )
    bare = _variant(tmp_path, lambda frame: frame[frame["indicator"] != FORECAST])
    content = build_card(CHECK, ViewState(), bare)
    assert content.figure is None
    assert content.message.startswith("Deze gegevens bevatten geen bevolkingsprognose")
    assert build_card(CHECK, ViewState(taal="en"), bare).message.startswith(
        "These data hold no population forecast"
    )


@pytest.mark.parametrize("gemeente", ["GM0141", "GM0153", "GM0189"])
def test_fcc007_any_focus_municipality_gets_a_finding(store, gemeente):
    content = build_card(CHECK, ViewState(gemeente=gemeente), store)
    assert content.figure is not None
    assert content.title.startswith(store.name(gemeente))


def test_fcc008_the_card_can_be_embedded(dash_app, use_store):
    import importlib

    embed = importlib.import_module("dashboard.pages.embed")
    text = str(embed.layout(grafiek="forecast_check", gemeente="GM0164", taal="nl"))
    assert "Graph" in text and "card-forecast_check" in text
    assert "Hengelo (O.) blijft t/m 2025 binnen de bandbreedte van prognose 2023–2050" in text
    assert "embed_kind_invalid" not in text and "85173NED" in text
