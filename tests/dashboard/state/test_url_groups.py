"""The ``groep`` parameter: region groups in the URL, notes for bad ones, and the longest
allowed URL within gunicorn's request-line limit."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import requests
from hypothesis import given
from hypothesis import strategies as st
from support.servers import free_port, start_gunicorn, stop

from dashboard.state.url import (
    MAX_COMPARISONS,
    MAX_GROUP_MEMBERS,
    MAX_GROUP_NAME,
    MAX_GROUPS,
    Choices,
    RegionGroup,
    ViewState,
    build_query,
    comparison_codes,
    group_code,
    parse_view_state,
)

ROOT = Path(__file__).resolve().parents[3]
CHOICES = Choices(
    gemeenten=frozenset({"GM0164", "GM0147", "GM0153"}),
    regions=frozenset({"GM0164", "GM0147", "GM0153", "CR12", "NL01"}),
    groups=frozenset({"netwerkstad-twente"}),
)


def request_line_limit() -> int:
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return int(conf.limit_request_line)


def test_ugr001_a_user_group_and_a_predefined_one_read_and_written_back():
    query = "groep=netwerkstad-twente;Hengelo+%2B+Borne:GM0164,gm0147"
    state, notes = parse_view_state(query, CHOICES)
    assert notes == []
    assert state.groep == (
        RegionGroup("netwerkstad-twente"),
        RegionGroup("Hengelo + Borne", ("GM0164", "GM0147")),
    )
    assert build_query(state) == ("?groep=netwerkstad-twente;Hengelo%20%2B%20Borne:GM0164,GM0147")
    assert parse_view_state(build_query(state), CHOICES) == (state, [])
    # Drawn after the comparisons, under their own codes; never as the focus.
    assert comparison_codes(state) == (
        "CR12",
        "NL01",
        "GROEP:netwerkstad-twente",
        "GROEP:hengelo-borne",
    )
    assert state.gemeente == "GM0164"


def _notes(query: str) -> list[tuple[str, str]]:
    state, notes = parse_view_state(query, CHOICES)
    assert state.groep == ()  # every group here is left out
    assert {n.param for n in notes} == {"groep"}
    return [(n.kind, n.value) for n in notes]


def test_ugr002_bad_groups_are_left_out_with_a_note_each():
    assert _notes("groep=Twente:GM9999") == [
        ("unknown_region", "Twente: GM9999"),
        ("empty_group", "Twente"),
    ]
    assert _notes("groep=Leeg:") == [("empty_group", "Leeg")]
    assert _notes("groep=onbekend") == [("unknown_group", "onbekend")]
    assert _notes("groep=Mix:CR12,NL01") == [
        ("invalid", "Mix: CR12, NL01"),  # an aggregate would count its municipalities twice
        ("empty_group", "Mix"),
    ]
    assert _notes("groep=<script>:GM0164") == [("invalid", "<script>")]
    assert _notes("groep=" + "x" * (MAX_GROUP_NAME + 1) + ":GM0164")[0][0] == "invalid"


def test_ugr003_a_group_of_500_codes_keeps_40_and_says_so():
    codes = ",".join(f"GM{n:04d}" for n in range(500))
    state, notes = parse_view_state(f"groep=Groot:{codes}")  # no store: any GM code counts
    assert len(state.groep[0].members) == MAX_GROUP_MEMBERS
    assert [(n.kind, n.value) for n in notes] == [("group_members_dropped", "Groot: 460")]
    assert len(build_query(state)) < 400
    # Against the store, the unknown ones go and a note says which.
    state, notes = parse_view_state(f"groep=Groot:GM0164,{codes}", CHOICES)
    assert state.groep[0].members == ("GM0164", "GM0147", "GM0153")
    # One note for the 497 unknown codes, cut short: the page shows one line, not 497.
    assert [n.kind for n in notes] == ["unknown_region"]
    assert notes[0].value.startswith("Groot: GM0000, GM0001") and notes[0].value.endswith("…")


def test_ugr004_more_than_three_groups_or_one_name_twice_are_dropped_with_a_note():
    query = "groep=A:GM0164;A:GM0147;B:GM0147;C:GM0153;D:GM0153"
    state, notes = parse_view_state(query, CHOICES)
    assert [g.name for g in state.groep] == ["A", "B", "C"]
    assert [(n.kind, n.value) for n in notes] == [("groups_dropped", "A, D")]


def test_ugr005_the_longest_allowed_url_is_well_within_gunicorns_request_line():
    # The widest name: 40 characters of 4 UTF-8 bytes, each %XX-encoded (12 characters).
    name = "𠀀" * MAX_GROUP_NAME
    groups = tuple(
        RegionGroup(name[:-1] + str(i), tuple(f"GM{n:04d}" for n in range(MAX_GROUP_MEMBERS)))
        for i in range(MAX_GROUPS)
    )
    state = ViewState(
        gemeente="GM1234",
        vergelijk=tuple(f"GM{n:04d}" for n in range(MAX_COMPARISONS)),
        van=2000,
        tot=2025,
        taal="en",
        weergave="tabel",
        gebeurtenissen="aan",
        indicator="x" * 64,
        basisjaar=2010,
        versie="20250301T120000Z",
        groep=groups,
    )
    query = build_query(state)
    assert parse_view_state(query) == (state, [])
    line = f"GET /talentopgave/presentatie/samenstellen{query} HTTP/1.1"
    assert len(line) < 2600 < request_line_limit() == 4094


names = st.from_regex(r"[A-Za-zéë0-9]([A-Za-zéë0-9.'&()+/-]| [A-Za-z0-9]){0,19}", fullmatch=True)
user_groups = st.builds(
    RegionGroup,
    names,
    st.lists(st.from_regex(r"GM[0-9]{4}", fullmatch=True), min_size=1, max_size=5, unique=True).map(
        tuple
    ),
)
predefined = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True).map(RegionGroup)


@given(st.lists(user_groups | predefined, max_size=MAX_GROUPS, unique_by=group_code))
def test_ugr006_parse_of_build_is_identity_for_groups(groups):
    state = ViewState(groep=tuple(groups))
    assert parse_view_state(build_query(state)) == (state, [])


def test_ugr007_gunicorn_serves_the_longest_url_with_the_groups_drawn(data_dir, tmp_path):
    """A real gunicorn (gunicorn.conf.py's limits) serves the page for the longest
    groep the app allows, not a 414 as for a longer line (what the page draws for a group
    is checked in-process, tests/dashboard/data/test_region_groups.py)."""
    codes = ["GM0141", "GM0147", "GM0153", "GM0164", "GM0173"]
    padding = [f"GM{n:04d}" for n in range(MAX_GROUP_MEMBERS - len(codes))]
    group = "Netwerkstad " + "ë" * (MAX_GROUP_NAME - 12)
    items = [f"{group}{i}:{','.join(codes + padding)}" for i in range(MAX_GROUPS - 1)]
    query = "groep=" + ";".join([*items, "netwerkstad-twente"]) + "&vergelijk=CR12"
    port = free_port()
    server = start_gunicorn(data_dir, port, workers=1, log=tmp_path / "gunicorn.log")
    try:
        response = requests.get(f"http://127.0.0.1:{port}/?{query}", timeout=60)
        assert response.status_code == 200
        too_long = requests.get(f"http://127.0.0.1:{port}/?groep={'A' * 5000}", timeout=60)
        assert too_long.status_code == 414  # what the caps keep every app link from
    finally:
        stop(server)
    assert len(response.request.url) > 900
