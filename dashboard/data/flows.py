"""Moves between municipalities (CBS 81734NED, all ages): the focus municipality's partners.

``flows.parquet`` (docs/store.md) has one row per origin × destination × year with the
number of persons who moved. For the focus municipality and a year range this module sums,
per partner municipality, the persons who left for it (out), who came from it (in) and the
difference (net = in − out). A range is summed year by year from the counts, never averaged.
Pure functions on a small frame, so tests compute them by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.data.store import PROVISIONAL

TOP = 10  # partners in a top list


@dataclass(frozen=True)
class Partner:
    """One partner municipality of the focus, summed over the years asked for."""

    code: str
    outflow: int  # persons who moved from the focus to this partner
    inflow: int  # persons who moved from this partner to the focus

    @property
    def net(self) -> int:
        """In − out: positive when the focus gains people from this partner."""
        return self.inflow - self.outflow


def flow_years(flows: pd.DataFrame) -> tuple[int, ...]:
    return tuple(sorted(int(y) for y in flows["year"].unique()))


def years_in_range(flows: pd.DataFrame, van: int, tot: int) -> tuple[int, ...]:
    return tuple(y for y in flow_years(flows) if van <= y <= tot)


def provisional_years(flows: pd.DataFrame, focus: str, van: int, tot: int) -> list[int]:
    rows = _of_focus(flows, focus, van, tot)
    return sorted({int(y) for y in rows.loc[rows["status"] == PROVISIONAL, "year"]})


def of_region(flows: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The rows with ``focus`` on one side, every year (a small frame worth keeping: the
    cards of one page all ask for the same municipality)."""
    # A move within one municipality is not a move between municipalities.
    touching = (flows["origin"] == focus) ^ (flows["destination"] == focus)
    return flows[touching].reset_index(drop=True)


def _of_focus(flows: pd.DataFrame, focus: str, van: int, tot: int) -> pd.DataFrame:
    rows = of_region(flows, focus)
    return rows[rows["year"].between(van, tot)]


def partners(flows: pd.DataFrame, focus: str, van: int, tot: int) -> list[Partner]:
    """Every partner of ``focus`` with a move in ``van..tot`` (inclusive), by code."""
    rows = _of_focus(flows, focus, van, tot)
    outflow: dict[str, int] = {}
    inflow: dict[str, int] = {}
    for origin, destination, persons in zip(
        rows["origin"], rows["destination"], rows["persons"], strict=True
    ):
        if origin == focus:
            outflow[str(destination)] = outflow.get(str(destination), 0) + int(persons)
        else:
            inflow[str(origin)] = inflow.get(str(origin), 0) + int(persons)
    codes = sorted(set(outflow) | set(inflow))
    return [Partner(code, outflow.get(code, 0), inflow.get(code, 0)) for code in codes]


def top_destinations(found: Sequence[Partner], n: int = TOP) -> list[Partner]:
    """Where most people from the focus went: largest outflow first (ties by code);
    partners nobody moved to are left out."""
    ranked = sorted((p for p in found if p.outflow > 0), key=lambda p: (-p.outflow, p.code))
    return ranked[:n]


def top_origins(found: Sequence[Partner], n: int = TOP) -> list[Partner]:
    """Where most newcomers to the focus came from: largest inflow first (ties by code)."""
    ranked = sorted((p for p in found if p.inflow > 0), key=lambda p: (-p.inflow, p.code))
    return ranked[:n]


def largest_net(found: Sequence[Partner], n: int = TOP) -> list[Partner]:
    """The ``n`` partners with the largest net exchange either way (a balance of 0 is none),
    sorted by net, highest on top, so the chart reads from gain to loss."""
    by_size = sorted((p for p in found if p.net), key=lambda p: (-abs(p.net), p.code))[:n]
    return sorted(by_size, key=lambda p: (-p.net, p.code))
