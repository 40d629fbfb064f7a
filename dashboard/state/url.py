"""The view a user sets, as it lives in the URL: parse a query string, build one back, and
every link the app hands out.

:func:`parse_view_state` and :func:`build_query` are exact inverses: for every valid
:class:`ViewState` ``s``, ``parse_view_state(build_query(s)) == (s, [])``, and
``build_query`` of any parsed query is stable. This is the only module that reads or writes
query strings and links, paths included: :func:`link` puts the prefix the app is served
under (Dash's ``requests_pathname_prefix``) in front of every path, so the app works behind
a proxy at ``/talentopgave/`` as at ``/``.

Parsing never raises: a value that is malformed, or unknown to the store when
:class:`Choices` are given, falls back to its default and yields a :class:`Note` that the page
shows (role=status).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Literal
from urllib.parse import parse_qsl, quote, urlsplit

import dash

from etl.contract import REGION_CODE, VINTAGE_RE

DEFAULT_GEMEENTE = "GM0164"  # Hengelo
DEFAULT_VERGELIJK = ("CR12", "NL01")  # Twente, Nederland
MAX_COMPARISONS = 8  # more lines than this make a chart unreadable
MAX_VALUE_LENGTH = 200  # longer values are not echoed back in notes

GEMEENTE_RE = re.compile(r"^GM\d{4}$")
REGION_RE = re.compile(REGION_CODE)  # the store's region codes (etl/contract.py)
YEAR_RE = re.compile(r"^\d{4}$")
INDICATOR_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
VIEW_PATH_RE = re.compile(r"^/[a-z0-9_/-]{0,80}$")  # a page path inside this app

# Region groups (``groep``): items separated by ";", each either the key of a predefined
# group (dashboard/data/groups.toml) or "<name>:<code>,<code>…" of municipalities, e.g.
# ``groep=netwerkstad-twente;Hengelo%20%2B%20Borne:GM0164,GM0147``. A group is drawn as a
# comparison region with the code ``GROEP:<slug of its name or key>`` (see group_code); it
# cannot be the focus, because the focus's own cards (pyramid, flows, cohorts, programme
# targets) need one municipality's rows that a sum of municipalities does not have.
# The caps keep the longest allowed URL far below gunicorn's limit_request_line (4094,
# gunicorn.conf.py; bytes of the whole request line: method, URI and protocol version, per
# https://gunicorn.org/reference/settings/#limit_request_line): 3 x (40 name characters,
# each at most 12 characters percent-encoded (4 UTF-8 bytes), + 40 x 7 code characters) is
# under 2,300 (test_url_groups.py).
MAX_GROUPS = 3
MAX_GROUP_MEMBERS = 40
MAX_GROUP_NAME = 40
GROUP_SEPARATOR = ";"
GROUP_CODE_PREFIX = "GROEP:"
GROUP_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# A name: letters (any script), digits, spaces and a few marks; never ":", ";" or ",",
# which separate the parts. Not starting or ending with a space, no double spaces, so the
# name read back is the name written.
GROUP_NAME_RE = re.compile(r"^[^\W_](?:[\w.'&()+/-]| (?=[\w.'&()+/-]))*$")

# Paths of the pages other pages link to (each page registers with its own path).
HOME_PATH = "/"
TALENTOPGAVE_PATH = "/talentopgave"
JONGEREN_PATH = "/jongeren"  # the embed view links its cohort and flow cards there
EMBED_PATH = "/embed"
PRESENTATION_PATH = "/presentatie"
NOTES_PATH = "/presentatie/notities"
COMPOSE_PATH = "/presentatie/samenstellen"
ACCESSIBILITY_PATH = "/toegankelijkheid"  # linked from every footer
PRINT_FRAGMENT = "#print"  # the print view opens the browser's print dialog

Language = Literal["nl", "en"]
View = Literal["grafiek", "tabel"]
OnOff = Literal["aan", "uit"]


@dataclass(frozen=True)
class RegionGroup:
    """A group of municipalities summed into one region. ``members`` empty: the predefined
    group whose key is ``name`` (its names and members come from the data file)."""

    name: str
    members: tuple[str, ...] = ()

    @property
    def predefined(self) -> bool:
        return not self.members


def group_slug(text: str) -> str:
    """``Hengelo + Borne`` -> ``hengelo-borne``: ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "groep"


