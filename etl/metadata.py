"""What a CBS code means comes from the table's own metadata: items are found by their title.

CBS renumbers topic suffixes between editions (``NettoArbeidsparticipatie_3`` may become
``_5``), recodes dimension members between tables (the total of both sexes is ``T001038`` in
one table and ``1100`` in another) and pads keys. A code written into this project is
therefore never trusted on its own: every item the ETL uses is declared in
:mod:`etl.sources` by *what its title says*, and looked up here in the table's
``DataProperties`` and dimension entities. Where a code public sources give (``expected``)
and the title disagree, the title wins and a warning says so. When no item has the title,
:class:`MetadataError` names the table, the dimension or topic, the title searched for and the
nearest titles the table has now.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import pandas as pd


class MetadataError(LookupError):
    """An item the ETL needs is missing from (or ambiguous in) a CBS table's metadata."""

    def __init__(self, table_id: str, item: str, hint: str = ""):
        self.table_id, self.item = table_id, item
        message = f"CBS table {table_id}: {item}"
        # One sentence: what was looked for, then what the table has now.
        super().__init__(f"{message}; {hint[:1].lower()}{hint[1:]}" if hint else message)


class TableMetadata(Protocol):
    """What a lookup needs of a table: :class:`etl.raw.RawTable` and the extract's view.
    (Read-only members: a frozen dataclass qualifies; ``warnings`` is appended to.)"""

    @property
    def table_id(self) -> str: ...

    @property
    def properties(self) -> list[dict]: ...

    @property
    def dimensions(self) -> dict[str, pd.DataFrame]: ...  # Key (stripped), Title per member

    @property
    def warnings(self) -> list[str]: ...


def normalised(text: object) -> str:
    """A title as compared: lower case, punctuation and hyphens as spaces, one space."""
    cleaned = re.sub(r"[\s\-–,;:()/]+", " ", str(text or "").lower())
    return cleaned.strip()


@dataclass(frozen=True)
class Title:
    """What an item's title must say, as a regular expression on the normalised title
    (:func:`normalised`), and in words for messages."""

    pattern: str
    words: str

    def matches(self, title: object) -> bool:
        return re.search(self.pattern, normalised(title)) is not None


def starts_with(words: str) -> Title:
    return Title(rf"^{re.escape(normalised(words))}\b", words)


def exactly(words: str) -> Title:
    return Title(rf"^{re.escape(normalised(words))}$", words)


def containing(words: str) -> Title:
    return Title(rf"\b{re.escape(normalised(words))}", words)


TOTAL = starts_with("Totaal")  # 'Totaal', 'Totaal mannen en vrouwen', 'Totaal personen'


def nearest(titles: Iterable[str], wanted: str, n: int = 4) -> list[str]:
    """The titles most like ``wanted`` (for messages); all of them when few."""
    titles = [t for t in dict.fromkeys(str(t) for t in titles) if t]
    if len(titles) <= n:
        return titles
    by_normal = {normalised(t): t for t in titles}
    close = difflib.get_close_matches(normalised(wanted), list(by_normal), n=n, cutoff=0.0)
    return [by_normal[c] for c in close]


def _quoted(titles: list[str]) -> str:
    return ", ".join(f"'{t}'" for t in titles) if titles else "none"


# --- dimensions ---------------------------------------------------------------------------


def dimension_keys(properties: list[dict]) -> list[str]:
    return [p["Key"] for p in properties if str(p.get("Type", "")).endswith("Dimension")]


def dimension_of_kind(table_id: str, properties: list[dict], kind: str) -> str:
    """The one ``GeoDimension`` or ``TimeDimension`` of a table (``Type`` in DataProperties)."""
    found = [p["Key"] for p in properties if p.get("Type") == kind]
    if len(found) != 1:
        raise MetadataError(
            table_id, f"one {kind} in DataProperties (found: {', '.join(found) or 'none'})"
        )
    return found[0]


def find_dimension(t: TableMetadata, key_prefix: str, title: Title) -> str:
    """A dimension by key prefix (``Leeftijd`` finds ``Leeftijd31December``); when no key
    has the prefix, the one dimension whose title says ``title`` (with a warning).

    Dimension keys are CBS's stable handles; their titles are only checked, because a
    dimension's members are what carry meaning, and those are found by title."""
    dims = [p for p in t.properties if str(p.get("Type", "")).endswith("Dimension")]
    by_key = [p for p in dims if str(p["Key"]).startswith(key_prefix)]
    if len(by_key) > 1:
        by_key = [p for p in by_key if title.matches(p.get("Title"))] or by_key
    if len(by_key) == 1:
        found = by_key[0]
        if not title.matches(found.get("Title")):
            t.warnings.append(
                f"{t.table_id}: dimension {found['Key']} is titled "
                f"'{found.get('Title')}', not like '{title.words}'"
            )
        return str(found["Key"])
    wanted = f"dimension {key_prefix}… (titled like '{title.words}')"
    if len(by_key) > 1:
        raise MetadataError(
            t.table_id,
            f"{wanted} is ambiguous",
            f"Candidates: {', '.join(str(p['Key']) for p in by_key)}.",
        )
    by_title = [p for p in dims if title.matches(p.get("Title"))]
    if len(by_title) == 1:
        t.warnings.append(
            f"{t.table_id}: the dimension titled '{by_title[0].get('Title')}' "
            f"has key {by_title[0]['Key']}, not {key_prefix}…; using it"
        )
        return str(by_title[0]["Key"])
    raise MetadataError(
        t.table_id,
        f"no {wanted}",
        f"Its dimensions now: {_quoted([str(p.get('Key')) for p in dims])}.",
    )


