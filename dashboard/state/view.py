"""From URL query values to what a page needs: the view state, notes and the right store.

Used by every page layout (values from the URL) and by every callback (the query held in the
``view-state`` store, which the browser could have altered — so it is parsed again).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.data.groups import PREDEFINED, with_groups
from dashboard.data.store import STORE, Store
from dashboard.i18n import t
from dashboard.state.url import (
    DEFAULT_STATE,
    Choices,
    Note,
    ViewState,
    build_query,
    group_code,
    parse_view_state,
    with_changes,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class View:
    state: ViewState
    notes: list[Note]
    store: Store | None

    @property
    def query(self) -> str:
        return build_query(self.state)


def store_choices(store: Store, vintages: frozenset[str] = frozenset()) -> Choices:
    """What ``store`` holds (and which vintages exist), to check URL values against."""
    return store.memo(
        ("choices", vintages),
        lambda: Choices(
            gemeenten=frozenset(store.gemeenten),
            regions=frozenset(store.regions["region_code"]),
            indicators=frozenset(store.catalogue),
            years=store.observed_years,
            vintages=vintages | {store.vintage},
            groups=frozenset(PREDEFINED),
        ),
    )


def group_regions(state: ViewState) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(code, name, members)`` of the view's region groups, names in its language;
    a predefined group's from dashboard/data/groups.toml."""
    regions = []
    for group in state.groep:
        if group.predefined:
            known = PREDEFINED.get(group.name)
            if known is not None:
                regions.append((group_code(group), known.name(state.taal), known.members))
        else:
            regions.append((group_code(group), group.name, group.members))
    return regions


def grouped_store(store: Store | None, state: ViewState) -> Store | None:
    """``store`` that also answers for the view's region groups' codes."""
    return with_groups(store, group_regions(state)) if store is not None else None


def resolve_view(query: str | Mapping[str, object] | None) -> View:
    current = STORE.current()
    vintages = STORE.vintages()
    choices = store_choices(current, vintages) if current is not None else None
    state, notes = parse_view_state(query, choices)
    if notes:
        # The page says so to the visitor (the notes); the log says so to whoever keeps
        # the links that people share.
        log.warning(
            "URL values not used, defaults instead: %s",
            "; ".join(f"{note.param}={note.value!r} ({note.kind})" for note in notes),
        )
    return View(state=state, notes=notes, store=grouped_store(STORE.get(state.versie), state))


def view_state_data(view: View, title_key: str | None = None) -> dict:
    """What the browser keeps in ``view-state``: the canonical query and derived links, and
    the page's text key so the tab title can follow the language."""
    other = "en" if view.state.taal == "nl" else "nl"
    data = {
        "query": view.query,
        "taal": view.state.taal,
        "other_language_query": build_query(with_changes(view.state, taal=other)),
    }
    if title_key:
        data["title_key"] = title_key
        data["title"] = t("document_title", view.state.taal, page=t(title_key, view.state.taal))
    return data


def _fallback_text(note: Note, view: View, lang: str) -> str:
    if note.param == "gemeente":
        code = DEFAULT_STATE.gemeente
        return view.store.name(code) if view.store is not None else code
    if note.param in ("taal", "weergave"):
        return str(getattr(DEFAULT_STATE, note.param))
    return t("note_default", lang)


def note_text(note: Note, view: View) -> str:
    lang = view.state.taal
    if note.kind == "years_swapped":
        return t("note_years_swapped", lang)
    if note.kind == "unknown_vintage":
        return t("note_unknown_vintage", lang, value=note.value)
    if note.param == "groep":  # a bad group is left out, not replaced
        return t(f"note_group_{note.kind}", lang, value=note.value)
    if note.param == "vergelijk":  # a bad comparison is left out, not replaced
        template = "note_unknown_dropped" if note.kind == "unknown_region" else "note_dropped"
        return t(template, lang, value=note.value, param=note.param)
    fallback = _fallback_text(note, view, lang)
    if note.kind == "unknown_region":
        return t("note_unknown_region", lang, value=note.value, fallback=fallback)
    return t("note_invalid", lang, value=note.value, param=note.param, fallback=fallback)
