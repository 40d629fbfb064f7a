"""Why a retention value is absent (issue 14): notes on the retention line cards.

``retention_18_25`` needs the count of 18-year-olds seven years earlier, ``retention_18_30``
twelve years earlier. Where that earlier count is missing the ETL writes no value but a
reason to ``retention_gaps.parquet`` (docs/store.md): ``series_start`` (the earlier year is
before the table starts) or ``region_missing`` (the municipality did not exist then). The
card says so in words for the regions and years it shows, instead of an unexplained gap.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.cards.model import CardSpec, region_name, resolve_period
from dashboard.data.store import Store
from dashboard.i18n import t
from dashboard.state.url import ViewState, comparison_codes
from etl.contract import REGION_MISSING, SERIES_START


def year_spans(years: Sequence[int]) -> str:
    """``[2000, 2001, 2002, 2005]`` -> ``2000–2002, 2005``: runs of years as spans."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def gaps_shown(
    gaps: pd.DataFrame, indicator: str, regions: Sequence[str], van: int, tot: int
) -> dict[str, dict[str, list[int]]]:
    """reason -> region -> years: the gaps of ``indicator`` among the shown regions and
    years (``van..tot`` inclusive), regions in the order given."""
    rows = gaps[
        (gaps["indicator"] == indicator)
        & gaps["region_code"].isin(list(regions))
        & gaps["year"].between(van, tot)
    ]
    found: dict[str, dict[str, list[int]]] = {}
    for region in regions:
        own = rows[rows["region_code"] == region]
        for reason, years in own.groupby("reason")["year"]:
            found.setdefault(str(reason), {})[region] = sorted(int(y) for y in years)
    return found


def gap_notes(
    gaps: pd.DataFrame | None,
    indicator: str,
    regions: Sequence[str],
    van: int,
    tot: int,
    names: dict[str, str],
    lang: str,
) -> list[str]:
    """One note per reason: the series start once for all regions (it is the same years for
    all of them), a missing municipality per region."""
    if gaps is None or gaps.empty:
        return []
    found = gaps_shown(gaps, indicator, regions, van, tot)
    notes = []
    if SERIES_START in found:
        years = sorted({y for ys in found[SERIES_START].values() for y in ys})
        notes.append(t("gap_series_start", lang, years=year_spans(years)))
    if REGION_MISSING in found:
        parts = [
            t("gap_region_years", lang, region=names.get(code, code), years=year_spans(years))
            for code, years in found[REGION_MISSING].items()
        ]
        notes.append(t("gap_region_missing", lang, regions="; ".join(parts)))
    return notes


def retention_gap_notes(spec: CardSpec, state: ViewState, store: Store) -> list[str]:
    """The notes for a line card of an indicator that has gaps; [] for any other card."""
    if spec.kind != "line" or not spec.indicator or store.retention_gaps is None:
        return []
    period = resolve_period(state, store)
    regions = [state.gemeente, *comparison_codes(state)]
    names = {code: region_name(store, code, state.taal) for code in regions}
    return gap_notes(
        store.retention_gaps, spec.indicator, regions, period.van, period.tot, names, state.taal
    )