def member_titles(entity: pd.DataFrame) -> dict[str, str]:
    """``{stripped key: title}`` of a dimension entity, in CBS's order."""
    keys = entity["Key"].astype(str).str.strip()
    titles = entity["Title"].astype(str) if "Title" in entity else pd.Series("", index=keys.index)
    return dict(zip(keys, titles, strict=True))


def find_member(
    t: TableMetadata, dimension: str, title: Title, *, what: str, expected: str | None = None
) -> str:
    """The code of the one member of ``dimension`` whose title says ``title``.

    ``expected`` is the code public sources give (each with its source where it is
    declared); if the table gives that title to another code, the title wins, with a
    warning in ``t.warnings``. Raises :class:`MetadataError` when no member (or more than
    one) has the title."""
    members = member_titles(t.dimensions[dimension])
    matches = [code for code, member in members.items() if title.matches(member)]
    if len(matches) == 1:
        code = matches[0]
        if expected is not None and code != expected:
            t.warnings.append(
                f"{t.table_id}: {what} in dimension {dimension} is code {code} "
                f"('{members[code]}'), not {expected} as expected"
                + (f" (CBS titles {expected} '{members[expected]}')" if expected in members else "")
                + "; the title wins"
            )
        return code
    if not matches:
        raise MetadataError(
            t.table_id,
            f"dimension {dimension} has no member titled like '{title.words}' ({what})",
            f"Nearest titles it has now: {_quoted(nearest(members.values(), title.words))}.",
        )
    raise MetadataError(
        t.table_id,
        f"dimension {dimension} has {len(matches)} members titled like '{title.words}' ({what})",
        f"Codes: {', '.join(matches)}; expected exactly one.",
    )


def find_total(t: TableMetadata, dimension: str) -> str:
    """The total member of a dimension we do not break down: titled 'Totaal…'.

    CBS's totals mostly carry keys starting ``T00`` (``T001038``, ``T001019``, ``T009002`` in
    ../shared/cbs-snapshot/37259ned/Geslacht.json and the demo of DESIGN.md); a 'Totaal' title
    on another key is still the total, and a ``T00`` key titled otherwise is not."""
    members = member_titles(t.dimensions[dimension])
    titled = [code for code, member in members.items() if TOTAL.matches(member)]
    if len(titled) > 1:  # e.g. 'Totaal' and 'Totaal (excl. ...)': take the plain one
        plain = [code for code in titled if normalised(members[code]) == "totaal"]
        titled = plain if len(plain) == 1 else sorted(titled, key=lambda c: len(members[c]))[:1]
    if titled:
        code = titled[0]
        keyed = [c for c in members if c.startswith("T00")]
        if keyed and code not in keyed:
            t.warnings.append(
                f"{t.table_id}: the total of {dimension} is code {code} "
                f"('{members[code]}'), not {keyed[0]} ('{members[keyed[0]]}'); "
                "the title wins"
            )
        return code
    raise MetadataError(
        t.table_id,
        f"dimension {dimension} has no member titled like 'Totaal…' (its total)",
        f"Nearest titles it has now: {_quoted(nearest(members.values(), 'Totaal'))}.",
    )


# --- topics --------------------------------------------------------------------------------


def topics(properties: list[dict]) -> list[dict]:
    return [p for p in properties if p.get("Type") == "Topic"]


