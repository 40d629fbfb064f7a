"""Presentation decks: an ordered list of saved views, with the data vintage they pin.

A deck is a small JSON document (``decks/talentopgave.json`` is the default one) validated by
:class:`Deck`. Each slide holds a view exactly as the address bar has it (``/vergrijzing?
gemeente=GM0164&indicator=share_65plus``), which chart of that view to show, a title, a
one-sentence takeaway and presenter notes. A deck travels as a file or inside a URL:
:func:`encode_deck` / :func:`decode_deck` (compact JSON, zlib, base64url), with a size guard
so a link stays short enough for mail clients and a pasted blob cannot exhaust memory.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dashboard.state.url import Choices, ViewState, parse_view_state, query_values, split_view
from etl.contract import VINTAGE_RE

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DECK_FILE = ROOT / "decks" / "talentopgave.json"
MAX_SLIDES = 40
MAX_ENCODED_LENGTH = 8000  # characters of the `deck` URL parameter (links stay < ~8 kB)
MAX_JSON_BYTES = 200_000  # a decoded deck larger than this is refused (zip bombs)
# The card kinds a slide may show (dashboard.cards.registry.BUILDERS on CBS figures).
ChartKind = Literal[
    "line",
    "forecast",
    "pyramid",
    "ranking",
    "map",
    "cohort",
    "flow_destinations",
    "flow_origins",
    "flow_net",
    "flow_map",
]
DEFAULT_INDICATORS = {
    "line": "share_18_35",
    "forecast": "population_forecast",
    "ranking": "share_18_35",
    "map": "share_18_35",
    "pyramid": None,
    "cohort": None,  # birth years followed through the single years of age, no indicator
    # moves between municipalities: the view's focus and years, no indicator
    "flow_destinations": None,
    "flow_origins": None,
    "flow_net": None,
    "flow_map": None,
}


class DeckError(ValueError):
    """A deck that cannot be read; the message says why (shown to the user)."""


class Slide(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    view: str = Field(min_length=1, max_length=600)
    chart: ChartKind = "line"
    # The chart as the adviser saw it: per 1,000 of this indicator (the migration page shows
    # migration per 1,000 inhabitants). None: the indicator's own values.
    per_1000_of: Literal["population"] | None = None
    title_nl: str = Field(min_length=1, max_length=160)
    title_en: str | None = Field(default=None, max_length=160)
    takeaway_nl: str = Field(min_length=1, max_length=400)
    takeaway_en: str | None = Field(default=None, max_length=400)
    notes_nl: str = Field(default="", max_length=4000)
    notes_en: str = Field(default="", max_length=4000)

    @field_validator("view")
    @classmethod
    def _relative_view(cls, value: str) -> str:
        split_view(value)  # raises ValueError when it is not a page path with its query
        return value

    @property
    def path(self) -> str:
        return split_view(self.view)[0]

    @property
    def query(self) -> str:
        return split_view(self.view)[1]

    def text(self, field: str, lang: str) -> str:
        """``title``/``takeaway``/``notes`` in ``lang``, Dutch when there is no English."""
        return getattr(self, f"{field}_{lang}", None) or getattr(self, f"{field}_nl")

    def state(
        self, choices: Choices | None = None, *, versie: str | None = None, taal: str | None = None
    ) -> ViewState:
        """The view state of this slide, with the deck's vintage and the shown language."""
        values = query_values(self.query)
        values.pop("versie", None)
        if versie:
            values["versie"] = versie
        if taal:
            values["taal"] = taal
        state, _notes = parse_view_state(values, choices)
        return state

    def indicator(self) -> str | None:
        return query_values(self.query).get("indicator") or DEFAULT_INDICATORS[self.chart]


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title_nl: str = Field(min_length=1, max_length=160)
    title_en: str | None = Field(default=None, max_length=160)
    versie: str | None = None  # the pinned data vintage; None: the newest store
    slides: list[Slide] = Field(min_length=1, max_length=MAX_SLIDES)

    @field_validator("versie")
    @classmethod
    def _vintage(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not VINTAGE_RE.match(value):
            raise ValueError("versie must look like 20261127T235959Z")
        return value

    def title(self, lang: str) -> str:
        return (self.title_en if lang == "en" else None) or self.title_nl


def _errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5]
    )


def parse_deck(data: object) -> Deck:
    """A :class:`Deck` from parsed JSON or JSON text; raises :class:`DeckError`."""
    try:
        if isinstance(data, (str, bytes)):
            if len(data) > MAX_JSON_BYTES:
                raise DeckError("deck is too large")
            data = json.loads(data)
        return Deck.model_validate(data)
    except ValidationError as error:
        raise DeckError(_errors(error)) from error
    except ValueError as error:  # JSON syntax
        raise DeckError(f"not valid JSON: {error}") from error


def deck_json(deck: Deck, *, indent: int | None = None) -> str:
    return deck.model_dump_json(exclude_none=True, exclude_defaults=True, indent=indent)


def encode_deck(deck: Deck) -> str:
    """The value of the ``deck`` URL parameter; raises :class:`DeckError` when too long."""
    packed = zlib.compress(deck_json(deck).encode("utf-8"), 9)
    text = base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    if len(text) > MAX_ENCODED_LENGTH:
        raise DeckError(
            f"deck too large for a link ({len(text)} > {MAX_ENCODED_LENGTH} "
            "characters); share it as a file"
        )
    return text


def decode_deck(text: str) -> Deck:
    """Inverse of :func:`encode_deck`; raises :class:`DeckError` on anything unreadable."""
    text = (text or "").strip()
    if not text or len(text) > MAX_ENCODED_LENGTH:
        raise DeckError("deck parameter missing or too long")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            raise DeckError("deck is too large")
    except (binascii.Error, zlib.error, ValueError) as error:
        if isinstance(error, DeckError):
            raise
        raise DeckError("deck parameter is not a valid deck link") from error
    return parse_deck(raw.decode("utf-8", errors="replace"))


def load_deck_file(path: Path | str) -> Deck:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise DeckError(f"cannot read {path}: {error}") from error
    return parse_deck(text)


def default_deck() -> Deck:
    return load_deck_file(DEFAULT_DECK_FILE)
