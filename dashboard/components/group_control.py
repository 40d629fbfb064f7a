"""The region-group control (URL ``groep``): pick predefined groups and groups made here,
and make a new one from a name and a few municipalities.

The picker is an ordinary control (``control_id("groep")``), so the one controls callback
writes it into the view state like ``vergelijk``. Making a group does not touch the view
state itself: :func:`add_group` puts the new group among the picker's options and in its
value, and that change goes the usual way. What is wrong with a new group (no name, no
municipality, a fourth group, a name taken) is said in a status line (role=status), and
the picker stays as it was.
"""

from __future__ import annotations

from dash import Input, Output, State, callback, dcc, html

from dashboard.components.ids import VIEW_STATE, control_id, dom_id
from dashboard.data.groups import PREDEFINED
from dashboard.data.store import STORE, Store
from dashboard.i18n import DROPDOWN_LABELS, t
from dashboard.state.url import (
    GROUP_NAME_RE,
    GROUP_SEPARATOR,
    MAX_GROUP_MEMBERS,
    MAX_GROUP_NAME,
    MAX_GROUPS,
    RegionGroup,
    ViewState,
    group_value,
    parse_view_state,
    query_values,
)
from dashboard.state.view import View, note_text, store_choices

GROUP_NAME = "groep-name"
GROUP_MEMBERS = "groep-members"
GROUP_ADD = "groep-add"
GROUP_STATUS = "groep-status"


def group_label(group: RegionGroup, store: Store | None, lang: str) -> str:
    """``Netwerkstad Twente (5 gemeenten)``; a made group lists its members' names."""
    if group.predefined:
        known = PREDEFINED.get(group.name)
        if known is None:
            return group.name
        return t("groep_option", lang, name=known.name(lang), count=len(known.members))
    names = [store.name(code) if store is not None else code for code in group.members]
    return t("groep_option_own", lang, name=group.name, members=", ".join(names))


def group_options(state: ViewState, store: Store | None) -> list[dict]:
    """The predefined groups, then the view's own groups."""
    options = [
        {"label": group_label(RegionGroup(key), store, state.taal), "value": key}
        for key in PREDEFINED
    ]
    options += [
        {"label": group_label(g, store, state.taal), "value": group_value(g)}
        for g in state.groep
        if not g.predefined
    ]
    return options


def groep_control(store: Store, state: ViewState) -> html.Div:
    lang = state.taal
    labels = DROPDOWN_LABELS.get(lang, DROPDOWN_LABELS["nl"])
    municipalities = [{"label": store.name(code), "value": code} for code in store.gemeenten]
    picker_id = control_id("groep")
    # A fieldset, always open: a closed <details> would hide the members dropdown, whose
    # focus proxy (Dash's Safari workaround) then could not hand the focus on.
    maker = html.Fieldset(
        [
            html.Legend(t("groep_new", lang), className="control-label"),
            html.Div(
                [
                    html.Label(
                        t("groep_name", lang),
                        htmlFor=GROUP_NAME,
                        id=f"label-{GROUP_NAME}",
                        className="control-label",
                    ),
                    dcc.Input(id=GROUP_NAME, type="text", maxLength=40, debounce=False),
                ],
                className="groep-field groep-field-name",
            ),
            html.Div(
                [
                    html.Label(
                        t("groep_members", lang, most=MAX_GROUP_MEMBERS),
                        htmlFor=GROUP_MEMBERS,
                        # a11y.js names the dropdown's button by the label with this id
                        id=f"label-{GROUP_MEMBERS}",
                        className="control-label",
                    ),
                    dcc.Dropdown(
                        id=GROUP_MEMBERS,
                        options=municipalities,
                        multi=True,
                        clearable=False,
                        labels=labels,  # type: ignore[arg-type]
                    ),
                ],
                className="groep-field groep-field-members",
            ),
            html.Button(
                t("groep_add", lang),
                id=GROUP_ADD,
                type="button",
                n_clicks=0,
                className="button button-secondary",
            ),
            html.P(id=GROUP_STATUS, role="status", className="control-hint"),
        ],
        className="groep-maker",
    )
    return html.Div(
        [
            html.Label(
                t("control_groep", lang),
                htmlFor=dom_id(picker_id),
                id="label-groep",
                className="control-label",
            ),
            dcc.Dropdown(
                id=picker_id,
                options=group_options(state, store),
                value=[group_value(g) for g in state.groep],
                multi=True,
                clearable=False,
                labels=labels,  # type: ignore[arg-type]
            ),
            html.P(t("groep_hint", lang, most=MAX_GROUPS), className="control-hint"),
            maker,
        ],
        className="control control-groep",
    )


def added_group(
    name: str | None,
    members: list[str] | None,
    options: list[dict],
    value: list[str],
    lang: str,
    store: Store | None,
) -> tuple[list[dict], list[str], str]:
    """The picker's options and value with the group ``name`` of ``members`` added, and
    what to tell the user; unchanged options and value when the group cannot be made."""
    name = " ".join((name or "").split())
    members = [m for m in (members or []) if isinstance(m, str)]
    value = [v for v in (value or []) if isinstance(v, str)]
    if not name:
        return options, value, t("groep_error_name", lang)
    if len(name) > MAX_GROUP_NAME or not GROUP_NAME_RE.match(name):  # ";" would split it
        return options, value, t("note_group_invalid", lang, value=name)
    if not members:
        return options, value, t("groep_error_members", lang)
    if len(value) >= MAX_GROUPS:
        return options, value, t("groep_error_full", lang, most=MAX_GROUPS)
    if len(members) > MAX_GROUP_MEMBERS:
        return options, value, t("groep_error_large", lang, most=MAX_GROUP_MEMBERS)
    new = f"{name}:{','.join(members)}"
    # The URL's own rules decide (a name's characters, known codes, one code per group).
    choices = store_choices(store) if store is not None else None
    state, notes = parse_view_state({"groep": GROUP_SEPARATOR.join([*value, new])}, choices)
    if notes:
        view = View(state=state, notes=notes, store=store)
        return options, value, " ".join(note_text(n, view) for n in notes)
    group = state.groep[-1]
    option = {"label": group_label(group, store, lang), "value": group_value(group)}
    return (
        [*options, option],
        [*value, group_value(group)],
        t("groep_added", lang, name=group.name),
    )


@callback(
    Output(control_id("groep"), "options"),
    Output(control_id("groep"), "value"),
    Output(GROUP_STATUS, "children"),
    Output(GROUP_NAME, "value"),
    Input(GROUP_ADD, "n_clicks"),
    State(GROUP_NAME, "value"),
    State(GROUP_MEMBERS, "value"),
    State(control_id("groep"), "options"),
    State(control_id("groep"), "value"),
    State(VIEW_STATE, "data"),
    prevent_initial_call=True,
)
def add_group(_clicks, name, members, options, value, view_state):
    lang = query_values((view_state or {}).get("query")).get("taal", "nl")
    lang = lang if lang in ("nl", "en") else "nl"
    new_options, new_value, message = added_group(
        name, members, options or [], value or [], lang, STORE.current()
    )
    kept_name = "" if new_value != (value or []) else name
    return new_options, new_value, message, kept_name
