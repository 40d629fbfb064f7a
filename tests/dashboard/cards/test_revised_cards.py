"""The "herzien" marks on line and forecast cards (chart, table, CSV), on two vintages the
ETL's writer published: Hengelo's share_18_35 and population of 2024 revised
(support/revised_stores.py), expected values read from the two stores."""

from __future__ import annotations

import csv
import io

import plotly.graph_objects as go
import pytest
from support.revised_stores import FOCUS, OLD, REVISED_YEAR, publish_two_vintages

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import load_store
from dashboard.state.url import ViewState

SHARE = CardSpec("line", "share_18_35")


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    root = publish_two_vintages(tmp_path_factory.mktemp("talent-revised-cards"))
    return load_store(root / "store"), load_store(root / "vintages" / OLD)


def csv_rows(text: str, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


def test_rvc001_the_line_card_marks_the_revised_point_everywhere(stores):
    new, old = stores
    before = old.get_series("share_18_35", FOCUS).value_in(REVISED_YEAR)
    after = new.get_series("share_18_35", FOCUS).value_in(REVISED_YEAR)
    content = build_card(SHARE, ViewState(), new)
    go.Figure(content.figure)
    marker = next(t for t in content.figure["data"] if t.get("name") == "herzien")
    assert (marker["x"], marker["y"]) == ([REVISED_YEAR], [after])  # only Hengelo's 2024
    hengelo = content.figure["data"][0]
    note = hengelo["customdata"][hengelo["x"].index(REVISED_YEAR)]
    shown = [f"{v:.1f}".replace(".", ",") + "%" for v in (before, after)]
    assert note == f"<br>herzien t.o.v. versie 1-3-2025 12:00 UTC: {shown[0]} → {shown[1]}"
    table = content.table
    row = next(r for r in table.rows if r[0] == str(REVISED_YEAR))
    assert row[1] == shown[1] + "†"  # Hengelo's column; Twente's 2024 is not revised
    assert all("†" not in cell for cell in row[2:])
    assert table.footnote.endswith(
        "† herzien ten opzichte van versie 1-3-2025 12:00 UTC: Hengelo (O.) 2024."
    )
    rows = csv_rows(content.csv("nl"))
    assert rows[0][-1] == f"Herzien t.o.v. versie {OLD} (oude waarde)"
    marked = [r for r in rows[1:] if r[-1]]
    assert marked == [
        ["Hengelo (O.)", FOCUS, str(REVISED_YEAR), shown[1][:-1], "definitief", shown[0][:-1]]
    ]
    english = csv_rows(build_card(SHARE, ViewState(taal="en"), new).csv("en"), ",")
    assert english[0][-1] == f"Revised since vintage {OLD} (old value)"


def test_rvc002_an_index_view_gives_the_old_value_on_the_same_scale(stores):
    new, old = stores
    state = ViewState(basisjaar=2015)
    content = build_card(SHARE, state, new)
    base = new.get_series("share_18_35", FOCUS).value_in(2015)
    before = old.get_series("share_18_35", FOCUS).value_in(REVISED_YEAR)
    after = new.get_series("share_18_35", FOCUS).value_in(REVISED_YEAR)
    # index = value / base x 100 with the current base (2015 itself is not revised)
    rows = csv_rows(content.csv("nl"))
    hengelo = next(r for r in rows[1:] if r[1] == FOCUS and r[2] == str(REVISED_YEAR))
    assert hengelo[3] == f"{after / base * 100:.1f}".replace(".", ",")
    assert hengelo[-1] == f"{before / base * 100:.1f}".replace(".", ",")


def test_rvc003_the_forecast_cards_history_is_marked(stores):
    new, old = stores
    content = build_card(CardSpec("forecast", "population_forecast"), ViewState(), new)
    go.Figure(content.figure)
    marker = next(t for t in content.figure["data"] if t.get("name") == "herzien")
    assert marker["x"] == [REVISED_YEAR]
    rows = csv_rows(content.csv("nl"))
    before = old.get_series("population", FOCUS).value_in(REVISED_YEAR)
    assert [r[-1] for r in rows[1:] if r[-1]] == [f"{before:.0f}"]


def test_rvc004_the_first_vintage_has_no_marks_and_no_column(stores, store):
    _, old = stores
    for shown in (old, store):  # the older of the two; the one-vintage demo folder
        content = build_card(SHARE, ViewState(), shown)
        assert not any(t.get("name") == "herzien" for t in content.figure["data"])
        assert "†" not in content.table.footnote
        assert not csv_rows(content.csv("nl"))[0][-1].startswith("Herzien")


def test_rvc005_the_ranking_marks_a_revised_bar_its_row_and_csv(stores):
    new, old = stores
    content = build_card(CardSpec("ranking", "share_18_35"), ViewState(tot=REVISED_YEAR), new)
    go.Figure(content.figure)
    bar = content.figure["data"][0]
    marked = [name for name, data in zip(bar["y"], bar["customdata"], strict=True) if data[0]]
    assert marked == ["<b>Hengelo (O.)</b>"] and bar["texttemplate"].endswith("%{customdata[0]}")
    row = next(r for r in content.table.rows if r[1] == "Hengelo (O.)")
    assert row[2].endswith("†")
    before = old.get_series("share_18_35", FOCUS).value_in(REVISED_YEAR)
    rows = csv_rows(content.csv("nl"))
    assert rows[0][-1] == f"Herzien t.o.v. versie {OLD} (oude waarde)"
    assert [r[-1] for r in rows[1:] if r[-1]] == [f"{before:.1f}".replace(".", ",")]
    # In 2025 nothing was revised (new points): no dagger, an empty column.
    newest = build_card(CardSpec("ranking", "share_18_35"), ViewState(), new)
    assert not any(r[2].endswith("†") for r in newest.table.rows)
    assert "customdata" not in newest.figure["data"][0]
