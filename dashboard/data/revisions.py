"""What CBS revised between two vintages: a pure comparison of two indicator frames.

Two frames with the store's ``indicators`` columns (docs/store.md) in, one row per point
that differs out, matched on ``indicator``, ``region_code`` and ``year``:

* ``revised``: in both, and the value *as the dashboard shows it* changed;
* ``status_changed``: in both with another status (``voorlopig`` -> ``definitief``);
* ``new``: only in the newer frame (a new year, a new region);
* ``removed``: only in the older frame.

A point can be revised and change status at once (CBS finalising a provisional figure).

Why values are compared at the indicator's shown decimals: the ETL recomputes every derived
value (shares, sums of member municipalities) on each refresh, so the same CBS figures can
come out a few ulps apart (~1e-13) when pandas sums in another order. Such a difference, or
any change smaller than the last shown decimal, leaves every chart, table and CSV exactly as
it was; marking it "herzien" with "22,4 → 22,4" would only puzzle. A change that moves the
shown figure is a revision; the tolerance keeps noise at a rounding boundary out too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

KEYS = ("indicator", "region_code", "year")
COLUMNS = (
    *KEYS,
    "old_value",
    "new_value",
    "difference",  # new - old; NaN for a new or removed point
    "old_status",
    "new_status",
    "revised",
    "status_changed",
    "new",
    "removed",
)
FLAGS = ("revised", "status_changed", "new", "removed")
DEFAULT_DECIMALS = 1  # the catalogue's own default (etl/indicators.toml)
# Relative size below which two values are the same number computed twice (float64 keeps
# ~16 significant digits; the ETL's sums lose a few of them).
NOISE = 1e-9


@dataclass(frozen=True)
class IndicatorCounts:
    indicator: str
    revised: int
    status_changed: int
    new: int
    removed: int


@dataclass(frozen=True)
class Revisions:
    """The differences from vintage ``old`` to vintage ``new`` (rows: :data:`COLUMNS`, in
    indicator, region, year order)."""

    old: str
    new: str
    rows: pd.DataFrame
    _revised: dict = field(default_factory=dict, repr=False, compare=False)

    def counts(self) -> list[IndicatorCounts]:
        """Per indicator with any difference, how many points of each kind."""
        if self.rows.empty:
            return []
        sums = self.rows.groupby("indicator", sort=True)[list(FLAGS)].sum()
        return [
            IndicatorCounts(str(name), *(int(row[f]) for f in FLAGS))
            for name, row in sums.iterrows()
        ]

    def revised_in(self, indicator: str, region: str) -> dict[int, tuple[float, float]]:
        """``{year: (old, new)}`` of the revised values of one series."""
        return self._revised.get((indicator, region), {})


def _shown_differs(old: pd.Series, new: pd.Series, decimals: pd.Series) -> pd.Series:
    scale = np.power(10.0, decimals.to_numpy(dtype="float64"))
    a, b = old.to_numpy(dtype="float64"), new.to_numpy(dtype="float64")
    moved = np.round(a * scale) != np.round(b * scale)
    real = np.abs(b - a) > NOISE * np.maximum(1.0, np.abs(a))
    return pd.Series(moved & real, index=old.index)


def compare(
    old: pd.DataFrame,
    new: pd.DataFrame,
    decimals: Mapping[str, int],
    *,
    old_vintage: str = "",
    new_vintage: str = "",
) -> Revisions:
    """Every point that differs between ``old`` and ``new``; ``decimals``: indicator ->
    decimals shown (the catalogue's; :data:`DEFAULT_DECIMALS` for one it lacks)."""
    keep = [*KEYS, "value", "status"]
    merged = pd.merge(
        old[keep].set_axis([*KEYS, "old_value", "old_status"], axis=1),
        new[keep].set_axis([*KEYS, "new_value", "new_status"], axis=1),
        on=list(KEYS),
        how="outer",
        indicator="_side",
    )
    both = merged["_side"] == "both"
    shown = merged["indicator"].map(dict(decimals)).fillna(DEFAULT_DECIMALS)
    merged["revised"] = both & _shown_differs(merged["old_value"], merged["new_value"], shown)
    merged["status_changed"] = both & (merged["old_status"] != merged["new_status"])
    merged["new"] = merged["_side"] == "right_only"
    merged["removed"] = merged["_side"] == "left_only"
    merged["difference"] = (merged["new_value"] - merged["old_value"]).where(both)
    differs = merged[list(FLAGS)].any(axis=1)
    rows = (
        merged.loc[differs, list(COLUMNS)]
        .astype({"year": "int64", "old_value": "float64", "new_value": "float64"})
        .sort_values(list(KEYS))
        .reset_index(drop=True)
    )
    revised: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    for indicator, region, year, before, after in rows.loc[
        rows["revised"], ["indicator", "region_code", "year", "old_value", "new_value"]
    ].itertuples(index=False):
        revised.setdefault((str(indicator), str(region)), {})[int(year)] = (
            float(before),
            float(after),
        )
    return Revisions(old=old_vintage, new=new_vintage, rows=rows, _revised=revised)
