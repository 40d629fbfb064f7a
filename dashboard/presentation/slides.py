"""Presentation mode: from a deck (``deck`` URL parameter or the default deck) to slides.

The deck is resolved once per page load: decoded and validated, its pinned vintage looked up
with :meth:`StoreProvider.get` (so a newer ETL run does not change the numbers), and every
slide built through the same :func:`dashboard.cards.registry.build_card` the pages use. Figures are
then restyled for a projector: larger type, thicker lines, black text.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from dashboard.cards.model import CardContent, CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.store import STORE, Store
from dashboard.i18n import LANGUAGES, t
from dashboard.i18n.formatting import format_date
from dashboard.presentation.decks import Deck, DeckError, Slide, decode_deck, default_deck
from dashboard.state.view import grouped_store, store_choices

log = logging.getLogger(__name__)

SCREEN_FONT = 26  # px inside the chart at 1920 x 1080
PRINT_FONT = 18
MIN_LINE_WIDTH = 4  # px: lines must stay visible from the back of the room
SCREEN_HEIGHT = 600
PRINT_HEIGHT = 400
PRINT_WIDTH = 1040  # fits 297 mm at 96 px/in with margins; a print has no window to fill


@dataclass
class ResolvedDeck:
    deck: Deck
    store: Store | None
    messages: list[str] = field(default_factory=list)


def resolve_deck(encoded: str | None, lang: str) -> ResolvedDeck:
    """The deck a URL asks for, and the store of its pinned vintage."""
    messages: list[str] = []
    deck = None
    if encoded:
        try:
            deck = decode_deck(encoded)
        except DeckError as error:
            messages.append(t("deck_invalid", lang, error=str(error)[:200]))
    if deck is None:
        deck = default_deck()
    store = STORE.get(deck.versie)
    if deck.versie and store is not None and store.vintage != deck.versie:
        messages.append(t("deck_vintage_missing", lang, value=deck.versie))
    return ResolvedDeck(deck, store, messages)


def language(taal: str | None) -> str:
    text = (taal or "").strip().lower()
    return text if text in LANGUAGES else "nl"


def slide_number(dia: str | None, total: int) -> int:
    """1-based; anything unreadable is the first slide, past the end the last."""
    try:
        number = int(str(dia).strip())
    except ValueError:
        return 1
    return min(max(number, 1), total)


def vintage_date(store: Store, lang: str) -> str:
    vintage = store.vintage
    if len(vintage) >= 8 and vintage[:8].isdigit():
        return format_date(f"{vintage[0:4]}-{vintage[4:6]}-{vintage[6:8]}", lang)
    return format_date(str(store.manifest.get("created_at") or ""), lang)


def slide_content(slide: Slide, store: Store, lang: str) -> CardContent:
    state = slide.state(store_choices(store, STORE.vintages()), versie=store.vintage, taal=lang)
    store = grouped_store(store, state) or store  # the slide's region groups (groep)
    try:
        return build_card(CardSpec(slide.chart, slide.indicator(), slide.per_1000_of), state, store)
    except Exception:  # one odd slide must not take the whole presentation down
        log.exception("slide %s could not be built", slide.view)
        return CardContent(
            title=slide.title_nl, summary=t("page_error", lang), message=t("page_error", lang)
        )


def projector_figure(figure: dict, *, print_mode: bool = False) -> dict:
    """A card's figure restyled for a projector (or a printed page)."""
    fig = copy.deepcopy(figure)
    size = PRINT_FONT if print_mode else SCREEN_FONT
    layout = fig.setdefault("layout", {})
    layout["height"] = PRINT_HEIGHT if print_mode else SCREEN_HEIGHT
    if print_mode:
        layout["width"] = PRINT_WIDTH
        layout["autosize"] = False
    layout["font"] = {**layout.get("font", {}), "size": size, "color": "#000000"}
    margin = layout.get("margin") or {}
    layout["margin"] = {
        "l": margin.get("l", 24),
        "r": max(margin.get("r", 0), 24),
        "t": 16,
        "b": max(margin.get("b", 0), 16),
    }
    legend = layout.setdefault("legend", {})
    legend["font"] = {"size": size}
    for axis in ("xaxis", "yaxis"):
        if axis in layout:
            layout[axis]["tickfont"] = {"size": size, "color": "#000000"}
            layout[axis]["automargin"] = True  # room for the larger tick labels
            layout[axis]["linecolor"] = "#000000"
            title = layout[axis].get("title")
            if isinstance(title, dict):
                title["font"] = {"size": size}
    for trace in fig.get("data", []):
        line = trace.get("line")
        if isinstance(line, dict) and (line.get("width") is None or line["width"] > 0):
            line["width"] = max(MIN_LINE_WIDTH, (line.get("width") or 2) * 1.5)
        marker = trace.get("marker")
        if isinstance(marker, dict) and isinstance(marker.get("size"), (int, float)):
            marker["size"] = marker["size"] * 1.6
        trace["hoverlabel"] = {"font": {"size": size}}
    return fig
