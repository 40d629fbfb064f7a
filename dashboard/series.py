"""What a chart shows, as one long frame: select, rescale (per 1,000, index), never plot.

Every function returns ``region_code, region, year, value, status, lower, upper`` rows in
display order (focus first), so the chart, the table, the summary and the CSV are all made
from the same frame and cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.store import Store

COLUMNS = ["region_code", "region", "year", "value", "status", "lower", "upper"]


@dataclass
class Selection:
    """A frame to show plus the regions that had to be left out of an index, if any."""

    frame: pd.DataFrame
    regions: list[str]  # codes in display order (focus first)
    no_index: list[str] = field(default_factory=list)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("value", "lower", "upper")
                                      else "int64" if c == "year" else "str")
                         for c in COLUMNS})


def _region_rows(store: Store, indicator: str, region: str) -> pd.DataFrame | None:
    series = store.get_series(indicator, region)
    if series is None or series.empty:
        return None
    rows = series.reset_index()
    rows.insert(0, "region", store.name(region))
    rows.insert(0, "region_code", region)
    return rows[COLUMNS]


def select_series(store: Store, indicator: str, regions: list[str], van: int | None,
                  tot: int | None, *, per_1000_of: str | None = None,
                  basisjaar: int | None = None) -> Selection:
    """The rows of ``indicator`` for ``regions`` within ``van..tot`` (both inclusive).

    ``per_1000_of`` divides by another indicator of the same region and year (e.g. net
    migration per 1,000 inhabitants) — the counts are sums for aggregates, so the ratio is
    right for Twente too. ``basisjaar`` turns every region into an index with that year = 100;
    a region without a positive value in the base year cannot be indexed and is listed in
    ``no_index`` instead of shown.
    """
    parts, shown, no_index = [], [], []
    for region in regions:
        rows = _region_rows(store, indicator, region)
        if rows is None:
            continue
        if per_1000_of:
            denominator = store.get_series(per_1000_of, region)
            if denominator is None:
                continue
            scale = rows["year"].map(denominator["value"])
            rows = rows.assign(value=rows["value"] / scale * 1000)
            rows = rows[rows["value"].notna()]
        if basisjaar is not None:
            base = rows.loc[rows["year"] == basisjaar, "value"]
            if base.empty or not base.iloc[0] > 0:
                no_index.append(region)
                continue
            factor = 100 / base.iloc[0]
            rows = rows.assign(value=rows["value"] * factor, lower=rows["lower"] * factor,
                               upper=rows["upper"] * factor)
        if van is not None:
            rows = rows[rows["year"] >= van]
        if tot is not None:
            rows = rows[rows["year"] <= tot]
        if not rows.empty:
            parts.append(rows)
            shown.append(region)
    frame = pd.concat(parts, ignore_index=True) if parts else empty_frame()
    return Selection(frame=frame, regions=shown, no_index=no_index)


def provisional_years(frame: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in frame.loc[frame["status"] == "voorlopig", "year"].unique())


def first_and_last(frame: pd.DataFrame, region: str) -> tuple[pd.Series, pd.Series] | None:
    rows = frame[frame["region_code"] == region].sort_values("year")
    if rows.empty:
        return None
    return rows.iloc[0], rows.iloc[-1]


def ranking(store: Store, indicator: str, year: int, regions: list[str]) -> pd.DataFrame:
    """One row per region for ``year``, highest first, with a 1-based ``rank``."""
    frame = store.indicator_frame(indicator)
    if frame is None:
        return empty_frame().assign(rank=pd.Series(dtype="int64"))
    rows = frame[(frame["year"] == year) & frame["region_code"].isin(regions)].copy()
    rows.insert(1, "region", rows["region_code"].map(store.name))
    rows = rows.sort_values(["value", "region"], ascending=[False, True]).reset_index(drop=True)
    rows["rank"] = range(1, len(rows) + 1)
    return rows[COLUMNS + ["rank"]]


def pyramid_shares(store: Store, region: str, year: int) -> pd.DataFrame | None:
    """Per age: men and women as % of all inhabitants (negative men for the left side)."""
    pyramid = store.pyramid(region, year)
    if pyramid is None or pyramid.empty:
        return None
    total = float(pyramid["totaal"].sum())
    if total <= 0:
        return None
    return pd.DataFrame({
        "age": pyramid["age"], "age_open": pyramid["age_open"],
        "men": pyramid["man"], "women": pyramid["vrouw"],
        "men_share": pyramid["man"] / total * 100, "women_share": pyramid["vrouw"] / total * 100,
        "status": pyramid["status"],
    })


def band_share(pyramid: pd.DataFrame, low: int = 18, high: int = 35) -> tuple[float, int]:
    """Share (%) and count of people aged ``low..high`` inclusive in a pyramid frame."""
    band = pyramid[(pyramid["age"] >= low) & (pyramid["age"] <= high) & ~pyramid["age_open"]]
    count = int(band["men"].sum() + band["women"].sum())
    return float(band["men_share"].sum() + band["women_share"].sum()), count
