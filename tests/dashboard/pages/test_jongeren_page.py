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


JONGEREN_KINDS = ("cohort", "flow_destinations", "flow_origins", "flow_net", "flow_map")


def test_jng004_the_page_shows_the_flow_cards_beside_the_mover_shares_map_last(dash_app, use_store):
    cards = _cards(_page("/jongeren")["layout"](van="2020", tot="2024"))
    assert cards[2:6] == [
        "card-jng-cohort",
        "card-jng-flow_destinations",
        "card-jng-flow_origins",
        "card-jng-flow_net",
    ]
    assert cards[6:8] == [
        "card-jng-line-outmover_share_20_35",
        "card-jng-line-inmover_share_20_35",
    ]
    assert cards[-1] == "card-jng-flow_map"


def test_jng005_embed_shows_a_cohort_or_flow_card_and_refuses_other_kinds(dash_app, use_store):
    import importlib

    from dashboard.cards.model import CardSpec
    from dashboard.cards.registry import build_card
    from dashboard.state.view import resolve_view

    embed = importlib.import_module("dashboard.pages.embed")
    query = {"gemeente": "GM0153", "van": "2010", "tot": "2024"}
    for kind in JONGEREN_KINDS:
        layout = embed.layout(grafiek=kind, **query)
        title = " ".join(_texts(next(_find(layout, lambda c: "card-title" in _class(c)))))
        assert (
            title
            == build_card(
                CardSpec(kind), resolve_view(query).state, resolve_view(query).store
            ).title
        )
        assert list(_find(layout, lambda c: isinstance(c, dcc.Graph)))
        full = next(_find(layout, lambda c: isinstance(c, html.A)))
        assert full.href.startswith("/jongeren?gemeente=GM0153")
    odd = embed.layout(grafiek="<script>", indicator="share_18_35")
    words = " ".join(_texts(odd))
    assert (
        "De waarde “<script>” voor “grafiek” is niet geldig; de lijngrafiek wordt getoond." in words
    )
    assert "Aandeel inwoners van 18 tot en met 35 jaar" in words


def test_jng006_every_card_of_the_page_goes_into_a_deck_and_onto_its_slide(dash_app, use_store):
    from dashboard.cards.model import CardSpec
    from dashboard.cards.registry import build_card
    from dashboard.presentation.decks import decode_deck, encode_deck, parse_deck
    from dashboard.presentation.slides import slide_content
    from dashboard.state.view import resolve_view

    view = "/jongeren?gemeente=GM0164&van=2010&tot=2024"
    deck = parse_deck(
        {
            "title_nl": "Jongeren",
            "slides": [
                {"view": view, "chart": kind, "title_nl": kind, "takeaway_nl": "x"}
                for kind in JONGEREN_KINDS
            ],
        }
    )
    deck = decode_deck(encode_deck(deck))  # the link form keeps the kinds
    page = resolve_view("?gemeente=GM0164&van=2010&tot=2024")
    for slide, kind in zip(deck.slides, JONGEREN_KINDS, strict=True):
        assert slide.chart == kind
        shown = slide_content(slide, page.store, "nl")
        assert shown.title == build_card(CardSpec(kind), page.state, page.store).title
        assert shown.figure is not None and shown.message == ""


def test_jng007_card_callbacks_and_csv_follow_the_view_state(use_store):
    from dashboard.components.chart_card import csv_download, render_card
    from dashboard.state.sync import next_view_state

    data = next_view_state(None, {"gemeente": "GM0153", "van": 2020, "tot": 2024})
    for kind in JONGEREN_KINDS:
        spec = {"kind": kind, "card": f"jng-{kind}"}
        head, body = render_card(data, spec)
        assert "Enschede" in head.children, kind
        table_state = next_view_state(data, {}, weergave="tabel")
        _, table_body = render_card(table_state, spec)
        assert list(_find(body, lambda c: isinstance(c, dcc.Graph))), kind
        assert list(_find(table_body, lambda c: isinstance(c, html.Table))), kind
    download = csv_download(data, {"kind": "flow_net"})
    assert download["filename"] == "enschede_net_moves_2020-2024.csv"
    lines = download["content"].lstrip("\ufeff").splitlines()
    assert lines[0] == "Gemeente;Code;Vestigers (in);Vertrekkers (uit);Saldo (in − uit)"
    assert len(lines) == 1 + 10
