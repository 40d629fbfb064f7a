"""Moves between municipalities: partners, top lists, net and a range summed, by hand."""

from __future__ import annotations

import pandas as pd

from dashboard.data.flows import (
    Partner,
    flow_years,
    largest_net,
    partners,
    provisional_years,
    top_destinations,
    top_origins,
    years_in_range,
)

H, E, A, B, OL = "GM0164", "GM0153", "GM0141", "GM0147", "GM0173"  # Hengelo, Enschede, …


def _flows(rows: list[tuple[str, str, int, int, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["origin", "destination", "year", "persons", "status"])
    return frame.assign(source="81734NED")


FLOWS = _flows(
    [
        # 2023
        (H, E, 2023, 100, "definitief"),  # Hengelo -> Enschede
        (E, H, 2023, 130, "definitief"),  # Enschede -> Hengelo
        (H, A, 2023, 40, "definitief"),
        (A, H, 2023, 10, "definitief"),
        (H, B, 2023, 25, "definitief"),
        (E, A, 2023, 999, "definitief"),  # not Hengelo's: left out
        # 2024 (provisional)
        (H, E, 2024, 120, "voorlopig"),
        (E, H, 2024, 110, "voorlopig"),
        (OL, H, 2024, 30, "voorlopig"),  # only in: Oldenzaal has no outflow from Hengelo
        (H, H, 2024, 7, "voorlopig"),  # within one municipality: not between two
    ]
)


def test_flw001_partners_of_one_year():
    found = {p.code: p for p in partners(FLOWS, H, 2023, 2023)}
    # 2023: out to E 100, A 40, B 25; in from E 130, A 10. Oldenzaal moved only in 2024.
    assert found == {
        A: Partner(A, outflow=40, inflow=10),
        B: Partner(B, outflow=25, inflow=0),
        E: Partner(E, outflow=100, inflow=130),
    }
    # net = in − out: E 130 − 100 = +30, A 10 − 40 = −30, B 0 − 25 = −25
    assert [found[c].net for c in (E, A, B)] == [30, -30, -25]


def test_flw002_a_range_is_summed_year_by_year():
    found = {p.code: p for p in partners(FLOWS, H, 2023, 2024)}
    # Enschede: out 100 + 120 = 220, in 130 + 110 = 240, net +20; the move within Hengelo
    # (7) and Enschede's own move to Almelo (999) are in no partner.
    assert found[E] == Partner(E, outflow=220, inflow=240) and found[E].net == 20
    assert found[OL] == Partner(OL, outflow=0, inflow=30)
    assert H not in found
    assert sum(p.outflow for p in found.values()) == 100 + 40 + 25 + 120  # 285
    assert sum(p.inflow for p in found.values()) == 130 + 10 + 110 + 30  # 280


def test_flw003_top_lists_and_net():
    found = partners(FLOWS, H, 2023, 2024)
    # Out: E 220, A 40, B 25 (Oldenzaal had none out, so it is no destination).
    assert [(p.code, p.outflow) for p in top_destinations(found)] == [(E, 220), (A, 40), (B, 25)]
    # In: E 240, O 30, A 10 (B none).
    assert [(p.code, p.inflow) for p in top_origins(found)] == [(E, 240), (OL, 30), (A, 10)]
    assert [p.code for p in top_destinations(found, n=2)] == [E, A]
    # Net: O +30, E +20, B −25, A −30; the two largest either way are A (30) and O (30,
    # ties by code: GM0141 before GM0173), shown gain first.
    assert [(p.code, p.net) for p in largest_net(found)] == [(OL, 30), (E, 20), (B, -25), (A, -30)]
    assert [(p.code, p.net) for p in largest_net(found, n=2)] == [(OL, 30), (A, -30)]


def test_flw004_years_and_provisional():
    assert flow_years(FLOWS) == (2023, 2024)
    assert years_in_range(FLOWS, 2000, 2023) == (2023,)
    assert years_in_range(FLOWS, 2000, 2010) == ()
    assert provisional_years(FLOWS, H, 2023, 2024) == [2024]
    assert provisional_years(FLOWS, H, 2023, 2023) == []
    assert partners(FLOWS, "GM9999", 2023, 2024) == []  # a municipality without moves
