"""Why a retention value is absent: notes from retention_gaps.parquet, by hand and on the
ETL's demo store."""

from __future__ import annotations

import pandas as pd

from dashboard.cards.gaps import gap_notes, year_spans
from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.state.url import ViewState

GAPS = pd.DataFrame(
    [
        ("retention_18_25", "GM0164", 2000, "series_start"),
        ("retention_18_25", "GM0164", 2001, "series_start"),
        ("retention_18_25", "CR12", 2000, "series_start"),
        ("retention_18_25", "CR12", 2001, "series_start"),
        ("retention_18_25", "GM1700", 2007, "region_missing"),
        ("retention_18_30", "GM0164", 2011, "series_start"),  # another indicator
    ],
    columns=["indicator", "region_code", "year", "reason"],
)
NAMES = {"GM0164": "Hengelo (O.)", "CR12": "Twente", "GM1700": "Twenterand"}


def test_gap001_year_spans():
    assert year_spans([2003, 2000, 2001, 2002, 2005, 2007, 2008]) == "2000–2003, 2005, 2007–2008"
    assert year_spans([2024]) == "2024"
    assert year_spans([]) == ""


def test_gap002_notes_for_the_shown_regions_and_years():
    notes = gap_notes(GAPS, "retention_18_25", ["GM0164", "CR12"], 2000, 2025, NAMES, "nl")
    # The series start once (the same years for every region), nothing of 18_30.
    assert notes == [
        "Geen waarde voor 2000–2001: de reeks begint later (het jaar waarin dit cohort 18 was, "
        "staat nog niet in de tabel)."
    ]
    notes = gap_notes(GAPS, "retention_18_25", ["GM1700", "CR12"], 2001, 2025, NAMES, "en")
    assert notes == [
        "No value for 2001: the series starts later (the year this cohort was 18 is not in the "
        "table yet).",
        "No value for Twenterand in 2007: the municipality did not exist yet (in the year this "
        "cohort was 18).",
    ]
    # Outside the period, or a region not shown: no note.
    assert gap_notes(GAPS, "retention_18_25", ["GM1700"], 2008, 2025, NAMES, "nl") == []
    assert gap_notes(None, "retention_18_25", ["GM0164"], 2000, 2025, NAMES, "nl") == []


def test_gap003_the_line_cards_say_why_on_the_demo_store(store):
    # The demo's 03759ned starts in 2000: retention 18->25 has no value before 2007, and
    # Twenterand (formed 2001) none for 2007 (its 18-year-olds of 2000 were not counted).
    card = build_card(CardSpec("line", "retention_18_25"), ViewState(gemeente="GM1700"), store)
    assert card.notes == [
        "Geen waarde voor 2000–2006: de reeks begint later (het jaar waarin dit cohort 18 was, "
        "staat nog niet in de tabel).",
        "Geen waarde voor Twenterand in 2007: de gemeente bestond toen nog niet (in het jaar "
        "waarin dit cohort 18 was).",
    ]
    assert min(card.figure["data"][0]["x"]) == 2008
    # 2000–2001: no value at all, a message and the reason, never an error.
    empty = build_card(
        CardSpec("line", "retention_18_30"), ViewState(gemeente="GM0153", van=2000, tot=2001), store
    )
    assert empty.figure is None and empty.message == "Geen gegevens voor deze keuze."
    assert empty.notes[-1].startswith("Geen waarde voor 2000–2001: de reeks begint later")
    # Other indicators have no gaps file entries: no notes.
    assert build_card(CardSpec("line", "share_18_35"), ViewState(), store).notes == []
