"""The view's controls, each labelled, each writing one URL parameter.

Ids are ``{"type": "control", "name": <URL parameter>}``: one callback (below) reads
whichever controls a page has via ``ALL``, so pages pick controls by name and need no
callbacks of their own for them.
"""

from __future__ import annotations

from typing import cast

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html

from dashboard.cards.model import region_name
from dashboard.components.attributes import attributes
from dashboard.components.group_control import groep_control
from dashboard.components.ids import VIEW_STATE, card_ids, control_id, dom_id
from dashboard.data.store import COROP, LAND, PROVINCIE, Store
from dashboard.i18n import DROPDOWN_LABELS, catalogue_text, t
from dashboard.state.sync import next_view_state
from dashboard.state.url import ViewState, query_values

AGGREGATE_ORDER = {LAND: 0, PROVINCIE: 1, COROP: 2}
TIME_SERIES_CONTROLS = (
    "gemeente",
    "vergelijk",
    "van",
    "tot",
    "basisjaar",
    "gebeurtenissen",
    "groep",  # region groups, on a row of their own (assets/style.css)
)


def _labelled(name: str, label: str, control, hint: str | None = None) -> html.Div:
    children = [
        html.Label(
            label, htmlFor=dom_id(control_id(name)), id=f"label-{name}", className="control-label"
        ),
        control,
    ]
    if hint:
        children.append(html.P(hint, className="control-hint"))
    return html.Div(children, className=f"control control-{name}")


def dropdown(state: ViewState, **props) -> dcc.Dropdown:
    """A dcc.Dropdown whose own texts ("2 selected", "Search") follow the page's language."""
    labels = DROPDOWN_LABELS.get(state.taal, DROPDOWN_LABELS["nl"])
    # The texts hold exactly Dash's label keys (KEY_FAMILIES["dropdown_"]).
    return dcc.Dropdown(labels=cast("dcc.Dropdown.Labels", labels), **props)


def _years(store: Store) -> list[dict]:
    return [{"label": str(y), "value": y} for y in store.observed_years]


def gemeente_control(store: Store, state: ViewState) -> html.Div:
    options = [{"label": store.name(code), "value": code} for code in store.gemeenten]
    return _labelled(
        "gemeente",
        t("control_gemeente", state.taal),
        dropdown(
            state, id=control_id("gemeente"), options=options, value=state.gemeente, clearable=False
        ),
    )


def vergelijk_control(store: Store, state: ViewState) -> html.Div:
    regions = store.regions.assign(order=store.regions["level"].map(AGGREGATE_ORDER).fillna(9))
    regions = regions.sort_values(["order", "name"])
    options = [
        {"label": region_name(store, code, state.taal), "value": code}
        for code in regions["region_code"]
    ]
    # No "clear all" cross: Dash draws it inside the dropdown's button, where no keyboard
    # can reach it and where its name breaks the button's own (WCAG 2.5.3). Regions are
    # deselected one by one in the list, with the keyboard as with the mouse.
    return _labelled(
        "vergelijk",
        t("control_vergelijk", state.taal),
        dropdown(
            state,
            id=control_id("vergelijk"),
            options=options,
            value=list(state.vergelijk),
            multi=True,
            clearable=False,
        ),
    )


def year_control(name: str, store: Store, state: ViewState, label_key: str) -> html.Div:
    years = store.observed_years
    default = years[0] if name == "van" else years[-1]
    value = getattr(state, name)
    return _labelled(
        name,
        t(label_key, state.taal),
        dropdown(
            state,
            id=control_id(name),
            options=_years(store),
            value=value if value is not None else default,
            clearable=False,
            searchable=False,
        ),
    )


def basisjaar_control(store: Store, state: ViewState) -> html.Div:
    options = [{"label": t("control_basisjaar_none", state.taal), "value": ""}] + _years(store)
    return _labelled(
        "basisjaar",
        t("control_basisjaar", state.taal),
        dropdown(
            state,
            id=control_id("basisjaar"),
            options=options,
            value=state.basisjaar if state.basisjaar is not None else "",
            clearable=False,
            searchable=False,
        ),
    )


def indicator_control(store: Store, state: ViewState, default: str) -> html.Div:
    # Forecast-only indicators have no value in observed years, so they cannot be ranked.
    options = [
        {"label": catalogue_text(entry, "title", state.taal), "value": key}
        for key, entry in store.catalogue.items()
        if entry.get("topic") != "prognose"
    ]
    return _labelled(
        "indicator",
        t("control_indicator", state.taal),
        dropdown(
            state,
            id=control_id("indicator"),
            options=options,
            value=state.indicator or default,
            clearable=False,
        ),
    )


def gebeurtenissen_control(state: ViewState) -> html.Div:
    """On/off for the programme's events on every time series (URL ``gebeurtenissen``)."""
    lang = state.taal
    toggle = dbc.RadioItems(
        id=control_id("gebeurtenissen"),
        value=state.gebeurtenissen,
        inline=True,
        className="view-toggle",
        options=[
            {"label": t("events_on", lang), "value": "aan"},
            {"label": t("events_off", lang), "value": "uit"},
        ],
    )
    return html.Div(
        html.Fieldset(
            [html.Legend(t("control_gebeurtenissen", lang), className="control-label"), toggle],
            className="toggle-group",
        ),
        className="control control-gebeurtenissen",
    )


def controls_panel(
    names: tuple[str, ...],
    store: Store,
    state: ViewState,
    *,
    default_indicator: str = "share_18_35",
) -> html.Section:
    builders = {
        "gemeente": lambda: gemeente_control(store, state),
        "vergelijk": lambda: vergelijk_control(store, state),
        "van": lambda: year_control("van", store, state, "control_van"),
        "tot": lambda: year_control(
            "tot", store, state, "control_year" if "indicator" in names else "control_tot"
        ),
        "basisjaar": lambda: basisjaar_control(store, state),
        "indicator": lambda: indicator_control(store, state, default_indicator),
        "gebeurtenissen": lambda: gebeurtenissen_control(state),
        "groep": lambda: groep_control(store, state),
    }
    layout_class = "controls controls-time-series" if names == TIME_SERIES_CONTROLS else "controls"
    return html.Section(
        [builders[name]() for name in names],
        className=layout_class,
        **attributes({"aria-label": t("controls_label", state.taal)}),
    )


# Every control, and every card's chart/table toggle, writes the one view state.
@callback(
    Output(VIEW_STATE, "data"),
    Output(card_ids(ALL)["toggle"], "value"),
    Input(control_id(ALL), "value"),
    Input(card_ids(ALL)["toggle"], "value"),
    State(VIEW_STATE, "data"),
    prevent_initial_call=True,
)
def sync_view_state(control_values, toggle_values, view_state):
    names = [item["id"]["name"] for item in ctx.inputs_list[0]]
    triggered = ctx.triggered_id
    weergave = None
    if isinstance(triggered, dict) and triggered.get("type") == card_ids(ALL)["toggle"]["type"]:
        toggles = [item["id"] for item in ctx.inputs_list[1]]
        weergave = toggle_values[toggles.index(triggered)]
    data = next_view_state(view_state, dict(zip(names, control_values, strict=True)), weergave)
    shown = query_values(data["query"]).get("weergave", "grafiek")
    # Every card's toggle shows the one `weergave` the URL holds.
    return data, [shown] * len(toggle_values)
