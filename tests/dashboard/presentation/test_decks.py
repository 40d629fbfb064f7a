"""Decks: the model, the URL encoding and the default deck in the repo."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from dashboard.presentation.decks import (
    MAX_ENCODED_LENGTH,
    Deck,
    DeckError,
    deck_json,
    decode_deck,
    default_deck,
    encode_deck,
    parse_deck,
)
from dashboard.presentation.slides import projector_figure, slide_number
from dashboard.state.url import parse_view_state
from dashboard.state.view import store_choices

SLIDE = {
    "view": "/vergrijzing?gemeente=GM0164&indicator=share_65plus",
    "title_nl": "Vergrijzing",
    "takeaway_nl": "Er komen meer ouderen.",
}


def _deck(**changes) -> dict:
    return {"title_nl": "Test", "slides": [SLIDE], **changes}


def test_dck001_minimal_deck_is_valid_with_defaults():
    deck = parse_deck(_deck())
    assert deck.versie is None
    slide = deck.slides[0]
    assert slide.chart == "line" and slide.notes_nl == ""
    assert slide.path == "/vergrijzing"
    assert slide.indicator() == "share_65plus"
    assert slide.text("title", "en") == "Vergrijzing"  # Dutch when there is no English


@pytest.mark.parametrize(
    "bad",
    [
        _deck(slides=[]),
        _deck(versie="yesterday"),
        _deck(slides=[{**SLIDE, "view": "https://evil.example/x"}]),
        _deck(slides=[{**SLIDE, "view": "//evil.example/x"}]),
        _deck(slides=[{**SLIDE, "view": "javascript:alert(1)"}]),
        _deck(slides=[{**SLIDE, "chart": "pie"}]),
        _deck(slides=[{**SLIDE, "title_nl": ""}]),
        _deck(slides=[{**SLIDE, "surprise": 1}]),
        _deck(slides=[SLIDE] * 41),
        {"slides": [SLIDE]},
    ],
)
def test_dck002_invalid_decks_are_refused_with_a_message(bad):
    with pytest.raises(DeckError) as error:
        parse_deck(bad)
    assert str(error.value)


def test_dck003_url_round_trip():
    deck = parse_deck(_deck(versie="20261127T235959Z", title_en="Test EN"))
    encoded = encode_deck(deck)
    assert set(encoded) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_deck(encoded) == deck
    assert encode_deck(decode_deck(encoded)) == encoded


@pytest.mark.parametrize(
    "text",
    [
        "",
        "!!!",
        "abc",
        "A" * (MAX_ENCODED_LENGTH + 1),
        base64.urlsafe_b64encode(zlib.compress(b"[1,2]")).decode(),
    ],
)
def test_dck004_unreadable_deck_parameter_raises_deck_error(text):
    with pytest.raises(DeckError):
        decode_deck(text)


def test_dck005_size_guards():
    big = {**SLIDE, "notes_nl": "x" * 4000}
    with pytest.raises(DeckError, match="too large|te groot"):
        # incompressible notes, many slides: too long for a link
        import random

        rng = random.Random(5)
        slides = [
            {**big, "notes_nl": "".join(rng.choice("abcdefghij0123456789") for _ in range(4000))}
            for _ in range(5)
        ]
        encode_deck(parse_deck(_deck(slides=slides)))
    bomb = base64.urlsafe_b64encode(zlib.compress(b" " * 5_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < MAX_ENCODED_LENGTH
    with pytest.raises(DeckError):
        decode_deck(bomb)


def test_dck006_default_deck_tells_the_story_and_every_view_parses():
    deck = default_deck()
    assert 6 <= len(deck.slides) <= 10
    for slide in deck.slides:
        state, notes = parse_view_state(slide.query)
        assert notes == [], (slide.view, notes)
        assert slide.title_en and slide.takeaway_en and slide.notes_nl
        assert slide.path in {
            "/",
            "/vergrijzing",
            "/geboorte",
            "/migratie",
            "/arbeidsmarkt",
            "/vergelijken",
            "/talentopgave",
        }
        assert state.gemeente == "GM0164"
    charts = {slide.chart for slide in deck.slides}
    assert {"line", "forecast", "ranking"} <= charts


def test_dck007_file_form_round_trip(tmp_path):
    deck = default_deck()
    path = tmp_path / "deck.json"
    path.write_text(deck_json(deck, indent=2), encoding="utf-8")
    assert parse_deck(path.read_text(encoding="utf-8")) == deck
    assert Deck.model_validate(json.loads(deck_json(deck))) == deck


def test_dck008_slide_state_takes_the_deck_vintage_and_language():
    slide = parse_deck(_deck()).slides[0]
    state = slide.state(versie="20250301T120000Z", taal="en")
    assert state.versie == "20250301T120000Z" and state.taal == "en"
    assert state.indicator == "share_65plus"


@pytest.mark.parametrize(
    "dia,expected", [(None, 1), ("", 1), ("x", 1), ("0", 1), ("3", 3), ("99", 8)]
)
def test_dck009_slide_number_is_clamped(dia, expected):
    assert slide_number(dia, 8) == expected


def test_dck010_projector_figure_has_thick_lines_and_large_type():
    figure = {
        "data": [
            {"type": "scatter", "line": {"width": 2}, "marker": {"size": 7}},
            {"type": "scatter", "line": {"width": 0}},
        ],
        "layout": {"font": {"size": 14}, "xaxis": {}, "yaxis": {"title": {"text": "%"}}},
    }
    shown = projector_figure(figure)
    assert shown["data"][0]["line"]["width"] >= 3
    assert shown["data"][1]["line"]["width"] == 0  # an interval band keeps no outline
    assert shown["layout"]["font"]["size"] >= 24
    assert figure["data"][0]["line"]["width"] == 2  # the card's figure is not changed
    printed = projector_figure(figure, print_mode=True)
    assert printed["layout"]["autosize"] is False


def test_dck011_a_per_1000_chart_stays_per_1000_on_its_slide(store):
    """The migration page shows net migration per 1,000 inhabitants; its slide must show the
    same numbers, not the absolute counts (net migration / population * 1000)."""
    from dashboard.cards.model import CardSpec
    from dashboard.cards.registry import build_card
    from dashboard.presentation.slides import slide_content

    view = "/migratie?gemeente=GM0164&van=2020&tot=2023"
    slide_data = {
        "view": view,
        "title_nl": "Saldo",
        "takeaway_nl": "x",
        "per_1000_of": "population",
    }
    deck = parse_deck(
        _deck(
            slides=[{**slide_data, "view": view + "&indicator=net_migration"}], versie=store.vintage
        )
    )
    slide = deck.slides[0]
    assert slide.per_1000_of == "population"
    assert decode_deck(encode_deck(deck)).slides[0].per_1000_of == "population"
    shown = slide_content(slide, store, "nl")
    page_card = build_card(
        CardSpec("line", "net_migration", "population"),
        slide.state(store_choices(store), versie=store.vintage, taal="nl"),
        store,
    )
    assert shown.table == page_card.table and shown.figure == page_card.figure
    # By hand from the store's own counts, for Hengelo in 2023.
    counts = store.indicators.set_index(["indicator", "region_code", "year"])["value"]
    expected = (
        counts[("net_migration", "GM0164", 2023)] / counts[("population", "GM0164", 2023)] * 1000
    )
    hengelo = shown.figure["data"][0]
    assert abs(hengelo["y"][list(hengelo["x"]).index(2023)] - expected) < 1e-9
    with pytest.raises(DeckError):
        parse_deck(_deck(slides=[{**slide_data, "per_1000_of": "births"}]))