def find_topic(t: TableMetadata, key_prefix: str, title: Title, *, what: str = "") -> str:
    """The key of the topic the ETL calls ``key_prefix``, confirmed by its title.

    CBS keeps a topic's key prefix across editions and only renumbers the suffix
    (``LevendGeborenKinderen_3``), and builds keys from the Dutch title, so the prefix finds
    the candidate and the title confirms what it counts. A title found on another key wins
    (with a warning); a key whose title says something else is not used."""
    pattern = re.compile(rf"^{re.escape(key_prefix.rstrip('_'))}_\d+$")
    all_topics = topics(t.properties)
    by_key = [p for p in all_topics if pattern.match(str(p["Key"]))]
    confirmed = [p for p in by_key if title.matches(p.get("Title"))]
    if len(confirmed) == 1:
        return confirmed[0]["Key"]
    by_title = [p for p in all_topics if title.matches(p.get("Title"))]
    label = f"topic {key_prefix}… titled like '{title.words}'" + (f" ({what})" if what else "")
    if len(by_title) == 1:
        found = by_title[0]
        if by_key:
            t.warnings.append(
                f"{t.table_id}: topic {by_key[0]['Key']} is titled "
                f"'{by_key[0].get('Title')}'; '{title.words}' is now "
                f"{found['Key']}; the title wins"
            )
        else:
            t.warnings.append(
                f"{t.table_id}: '{title.words}' is now topic {found['Key']} "
                f"(no key {key_prefix}…); the title wins"
            )
        return str(found["Key"])
    if len(by_title) > 1:
        raise MetadataError(
            t.table_id,
            f"{label} is ambiguous",
            f"Topics: {', '.join(str(p['Key']) for p in by_title)}.",
        )
    now = [f"{p['Key']} '{p.get('Title')}'" for p in by_key] or [
        f"'{x}'" for x in nearest([str(p.get("Title")) for p in all_topics], title.words)
    ]
    raise MetadataError(
        t.table_id, f"no {label}", f"Nearest it has now: {', '.join(now) or 'none'}."
    )


# CBS's units, normalised (spaces and dots dropped). "aantal" and "x 1 000" are the units of
# the population topics in ../shared/cbs-snapshot/37259ned/DataProperties.json and of
# 85173NED TotaleBevolking_1 (ivan-cardenas/CrossTwin .claude/plans, checked live 2026-09).
UNIT_FACTORS = {"aantal": 1.0, "x1000": 1000.0, "x1000000": 1e6, "%": 1.0, "procent": 1.0}


def unit_factor(t: TableMetadata, key: str) -> float:
    """What to multiply a topic's values by to get persons (or %), from its ``Unit``."""
    prop = next(p for p in topics(t.properties) if p["Key"] == key)
    unit = re.sub(r"[\s.]", "", str(prop.get("Unit") or "")).lower()
    if unit.startswith("per"):  # a rate CBS publishes ('per 1 000 inwoners'): as it is
        return 1.0
    if unit not in UNIT_FACTORS:
        raise MetadataError(
            t.table_id,
            f"topic {key} has unit '{prop.get('Unit')}'",
            "Expected one of: aantal, x 1 000, %, per ….",
        )
    return UNIT_FACTORS[unit]


# --- periods --------------------------------------------------------------------------------

# The key shapes are those of ../shared/cbs-snapshot/37259ned/Perioden.json (``2012JJ00``);
# months ``2024MM01`` and quarters ``2024KW01`` appear in docs/cbs-tables.md.
ANNUAL_KEY = re.compile(r"^(\d{4})JJ00$")
YEAR_TITLE = re.compile(r"^(\d{4})\s*\*?$")  # '2023', and '2023*' as StatLine marks it
STATUS_WORDS = {
    "definitief": "definitief",
    "voorlopig": "voorlopig",
    "nader voorlopig": "voorlopig",
    "nadervoorlopig": "voorlopig",
}


def annual_periods(t: TableMetadata, dimension: str) -> dict[str, int]:
    """``{period key: year}`` of the whole-year periods: the title is the year.

    A key shaped like a year whose title is not a year (or the other way round) is taken
    as its title says, with a warning."""
    years: dict[str, int] = {}
    for code, title in member_titles(t.dimensions[dimension]).items():
        by_title, by_key = YEAR_TITLE.match(title.strip()), ANNUAL_KEY.match(code)
        if by_title:
            years[code] = int(by_title[1])
            if not by_key:
                t.warnings.append(
                    f"{t.table_id}: period {code} is titled '{title}', a whole year; used as one"
                )
        elif by_key:
            t.warnings.append(
                f"{t.table_id}: period {code} is titled '{title}', not a year; left out"
            )
    if not years:
        raise MetadataError(
            t.table_id, f"dimension {dimension} has no whole-year periods (titles like '2023')"
        )
    return years


def period_status(t: TableMetadata, dimension: str, code: str) -> str:
    """``definitief`` or ``voorlopig`` from CBS's ``Status`` of a period."""
    entity = t.dimensions[dimension]
    statuses = dict(
        zip(
            entity["Key"].astype(str).str.strip(),
            entity["Status"] if "Status" in entity else [""] * len(entity),
            strict=True,
        )
    )
    word = normalised(statuses.get(code) or "")
    if word not in STATUS_WORDS:
        raise MetadataError(
            t.table_id,
            f"status of period {code} is '{statuses.get(code)}'",
            "Expected Definitief, Voorlopig or Nader voorlopig.",
        )
    return STATUS_WORDS[word]


