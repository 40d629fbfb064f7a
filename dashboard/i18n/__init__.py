"""Every interface text in Dutch and English, looked up by key: :func:`t`.

The texts live in ``texts/*.toml``, one file per feature, as ``[key]`` tables with ``nl``
and ``en``. They are checked when loaded — both languages present and not empty, the same
``{placeholders}`` in each, no key in two files — so a slip stops the app from starting
rather than showing a half-translated page.

Indicator titles, units and definitions are *not* here: they come from the store's
catalogue, so an indicator added by the ETL needs no text in the app.
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

from etl.contract import OUTCOMES, PROBLEM_KINDS, STATUSES, TARGET_STATUSES

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
TEXTS_DIR = Path(__file__).resolve().parent / "texts"

# Keys the code builds from a value (``f"prog_status_{status}"``) rather than spells out:
# prefix -> every value it is built with. A test checks that each such key exists, that no
# other key is built that way, and that every key is used.
KEY_FAMILIES: dict[str, tuple[str, ...]] = {
    "status_": STATUSES,  # a value's status (definitief, voorlopig, prognose)
    "prog_status_": TARGET_STATUSES,  # a programme target's status
    "outcome_": OUTCOMES,  # what became of a source table in a refresh
    "problem_": PROBLEM_KINDS,  # why it was not refreshed
    # the ETL's source roles (etl/sources.py); another role falls back to CBS's title
    "role_": (
        "population_by_age",
        "dynamics",
        "domestic_moves",
        "international_migration",
        "labour",
        "forecast",
        "regions",
        "flows",
        "youth_activity",
    ),
    "pillar_": ("wonen", "werken", "leven", "imago", "programma"),  # the programme file's
    "ms_status_": ("gepland", "bezig", "gereed", "vertraagd"),  # milestone statuses
    "event_kind_": ("beleid", "databreuk"),  # event kinds
    "compose_": ("up", "down", "remove"),  # the deck builder's buttons
    # groep (dashboard/state/url.py Note kinds) and why a group lacks an indicator
    # (dashboard/data/groups.py NO_COUNTS, NOT_IN_ALL)
    "note_group_": (
        "invalid",
        "unknown_region",
        "unknown_group",
        "empty_group",
        "group_members_dropped",
        "groups_dropped",
    ),
    "group_absent_": ("no_counts", "not_in_all"),
    "dropdown_": (
        "select_all",
        "deselect_all",
        "selected_count",
        "search",
        "clear_search",
        "clear_selection",
        "no_options_found",
    ),  # dcc.Dropdown's `labels`
}


class TextsError(ValueError):
    """The texts are incomplete or contradict themselves; the message lists every slip."""


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load_texts(folder: Path = TEXTS_DIR) -> dict[str, dict[str, str]]:
    """Every ``*.toml`` in ``folder`` as one ``{key: {"nl": …, "en": …}}``, checked."""
    texts: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            entries = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:  # a key twice in one file is one of these
            problems.append(f"{path.name}: {error}")
            continue
        for key, entry in entries.items():
            if key in where:
                problems.append(f"{path.name}: [{key}] is also in {where[key]}")
                continue
            where[key] = path.name
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                problems.append(f"{path.name}: [{key}] needs exactly {' and '.join(LANGUAGES)}")
                continue
            if not all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGUAGES):
                problems.append(f"{path.name}: [{key}] has an empty text")
                continue
            try:
                fields = {lang: placeholders(entry[lang]) for lang in LANGUAGES}
            except ValueError as error:  # a lone "{"
                problems.append(f"{path.name}: [{key}] {error}")
                continue
            if fields["nl"] != fields["en"]:
                problems.append(
                    f"{path.name}: [{key}] placeholders differ: nl "
                    f"{sorted(fields['nl'])}, en {sorted(fields['en'])}"
                )
                continue
            texts[key] = {lang: entry[lang] for lang in LANGUAGES}
    if problems:
        raise TextsError("texts in " + str(folder) + ":\n" + "\n".join(problems))
    return texts


TEXTS: dict[str, dict[str, str]] = load_texts()


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


# Texts inside Dash 4's dcc.Dropdown (its `labels` prop); "{num_selected}" is Dash's to fill.
DROPDOWN_LABELS = {
    lang: {part: t(f"dropdown_{part}", lang) for part in KEY_FAMILIES["dropdown_"]}
    for lang in LANGUAGES
}


def catalogue_text(entry: dict, field: str, lang: str) -> str:
    """``title``/``unit``/``definition`` of a catalogue entry in ``lang`` (Dutch as fallback)."""
    return str(entry.get(f"{field}_{lang}") or entry.get(f"{field}_nl") or entry.get("id", ""))
