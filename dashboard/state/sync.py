"""Keeping the URL, the controls and the charts in step.

A control change goes to :func:`next_view_state` (the controls' callback,
:mod:`dashboard.components.controls`): the new canonical query is put in the
``view-state`` store, which every chart card listens to. A clientside callback
(:mod:`dashboard.components.shell`) then writes that query into the address bar with
``history.replaceState`` and updates the navigation and language links, so the URL always
holds the full view and any link carries it to the next page.

Why replaceState and not a second ``dcc.Location``: ``dcc.Location(refresh=False)`` pushes a
history entry on every change, so Back would step through every dropdown choice; and the
pages router listens to the location, so it would re-render the whole page (losing keyboard
focus) on every control change. Back/Forward still work between pages (``dcc.Link``).
"""

from __future__ import annotations

from dashboard.i18n import TEXTS
from dashboard.state.url import GROUP_SEPARATOR, query_values
from dashboard.state.view import resolve_view, view_state_data

LIST_CONTROLS = ("vergelijk", "groep")
LIST_SEPARATORS = {"groep": GROUP_SEPARATOR}  # a group's own codes are comma-separated


def _as_query_value(name: str, value: object) -> str | None:
    """A control value as the string the URL holds; None means "leave the parameter out"."""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATORS.get(name, ",").join(str(v) for v in value)
    if value is None or value == "":
        return "" if name in LIST_CONTROLS else None
    return str(value)


def next_view_state(
    view_state: dict | None, controls: dict[str, object], weergave: str | None = None
) -> dict:
    """The ``view-state`` data after the user changed controls (plain function, tested)."""
    values = query_values((view_state or {}).get("query"))
    current = resolve_view(values)
    years = current.store.observed_years if current.store is not None else ()
    for name, value in controls.items():
        text = _as_query_value(name, value)
        # The data's own first/last year stays implicit, so a link made today still shows
        # "up to the newest year" after the ETL publishes next year's figures.
        if text is None or (
            years
            and (
                (name == "van" and text == str(years[0]))
                or (name == "tot" and text == str(years[-1]))
            )
        ):
            values.pop(name, None)
        else:
            values[name] = text
    if weergave is not None:
        values["weergave"] = weergave
    title_key = (view_state or {}).get("title_key")
    known = isinstance(title_key, str) and title_key in TEXTS
    return view_state_data(resolve_view(values), title_key if known else None)
