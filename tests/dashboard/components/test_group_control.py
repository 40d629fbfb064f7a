"""The region-group control: the picker in the time-series pages' controls, making a group,
and the view state it writes."""

from __future__ import annotations

from dashboard.components.group_control import (
    GROUP_ADD,
    GROUP_MEMBERS,
    GROUP_NAME,
    added_group,
    group_options,
)
from dashboard.components.ids import control_id, dom_id
from dashboard.state.sync import next_view_state
from dashboard.state.url import ViewState, parse_view_state


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def test_grc001_the_overview_has_a_labelled_group_picker_and_maker(dash_app, use_store):
    from dashboard.pages.overzicht import layout  # noqa: PLC0415 - pages need the app first

    page = layout(groep="netwerkstad-twente;Hengelo en Borne:GM0164,GM0147")
    found = {
        dom_id(c.id) if isinstance(c.id, dict) else c.id: c
        for c in _walk(page)
        if getattr(c, "id", None)
    }
    picker = found[dom_id(control_id("groep"))]
    assert picker.value == ["netwerkstad-twente", "Hengelo en Borne:GM0164,GM0147"]
    labels = {o["value"]: o["label"] for o in picker.options}
    assert labels["netwerkstad-twente"] == "Netwerkstad Twente (5 gemeenten)"
    assert labels["Hengelo en Borne:GM0164,GM0147"] == "Hengelo en Borne: Hengelo (O.), Borne"
    assert {GROUP_NAME, GROUP_MEMBERS, GROUP_ADD} <= set(found)
    label_targets = {c.htmlFor for c in _walk(page) if type(c).__name__ == "Label"}
    assert {GROUP_NAME, GROUP_MEMBERS} <= label_targets  # every field has its label


def test_grc002_adding_a_group_puts_it_in_the_picker_and_the_url(store):
    options = group_options(ViewState(), store)
    options, value, message = added_group(
        "  Hengelo +  Borne ", ["GM0164", "GM0147"], options, [], "nl", store
    )
    assert value == ["Hengelo + Borne:GM0164,GM0147"]
    assert options[-1]["label"] == "Hengelo + Borne: Hengelo (O.), Borne"
    assert message == "Groep “Hengelo + Borne” is toegevoegd."
    data = next_view_state({"query": ""}, {"groep": ["netwerkstad-twente", *value]})
    assert data["query"] == "?groep=netwerkstad-twente;Hengelo%20%2B%20Borne:GM0164,GM0147"
    state, notes = parse_view_state(data["query"])
    assert notes == [] and len(state.groep) == 2
    # Removing every group from the picker leaves the parameter out again.
    assert next_view_state(data, {"groep": []})["query"] == ""


def test_grc003_a_group_that_cannot_be_made_says_why_and_changes_nothing(store):
    options = group_options(ViewState(), store)
    for name, members, lang, expected in (
        ("", ["GM0164"], "nl", "Geef de groep een naam."),
        ("Leeg", [], "en", "Choose at least one municipality."),
        ("Fout;naam", ["GM0164"], "nl", "is niet geldig"),
        ("Onbekend", ["GM9999"], "nl", "niet in de gegevens"),
    ):
        new_options, value, message = added_group(name, members, options, [], lang, store)
        assert (new_options, value) == (options, [])
        assert expected in message
    full = ["netwerkstad-twente", "hengelo-borne", "A:GM0164"]
    assert added_group("B", ["GM0164"], options, full, "nl", store)[2] == (
        "Er zijn al 3 groepen; haal er eerst een weg."
    )
    taken = added_group("Hengelo Borne", ["GM0164"], options, ["hengelo-borne"], "nl", store)
    assert taken[1] == ["hengelo-borne"] and "weggelaten" in taken[2]
