"""URL state: parse and build are exact inverses; nothing a user types can raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.state.url import (
    DEFAULT_STATE,
    MAX_COMPARISONS,
    MAX_GROUPS,
    Choices,
    RegionGroup,
    ViewState,
    build_query,
    group_code,
    parse_view_state,
    query_values,
)

gemeente_codes = st.from_regex(r"GM[0-9]{4}", fullmatch=True)
region_codes = st.one_of(gemeente_codes, st.from_regex(r"(CR|PV|LD)[0-9]{2}|NL01", fullmatch=True))
years = st.integers(min_value=1000, max_value=9999)
vintages = st.from_regex(r"[0-9]{8}T[0-9]{6}Z", fullmatch=True)
# Region groups: a predefined key, or a name (any letters, single inner spaces) with codes.
group_names = st.from_regex(r"\w([\w.'&()+/-]| [\w+]){0,15}", fullmatch=True).filter(
    lambda name: name[0] != "_"
)
region_groups = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True).map(
    RegionGroup
) | st.builds(
    RegionGroup,
    group_names,
    st.lists(gemeente_codes, min_size=1, max_size=6, unique=True).map(tuple),
)


@st.composite
def view_states(draw) -> ViewState:
    van, tot = draw(st.none() | years), draw(st.none() | years)
    if van is not None and tot is not None and van > tot:
        van, tot = tot, van
    return ViewState(
        gemeente=draw(gemeente_codes),
        vergelijk=tuple(draw(st.lists(region_codes, max_size=MAX_COMPARISONS, unique=True))),
        van=van,
        tot=tot,
        taal=draw(st.sampled_from(["nl", "en"])),
        weergave=draw(st.sampled_from(["grafiek", "tabel"])),
        gebeurtenissen=draw(st.sampled_from(["aan", "uit"])),
        indicator=draw(st.none() | st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True)),
        basisjaar=draw(st.none() | years),
        versie=draw(st.none() | vintages),
        groep=tuple(draw(st.lists(region_groups, max_size=MAX_GROUPS, unique_by=group_code))),
    )


@given(view_states())
def test_url001_parse_of_build_is_identity(state):
    parsed, notes = parse_view_state(build_query(state))
    assert parsed == state
    assert notes == []


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_url002_hostile_strings_never_raise_and_build_is_stable(text):
    state, _ = parse_view_state(text)
    query = build_query(state)
    again, notes = parse_view_state(query)
    assert again == state and notes == []
    assert build_query(again) == query


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "gemeente",
                "vergelijk",
                "van",
                "tot",
                "taal",
                "weergave",
                "indicator",
                "basisjaar",
                "versie",
                "x",
            ]
        ),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10)), st.none(), st.integers()),
    )
)
def test_url003_hostile_mappings_never_raise(values):
    state, _ = parse_view_state(values)
    assert parse_view_state(build_query(state))[0] == state


def test_url004_defaults_give_an_empty_query():
    assert build_query(DEFAULT_STATE) == ""
    assert parse_view_state("") == (DEFAULT_STATE, [])
    assert parse_view_state(None) == (DEFAULT_STATE, [])


def test_url005_readable_query_with_comma_list():
    state = ViewState(gemeente="GM0153", vergelijk=("CR12", "GM0164"), van=2015, taal="en")
    assert build_query(state) == "?gemeente=GM0153&vergelijk=CR12,GM0164&van=2015&taal=en"


def test_url006_invalid_values_fall_back_with_notes():
    state, notes = parse_view_state("?gemeente=Hengelo&taal=fr&van=20x4&weergave=kaart")
    assert state == DEFAULT_STATE
    assert {(n.param, n.kind) for n in notes} == {
        ("gemeente", "invalid"),
        ("taal", "invalid"),
        ("van", "invalid"),
        ("weergave", "invalid"),
    }


def test_url007_unknown_but_well_formed_values_are_checked_against_the_store():
    choices = Choices(
        gemeenten=frozenset({"GM0164", "GM0153"}),
        regions=frozenset({"GM0164", "GM0153", "CR12", "NL01"}),
        indicators=frozenset({"share_18_35"}),
        years=(2012, 2013, 2014),
        vintages=frozenset({"20250101T000000Z"}),
    )
    state, notes = parse_view_state(
        "?gemeente=GM9999&vergelijk=CR12,PV99,NL01&van=2000&indicator=nope&versie=20990101T000000Z",
        choices,
    )
    assert state.gemeente == "GM0164" and state.vergelijk == ("CR12", "NL01")
    assert state.van is None and state.indicator is None and state.versie is None
    kinds = {(n.param, n.kind) for n in notes}
    assert ("gemeente", "unknown_region") in kinds and ("vergelijk", "unknown_region") in kinds
    assert ("versie", "unknown_vintage") in kinds


def test_url008_swapped_years_are_corrected_with_a_note():
    state, notes = parse_view_state("?van=2020&tot=2015")
    assert (state.van, state.tot) == (2015, 2020)
    assert notes[0].kind == "years_swapped"


def test_url009_empty_comparison_list_is_kept_and_duplicates_dropped():
    assert parse_view_state("?vergelijk=")[0].vergelijk == ()
    assert build_query(ViewState(vergelijk=())) == "?vergelijk="
    assert parse_view_state("?vergelijk=cr12,CR12,nl01")[0].vergelijk == ("CR12", "NL01")


def test_url010_repeated_parameters_use_the_first_value():
    assert query_values("?taal=en&taal=nl") == {"taal": "en"}
    assert parse_view_state({"taal": ["en", "nl"]})[0].taal == "en"
