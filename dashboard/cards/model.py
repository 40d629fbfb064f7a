"""A card as data: its spec (kind and indicator), its content, and the helpers every card
builder shares. No Dash, no text lookups beyond the page's language.

A card is described by a :class:`CardSpec`; a builder (:mod:`dashboard.cards.registry`)
turns spec + view state + store into :class:`CardContent`: the finding title, figure,
table, summary, definition, source line, CSV export and file name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from dashboard.cards.csv_export import csv_text
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.state.url import ViewState

DEFAULT_COMPARE_INDICATOR = "share_18_35"
RATE_UNIT = re.compile(r"^(%|per\b|index\b)", re.IGNORECASE)  # "%", "per 1000", "per 100"
REGION_NAMES_EN = {"NL01": "the Netherlands"}
AXIS_TITLE_MAX = 24  # characters of a vertical axis title that fit a 380 px high chart


@dataclass(frozen=True)
class CardSpec:
    """One card on a page. ``kind``: a key of :data:`dashboard.cards.registry.BUILDERS`."""

    kind: str
    indicator: str | None = None
    per_1000_of: str | None = None  # show the indicator per 1,000 of this one

    def card_id(self, page_prefix: str) -> str:
        parts = [page_prefix, self.kind, self.indicator or "", self.per_1000_of or ""]
        return "-".join(p for p in parts if p)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> CardSpec:
        """From client-held data: anything unexpected gives a spec that renders 'no data'."""
        if not isinstance(data, dict):
            return cls(kind="none")
        text = {
            k: data.get(k) if isinstance(data.get(k), str) else None
            for k in ("kind", "indicator", "per_1000_of")
        }
        return cls(
            kind=text["kind"] or "none",
            indicator=text["indicator"],
            per_1000_of=text["per_1000_of"],
        )


@dataclass
class TableData:
    caption: str
    header: list[str]
    rows: list[list[str]]
    footnote: str = ""
    highlight: set[int] = field(default_factory=set)  # rows of the focus municipality


@dataclass
class CardContent:
    title: str
    summary: str
    definition: str = ""
    source: str = ""
    figure: dict | None = None
    # Built only when asked for (table view, tests): formatting every cell of a pyramid
    # costs more than the rest of the card, and the chart view does not need it.
    make_table: Callable[[], TableData] | None = None
    export_header: Sequence[str] = field(default_factory=list)  # exactly what is shown
    export_rows: Sequence[Sequence[object]] = field(default_factory=list)
    export_decimals: dict[int, int] = field(default_factory=dict)  # column -> decimals
    filename: str = "talentopgave"
    notes: list[str] = field(default_factory=list)
    message: str = ""  # shown instead of a figure, e.g. "no boundaries"
    events: list[str] = field(default_factory=list)  # numbered event list below the chart

    @property
    def table(self) -> TableData | None:
        return self.make_table() if self.make_table is not None else None

    def csv(self, lang: str) -> str:
        return csv_text(self.export_header, self.export_rows, lang, self.export_decimals)


Export = tuple[Sequence[str], Sequence[Sequence[object]], dict[int, int]]  # header, rows, decimals


@dataclass(frozen=True)
class Period:
    van: int
    tot: int


def resolve_period(state: ViewState, store: Store) -> Period:
    years = store.observed_years or (0,)
    van = state.van if state.van is not None else years[0]
    tot = state.tot if state.tot is not None else years[-1]
    return Period(min(van, tot), max(van, tot))


def region_name(store: Store, code: str, lang: str) -> str:
    if lang == "en" and code in REGION_NAMES_EN:
        return REGION_NAMES_EN[code]
    return store.name(code)


def compare_indicator(spec: CardSpec, state: ViewState, store: Store) -> str:
    """The indicator a ranking or map shows: the one chosen in the URL, else the card's."""
    return (
        state.indicator
        if state.indicator in store.catalogue
        else spec.indicator or DEFAULT_COMPARE_INDICATOR
    )


def is_count(entry: dict) -> bool:
    """Counts (persons, births) of regions of different sizes cannot share one axis."""
    return not RATE_UNIT.match(str(entry.get("unit", "")).strip())


def axis_title(unit: str, unit_label: str) -> str:
    """A short axis title: "%" or the unit in words when that fits beside a chart, else the
    catalogue's short unit ("per 100"); the full wording is in the definition below it."""
    if unit == "%":
        return "%"
    return unit_label if len(unit_label) <= AXIS_TITLE_MAX else unit


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "regio"


def no_data(title: str, lang: str) -> CardContent:
    return CardContent(title=title, summary=t("no_data", lang), message=t("no_data", lang))


def finish(content: CardContent, export: Export) -> CardContent:
    """``content`` with what its CSV exports: exactly what the card shows."""
    content.export_header, content.export_rows, content.export_decimals = export
    return content