def group_code(group: RegionGroup) -> str:
    """The region code a group is drawn under, e.g. ``GROEP:netwerkstad-twente``."""
    return GROUP_CODE_PREFIX + (group.name if group.predefined else group_slug(group.name))


def is_group_code(code: str) -> bool:
    return code.startswith(GROUP_CODE_PREFIX)


@dataclass(frozen=True)
class ViewState:
    """Everything a user can set; field names are the URL parameter names (DESIGN.md)."""

    gemeente: str = DEFAULT_GEMEENTE
    vergelijk: tuple[str, ...] = DEFAULT_VERGELIJK
    van: int | None = None  # None: the first year in the data
    tot: int | None = None  # None: the last observed year in the data
    taal: Language = "nl"
    weergave: View = "grafiek"
    gebeurtenissen: OnOff = "uit"  # "aan": the programme's events on every time series
    indicator: str | None = None  # None: the page's own default indicator
    basisjaar: int | None = None  # set: values shown as an index with this year = 100
    versie: str | None = None  # set: a pinned data vintage instead of the newest store
    groep: tuple[RegionGroup, ...] = ()  # region groups, drawn after the comparisons


PARAMETERS = tuple(f.name for f in fields(ViewState))
DEFAULT_STATE = ViewState()


@dataclass(frozen=True)
class Choices:
    """What the store holds, to reject values that are well-formed but unknown."""

    gemeenten: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    indicators: frozenset[str] = field(default_factory=frozenset)
    years: tuple[int, ...] = ()
    vintages: frozenset[str] = field(default_factory=frozenset)
    groups: frozenset[str] = field(default_factory=frozenset)  # keys of predefined groups


@dataclass(frozen=True)
class Note:
    """Why a URL value was not used. ``kind`` selects the text (see :mod:`dashboard.i18n`)."""

    param: str
    value: str
    kind: Literal[
        "invalid",
        "unknown_region",
        "unknown_vintage",
        "years_swapped",
        "dropped",
        "unknown_group",  # groep: a key that is no predefined group
        "empty_group",  # groep: a group without one usable municipality
        "group_members_dropped",  # groep: members past MAX_GROUP_MEMBERS
        "groups_dropped",  # groep: groups past MAX_GROUPS, or a second group of one code
    ]


def query_values(query: str | Mapping[str, object] | None) -> dict[str, str]:
    """First value of every parameter, as strings; anything unreadable becomes ''."""
    if query is None:
        return {}
    if isinstance(query, str):
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
        result: dict[str, str] = {}
        for key, value in pairs:
            result.setdefault(key, value)
        return result
    result = {}
    for name, given in query.items():
        # Flask-style multi-dicts give lists: the first value counts, as for a string.
        first = (given[0] if given else "") if isinstance(given, (list, tuple)) else given
        result[str(name)] = "" if first is None else str(first)
    return result


def _shown(value: str) -> str:
    return value if len(value) <= MAX_VALUE_LENGTH else value[:MAX_VALUE_LENGTH] + "…"


def _parse_year(raw: str, param: str, choices: Choices | None, notes: list[Note]) -> int | None:
    text = raw.strip()
    if YEAR_RE.match(text) and (not choices or not choices.years or int(text) in choices.years):
        return int(text)
    notes.append(Note(param, _shown(raw), "invalid"))
    return None


def _parse_comparisons(raw: str, choices: Choices | None, notes: list[Note]) -> tuple[str, ...]:
    codes: list[str] = []
    for item in raw.split(","):
        code = item.strip().upper()
        if not code:
            continue
        if not REGION_RE.match(code):
            notes.append(Note("vergelijk", _shown(item), "invalid"))
        elif choices and choices.regions and code not in choices.regions:
            notes.append(Note("vergelijk", code, "unknown_region"))
        elif code not in codes:
            codes.append(code)
    if len(codes) > MAX_COMPARISONS:
        notes.append(Note("vergelijk", ",".join(codes[MAX_COMPARISONS:]), "dropped"))
        codes = codes[:MAX_COMPARISONS]
    return tuple(codes)


