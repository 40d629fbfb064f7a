"""Region groups summed from counts (dashboard/data/groups.py), on a store the ETL published
with chosen values for Hengelo (GM0164) and Borne (GM0147) in 2024."""

from __future__ import annotations

import dataclasses

import pytest
from support.stores import publish_store

from dashboard.cards.model import CardSpec
from dashboard.cards.registry import build_card
from dashboard.data.groups import NO_COUNTS, PREDEFINED, compute_group, parse_formula, plan
from dashboard.data.store import load_store
from dashboard.state.url import parse_view_state
from dashboard.state.view import grouped_store, store_choices

# (indicator, region) -> (value, status) in 2024
CHOSEN = {
    ("population", "GM0164"): (1000.0, "definitief"),
    ("count_18_35", "GM0164"): (300.0, "definitief"),
    ("share_18_35", "GM0164"): (30.0, "definitief"),
    ("share_15_74", "GM0164"): (70.0, "definitief"),
    ("population", "GM0147"): (3000.0, "definitief"),
    ("count_18_35", "GM0147"): (300.0, "voorlopig"),
    ("share_18_35", "GM0147"): (10.0, "voorlopig"),
    ("share_15_74", "GM0147"): (80.0, "definitief"),
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    def edit(content):
        frame = content.frames.indicators.copy()
        for (indicator, region), (value, status) in CHOSEN.items():
            rows = (
                (frame["indicator"] == indicator)
                & (frame["region_code"] == region)
                & (frame["year"] == 2024)
            )
            assert rows.sum() == 1
            frame.loc[rows, ["value", "status"]] = [value, status]
        return dataclasses.replace(
            content, frames=dataclasses.replace(content.frames, indicators=frame)
        )

    return load_store(publish_store(tmp_path_factory.mktemp("groups"), edit=edit))


def test_rgr001_a_share_is_summed_counts_over_summed_population_not_a_mean(tiny):
    group = compute_group(tiny, "GROEP:hb", "Hengelo + Borne", ("GM0164", "GM0147"))
    share = group.series["share_18_35"]
    # (300 + 300) / (1000 + 3000) x 100 = 15.0 -- the mean of the shares would be
    # (30 + 10) / 2 = 20.0.
    assert share.value_in(2024) == pytest.approx(15.0)
    # share_15_74 has no count indicator: its numerator is each member's share x population,
    # (0.70 x 1000 + 0.80 x 3000) / 4000 x 100 = 3100 / 4000 x 100 = 77.5 (mean: 75.0).
    assert group.series["share_15_74"].value_in(2024) == pytest.approx(77.5)
    assert group.series["population"].value_in(2024) == 4000
    # Borne's 2024 count is provisional, so the group's 2024 share is too.
    assert share.statuses[share.years.index(2024)] == "voorlopig"
    assert group.series["share_15_74"].statuses[share.years.index(2024)] == "definitief"


def test_rgr002_other_years_equal_the_hand_sum_of_the_store_and_twente_is_reproduced(tiny):
    members = tuple(tiny.twente_gemeenten)
    group = compute_group(tiny, "GROEP:t", "Twente", members)
    for indicator in ("share_65plus", "birth_rate", "youth_net_migration_rate", "grey_pressure"):
        twente, summed = tiny.get_series(indicator, "CR12"), group.series[indicator]
        years = sorted(set(twente.years) & set(summed.years) - {2024})  # 2024: edited
        assert len(years) >= 5, indicator
        for year in years:
            # The ETL sums the same 14 municipalities into CR12 (etl/indicators.py).
            assert summed.value_in(year) == pytest.approx(twente.value_in(year), rel=1e-9)
    hengelo_borne = compute_group(tiny, "GROEP:x", "x", ("GM0164", "GM0147"))
    counts = sum(tiny.get_series("count_18_35", c).value_in(2020) for c in ("GM0164", "GM0147"))
    people = sum(tiny.get_series("population", c).value_in(2020) for c in ("GM0164", "GM0147"))
    assert hengelo_borne.series["share_18_35"].value_in(2020) == pytest.approx(
        100 * counts / people
    )


def test_rgr003_what_cannot_be_summed_is_absent_with_a_reason(tiny):
    group = compute_group(tiny, "GROEP:hb", "x", ("GM0164", "GM0147"))
    for indicator in ("retention_18_25", "youth_neet_share", "net_labour_participation"):
        assert indicator not in group.series and group.absent[indicator] == NO_COUNTS
    forecast = group.series["population_forecast"]  # summed, without the 67% interval
    assert set(forecast.lowers) == {None} and set(forecast.statuses) == {"prognose"}
    hengelo = tiny.get_series("population_forecast", "GM0164")
    borne = tiny.get_series("population_forecast", "GM0147")
    assert forecast.value_in(2040) == hengelo.value_in(2040) + borne.value_in(2040)
    assert plan(tiny.catalogue).indicators["population"] == ("sum",)
    assert parse_formula("p_a * p_b") is None


def test_rgr004_the_line_card_csv_and_notes_show_the_groups_like_regions(tiny):
    query = "groep=netwerkstad-twente;Hengelo+%2B+Borne:GM0164,GM0147&van=2023&tot=2024"
    state, notes = parse_view_state(query, store_choices(tiny))
    assert notes == []
    store = grouped_store(tiny, state)
    content = build_card(CardSpec("line", "share_18_35"), state, store)
    assert "in Hengelo + Borne van " in content.summary and "15,0%" in content.summary
    rows = [r.split(";") for r in content.csv("nl").splitlines()]
    assert ["Hengelo + Borne", "GROEP:hengelo-borne", "2024", "15,0", "voorlopig"] in rows
    assert "Netwerkstad Twente" in {r[0] for r in rows}
    assert {tuple(PREDEFINED["netwerkstad-twente"].members)} <= {
        tuple(sorted(PREDEFINED["netwerkstad-twente"].members))
    }
    absent = build_card(CardSpec("line", "outmover_share_20_35"), state, store)
    assert any(n.startswith("Hengelo + Borne ontbreekt") for n in absent.notes)
    english = build_card(
        CardSpec("line", "share_18_35"), dataclasses.replace(state, taal="en"), store
    )
    assert "Hengelo + Borne" in english.summary


def test_rgr005_netwerkstad_twentes_members_are_the_stores_municipalities_of_those_names(tiny):
    names = {tiny.name(code) for code in PREDEFINED["netwerkstad-twente"].members}
    assert names == {"Almelo", "Borne", "Enschede", "Hengelo (O.)", "Oldenzaal"}


def test_rgr006_a_groups_pyramid_sums_the_members_ages_and_the_pyramid_card_compares(tiny):
    state, _ = parse_view_state("groep=Hengelo+%2B+Borne:GM0164,GM0147&vergelijk=")
    store = grouped_store(tiny, state)
    group = store.pyramid("GROEP:hengelo-borne", 2025)
    hengelo, borne = tiny.pyramid("GM0164", 2025), tiny.pyramid("GM0147", 2025)
    for column in ("man", "vrouw", "totaal"):
        assert list(group[column]) == list(hengelo[column] + borne[column])
    assert set(group["status"]) == {"voorlopig"}  # 2025 is provisional for both
    content = build_card(CardSpec("pyramid"), state, store)
    assert "De lijn toont Hengelo + Borne ter vergelijking" in content.summary
    # Another link may give the same name other members: its own pyramid, not a cached one.
    other, _ = parse_view_state("groep=Hengelo+%2B+Borne:GM0164&vergelijk=")
    assert list(grouped_store(tiny, other).pyramid("GROEP:hengelo-borne", 2025)["totaal"]) == (
        list(hengelo["totaal"])
    )
