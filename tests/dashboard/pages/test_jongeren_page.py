"""The page "Jongeren: blijven of gaan?" (/jongeren, issue 14) as plain layout functions."""

from __future__ import annotations

import dash
from dash import dcc, html
from support.components import find as _find
from support.components import page as _page
from support.components import texts as _texts


def _cards(layout) -> list[str]:
    return [
        c.id
        for c in _find(layout, lambda c: str(getattr(c, "id", "") or "").startswith("card-jng-"))
    ]


def _class(component) -> str:
    return getattr(component, "className", "") or ""


def test_jng001_in_the_navigation_after_migratie(dash_app, use_store):
    entry = _page("/jongeren")
    assert entry["text_key"] == "page_jongeren" and entry["name"] == "Jongeren"
    paths = [
        p["path"]
        for p in sorted(dash.page_registry.values(), key=lambda p: p.get("order") or 0)
        if p.get("text_key")
    ]
    assert paths.index("/jongeren") == paths.index("/migratie") + 1
    for taal, heading in (
        ("nl", "Jongeren: blijven of gaan?"),
        ("en", "Young people: stay or go?"),
    ):
        layout = entry["layout"](taal=taal)
        assert heading in [
            " ".join(_texts(h)) for h in _find(layout, lambda c: isinstance(c, html.H1))
        ]


def test_jng002_retention_lines_then_the_cohort_then_the_mover_shares(dash_app, use_store):
    layout = _page("/jongeren")["layout"]()
    cards = _cards(layout)
    assert cards[:3] == [
        "card-jng-line-retention_18_25",
        "card-jng-line-retention_18_30",
        "card-jng-cohort",
    ]
    assert "card-jng-line-outmover_share_20_35" in cards
    # Every card comes with its chart, finding title and summary in the first response.
    graphs = list(_find(layout, lambda c: isinstance(c, dcc.Graph)))
    assert len(graphs) == len(cards)
    titles = [" ".join(_texts(h)) for h in _find(layout, lambda c: "card-title" in _class(c))]
    assert titles[2].startswith("Hengelo (O.): op 25-jarige leeftijd ")


def test_jng003_a_municipality_or_years_without_data_give_notes_not_errors(dash_app, use_store):
    # 2000–2001: no retention yet (the cohort's 18th year is before the table), no cohort
    # followed to 25; each card says so instead of failing.
    layout = _page("/jongeren")["layout"](gemeente="GM0153", van="2000", tot="2001")
    words = " ".join(_texts(layout))
    assert "Een geboortejaar volgen vraagt minstens 11 jaar gegevens" in words
    assert not list(_find(layout, lambda c: getattr(c, "role", None) == "alert"))
    nonsense = _page("/jongeren")["layout"](gemeente="GM9999")
    notes = next(
        _find(nonsense, lambda c: "notes" in _class(c) and getattr(c, "role", None) == "status")
    )
    assert "GM9999" in " ".join(_texts(notes))
    assert _cards(nonsense)[:3] == [
        "card-jng-line-retention_18_25",
        "card-jng-line-retention_18_30",
        "card-jng-cohort",
    ]