# --- regions --------------------------------------------------------------------------------

# CBS's region codes: GM + 4 digits (municipality), CR (COROP area), PV (province), LD
# (landsdeel), NL01; as in ../shared/cbs-snapshot/37259ned/RegioS.json. Aggregates' titles
# end in their kind, 'Twente (CR)', 'Overijssel (PV)', 'Noord-Nederland (LD)'.
REGION_KINDS = {"GM": "gemeente", "CR": "corop", "PV": "provincie", "LD": "landsdeel", "NL": "land"}
REGION_CODE = re.compile(r"^(GM\d{4}|CR\d{2}|PV\d{2}|LD\d{2}|NL\d{2})$")
KIND_SUFFIX = re.compile(r"\((GM|CR|PV|LD|NL)\)\s*$")


def region_kinds(titles: Mapping[str, str], table_id: str, warnings: list[str]) -> dict[str, str]:
    """``{region code: kind}`` for the members of a region dimension that are regions of a
    known kind (``titles``: stripped code -> title).

    The code says the kind; an aggregate's title suffix must agree (a title says what a
    code is: on disagreement the title wins, with a warning). Other members (parts of
    municipalities, 'Niet-gemeentelijk ingedeeld') are left out."""
    kinds: dict[str, str] = {}
    for code, title in titles.items():
        if not REGION_CODE.match(code):
            continue
        kind = REGION_KINDS[code[:2]]
        suffix = KIND_SUFFIX.search(str(title))
        if suffix and REGION_KINDS[suffix[1]] != kind:
            warnings.append(
                f"{table_id}: region {code} is titled '{title}', a "
                f"{REGION_KINDS[suffix[1]]}; the title wins"
            )
            kind = REGION_KINDS[suffix[1]]
        kinds[code] = kind
    return kinds


# --- age classes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeClass:
    """An age class as CBS titles it: ``[lower, upper)`` in years; ``upper`` None when open."""

    code: str
    title: str
    lower: int
    upper: int | None

    def label(self) -> str:
        return f"{self.lower}+" if self.upper is None else f"{self.lower}-{self.upper - 1}"


_TOT = re.compile(r"^(\d+) tot (\d+) jaar$")
_OPEN = re.compile(r"^(\d+) jaar of ouder$")
_SINGLE = re.compile(r"^(\d+) jaar$")
_YOUNGER = re.compile(r"^jonger dan (\d+) jaar$")


def parse_age_title(code: str, title: str) -> AgeClass | None:
    """``'20 tot 25 jaar'`` -> [20, 25); ``'95 jaar of ouder'`` -> [95, None); ``'7 jaar'`` ->
    [7, 8); ``'Jonger dan 5 jaar'`` -> [0, 5); anything else (totals) -> None."""
    t = " ".join(title.strip().lower().split())
    if m := _TOT.match(t):
        return AgeClass(code, title, int(m[1]), int(m[2]))
    if m := _OPEN.match(t):
        return AgeClass(code, title, int(m[1]), None)
    if m := _SINGLE.match(t):
        return AgeClass(code, title, int(m[1]), int(m[1]) + 1)
    if m := _YOUNGER.match(t):
        return AgeClass(code, title, 0, int(m[1]))
    return None


def age_classes(entity: pd.DataFrame) -> list[AgeClass]:
    parsed = (parse_age_title(code, title) for code, title in member_titles(entity).items())
    return [c for c in parsed if c is not None]


def closest_band(
    table_id: str, classes: list[AgeClass], lower: int, upper_inclusive: int
) -> list[AgeClass]:
    """The run of adjacent published classes that best covers ages ``lower..upper_inclusive``.

    CBS publishes moves and migration in classes (e.g. five-year), not single years, so the
    18-35 band can only be approximated; we take the contiguous union of classes whose
    symmetric difference with the wanted band is smallest (ties: the narrower union).
    """
    closed = sorted(
        {(c.lower, c.upper): c for c in classes if c.upper is not None}.values(),
        key=lambda c: (c.lower, c.upper),
    )
    want = set(range(lower, upper_inclusive + 1))
    best: tuple[int, int, list[AgeClass]] | None = None
    for i, first in enumerate(closed):
        run = [first]
        while True:
            covered = set(range(run[0].lower, run[-1].upper or run[-1].lower))
            score = (len(covered ^ want), len(covered))
            if covered & want and (best is None or score < best[:2]):
                best = (*score, list(run))
            following = [c for c in closed[i + 1 :] if c.lower == run[-1].upper]
            if not following:
                break
            run.append(min(following, key=lambda c: c.upper or 0))
    if best is None:
        raise MetadataError(table_id, f"no age classes covering {lower}-{upper_inclusive}")
    return best[2]