def _parse_group(item: str, choices: Choices | None, notes: list[Note]) -> RegionGroup | None:
    text = item.strip()
    if ":" not in text:
        key = text.lower()
        if not GROUP_KEY_RE.match(key):
            notes.append(Note("groep", _shown(item), "invalid"))
            return None
        if choices is not None and key not in choices.groups:
            notes.append(Note("groep", key, "unknown_group"))
            return None
        return RegionGroup(key)
    raw_name, _, raw_codes = text.partition(":")
    name = " ".join(raw_name.split())
    if len(name) > MAX_GROUP_NAME or not GROUP_NAME_RE.match(name):
        notes.append(Note("groep", _shown(raw_name), "invalid"))
        return None
    members: list[str] = []
    invalid: list[str] = []
    unknown: list[str] = []
    for raw_code in raw_codes.split(","):
        code = raw_code.strip().upper()
        if not code:
            continue
        if not GEMEENTE_RE.match(code):  # municipalities only: an aggregate would count twice
            invalid.append(raw_code.strip())
        elif choices and choices.gemeenten and code not in choices.gemeenten:
            unknown.append(code)
        elif code not in members:
            members.append(code)
    # One note per kind and group, however many codes: 500 bad codes are one line.
    for kind, codes in (("invalid", invalid), ("unknown_region", unknown)):
        if codes:
            notes.append(Note("groep", _shown(f"{name}: {', '.join(codes)}"), kind))  # type: ignore[arg-type]
    if len(members) > MAX_GROUP_MEMBERS:
        dropped = len(members) - MAX_GROUP_MEMBERS
        notes.append(Note("groep", f"{name}: {dropped}", "group_members_dropped"))
        members = members[:MAX_GROUP_MEMBERS]
    if not members:
        notes.append(Note("groep", name, "empty_group"))
        return None
    return RegionGroup(name, tuple(members))


def _parse_groups(raw: str, choices: Choices | None, notes: list[Note]) -> tuple[RegionGroup, ...]:
    groups: list[RegionGroup] = []
    skipped: list[str] = []
    for item in raw.split(GROUP_SEPARATOR):
        if not item.strip():
            continue
        if len(groups) == MAX_GROUPS:
            skipped.append(item.strip().partition(":")[0])
            continue
        group = _parse_group(item, choices, notes)
        if group is None:
            continue
        if any(group_code(g) == group_code(group) for g in groups):
            skipped.append(group.name)  # two groups under one code: the first one counts
        else:
            groups.append(group)
    if skipped:
        notes.append(Note("groep", _shown(", ".join(skipped)), "groups_dropped"))
    return tuple(groups)


def parse_view_state(
    query: str | Mapping[str, object] | None, choices: Choices | None = None
) -> tuple[ViewState, list[Note]]:
    """The :class:`ViewState` a query describes, and notes about values that were not used."""
    values = query_values(query)
    notes: list[Note] = []
    state: dict[str, object] = {}

    if "gemeente" in values:
        raw = values["gemeente"]
        code = raw.strip().upper()
        if not GEMEENTE_RE.match(code):
            notes.append(Note("gemeente", _shown(raw), "invalid"))
        elif choices and choices.gemeenten and code not in choices.gemeenten:
            notes.append(Note("gemeente", code, "unknown_region"))
        else:
            state["gemeente"] = code
    if "vergelijk" in values:
        state["vergelijk"] = _parse_comparisons(values["vergelijk"], choices, notes)
    for param in ("van", "tot", "basisjaar"):
        if param in values and values[param].strip() != "":
            year = _parse_year(values[param], param, choices, notes)
            if year is not None:
                state[param] = year
    for param, allowed in (
        ("taal", ("nl", "en")),
        ("weergave", ("grafiek", "tabel")),
        ("gebeurtenissen", ("aan", "uit")),
    ):
        if param in values:
            text = values[param].strip().lower()
            if text in allowed:
                state[param] = text
            else:
                notes.append(Note(param, _shown(values[param]), "invalid"))
    if "indicator" in values and values["indicator"].strip() != "":
        text = values["indicator"].strip()
        if INDICATOR_RE.match(text) and (
            not choices or not choices.indicators or text in choices.indicators
        ):
            state["indicator"] = text
        else:
            notes.append(Note("indicator", _shown(values["indicator"]), "invalid"))
    if "versie" in values and values["versie"].strip() != "":
        text = values["versie"].strip()
        if not VINTAGE_RE.match(text):
            notes.append(Note("versie", _shown(values["versie"]), "invalid"))
        elif choices is not None and text not in choices.vintages:
            notes.append(Note("versie", text, "unknown_vintage"))
        else:
            state["versie"] = text

    if "groep" in values:
        state["groep"] = _parse_groups(values["groep"], choices, notes)

    van, tot = state.get("van"), state.get("tot")
    if isinstance(van, int) and isinstance(tot, int) and van > tot:
        state["van"], state["tot"] = tot, van
        notes.append(Note("van", f"{van}>{tot}", "years_swapped"))
    return ViewState(**state), notes  # type: ignore[arg-type]


def _encode(value: str) -> str:
    # ":" and ";" only occur in groep, as its separators; left readable like ",".
    return quote(value, safe=",:;")


def group_value(group: RegionGroup) -> str:
    """A group as ``groep`` holds it: its key, or ``name:code,code``."""
    return group.name if group.predefined else f"{group.name}:{','.join(group.members)}"


def build_query(state: ViewState) -> str:
    """``?gemeente=GM0153&vergelijk=CR12,NL01…`` with defaults left out; '' for the default."""
    parts: list[str] = []
    for name in PARAMETERS:
        value = getattr(state, name)
        if value == getattr(DEFAULT_STATE, name):
            continue
        if name == "groep":
            text = GROUP_SEPARATOR.join(group_value(g) for g in value)
        elif isinstance(value, tuple):
            text = ",".join(value)
        else:
            text = str(value)
        parts.append(f"{name}={_encode(text)}")
    return "?" + "&".join(parts) if parts else ""


def with_changes(state: ViewState, **changes: object) -> ViewState:
    return replace(state, **changes)  # type: ignore[arg-type]


def comparison_codes(state: ViewState) -> tuple[str, ...]:
    """The comparison regions without the focus municipality (it is drawn anyway), then
    the region groups' codes (:func:`group_code`)."""
    regions = tuple(code for code in state.vergelijk if code != state.gemeente)
    return regions + tuple(group_code(g) for g in state.groep)


# --- links ----------------------------------------------------------------------------------


def link(path: str, query: str = "", fragment: str = "") -> str:
    """A link to ``path`` of this app as the browser asks for it: the prefix the app is
    served under, the path, then ``query`` (``?…`` or '') and ``fragment`` (``#…`` or '')."""
    return dash.get_relative_path(path) + query + fragment


def view_link(path: str, state: ViewState) -> str:
    """A link to page ``path`` showing the view ``state``."""
    return link(path, build_query(state))


def presentation_query(
    deck: str | None = None, *, taal: str = DEFAULT_STATE.taal, afdruk: bool = False
) -> str:
    """The query of a presentation link: ``?deck=…&taal=en&afdruk=1``, defaults left out
    (``deck``: an encoded deck, base64url; ``afdruk``: the print view)."""
    parts = [f"deck={_encode(deck)}"] if deck else []
    if taal != DEFAULT_STATE.taal:
        parts.append(f"taal={_encode(taal)}")
    if afdruk:
        parts.append("afdruk=1")
    return "?" + "&".join(parts) if parts else ""


def split_view(view: str) -> tuple[str, str]:
    """A saved view (a deck's slide) as ``(path, query)``: ``/vergrijzing?gemeente=GM0164``
    -> ``("/vergrijzing", "gemeente=GM0164")``. ValueError when it is not a page path of
    this app with its query: no scheme, host or fragment."""
    parts = urlsplit(view)
    if parts.scheme or parts.netloc or parts.fragment or not VIEW_PATH_RE.match(parts.path):
        raise ValueError("view must be a page path with its query, e.g. /vergrijzing?…")
    return parts.path, parts.query
