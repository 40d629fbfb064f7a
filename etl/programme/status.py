"""Where a programme target stands: the latest actual against the straight path from the
baseline to the target. Pure functions, no I/O.

The path runs linearly from (baseline year, baseline value) to (target year, target value)
and stays at the target value after the target year. The latest actual is compared with the
path in its year:

- ``gap_amount`` = actual - path value (in the indicator's unit; for a falling target a
  negative gap is good news);
- ``gap_years`` = how many years ahead (+) or behind (-) the path the actual is: the year t
  where the path line reaches the actual, minus the actual's year (after the target year:
  minus the target year, as the path is then flat);
- ``status``: ``on_track`` (*op koers*) when the actual lies within the tolerance band around
  the path --
  :data:`TOLERANCE` (1 %) of the path's total change |target - baseline| on either side --,
  else ``ahead`` (*voor*: better than the path: higher for a rising target, lower for a
  falling one) or ``behind`` (*achter*).

A target needs a baseline value other than its target value (the loader enforces it); no
status is given without an actual in or after the baseline year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pandas as pd

from etl.contract import AHEAD, BEHIND, ON_TRACK

TOLERANCE = 0.01  # of |target - baseline|: within this of the path counts as on track
STATUSES = (ON_TRACK, BEHIND, AHEAD)


@dataclass(frozen=True)
class TargetStatus:
    status: str | None  # on_track / behind / ahead (words in the app); None without an actual
    latest_year: int | None
    latest_value: float | None
    path_value: float | None  # the path in latest_year
    gap_amount: float | None  # latest_value - path_value
    gap_years: float | None  # + ahead of the path, - behind

    @classmethod
    def unknown(cls) -> TargetStatus:
        return cls(None, None, None, None, None, None)


def path_value(baseline: tuple[int, float], target: tuple[int, float], year: float) -> float:
    """The planned value in ``year``: linear from baseline to target, then flat."""
    (year0, value0), (year1, value1) = baseline, target
    if year >= year1:
        return value1
    return value0 + (value1 - value0) * (year - year0) / (year1 - year0)


def target_status(
    baseline: tuple[int, float],
    target: tuple[int, float],
    actuals: Mapping[int, float],
    tolerance: float = TOLERANCE,
) -> TargetStatus:
    """Status of the latest actual (``{year: value}``) against the baseline-target path."""
    (year0, value0), (year1, value1) = baseline, target
    if year1 <= year0 or value1 == value0:
        raise ValueError(
            f"a target needs a later year and another value than its baseline, "
            f"got baseline {baseline} and target {target}"
        )
    known = {
        int(y): float(v)
        for y, v in actuals.items()
        if v is not None and math.isfinite(v) and y >= year0
    }
    if not known:
        return TargetStatus.unknown()
    latest_year = max(known)
    latest_value = known[latest_year]
    planned = path_value(baseline, target, latest_year)
    gap = latest_value - planned
    slope = (value1 - value0) / (year1 - year0)
    reached_in = year0 + (latest_value - value0) / slope  # the path line's year of the actual
    gap_years = reached_in - min(latest_year, year1)
    direction = 1.0 if value1 > value0 else -1.0
    band = tolerance * abs(value1 - value0)
    progress = gap * direction  # > 0: better than planned
    if abs(progress) <= band * (1 + 1e-12):
        status = ON_TRACK
    else:
        status = AHEAD if progress > 0 else BEHIND
    return TargetStatus(status, latest_year, latest_value, planned, gap, gap_years)


STATUS_COLUMNS = ("status", "latest_year", "latest_value", "path_value", "gap_amount", "gap_years")


def targets_with_status(
    targets: pd.DataFrame, indicators: pd.DataFrame, measurements: pd.DataFrame
) -> pd.DataFrame:
    """Targets (etl.programme frame) with their baseline filled in and their status.

    Actuals of a CBS indicator come from ``indicators`` (the store's long frame; forecasts
    are not actuals) for the target's region; an empty baseline takes CBS's value of the
    baseline year (``baseline_from_data``). Actuals of a programme indicator are its
    measurements, the last one of each calendar year counting for that year.
    """
    # Only the series the targets ask for: the store holds ~10,000 for scope nl.
    wanted = targets.loc[targets["indicator_kind"] == "cbs", ["indicator", "region_code"]]
    observed = indicators[
        (indicators["status"] != "prognose")
        & indicators["indicator"].isin(wanted["indicator"])
        & indicators["region_code"].isin(wanted["region_code"])
    ]
    cbs = {
        key: dict(zip(group["year"], group["value"], strict=True))
        for key, group in observed.groupby(["indicator", "region_code"])
    }
    dated = measurements.sort_values("date").assign(year=lambda f: f["date"].dt.year)
    own = {
        indicator: dict(zip(group["year"], group["value"], strict=True))
        for indicator, group in dated.groupby("indicator")
    }  # later dates overwrite
    rows = []
    for target in targets.itertuples(index=False):
        if target.indicator_kind == "cbs":
            actuals = cbs.get((target.indicator, target.region_code), {})
        else:
            actuals = own.get(target.indicator, {})
        baseline_value = target.baseline_value
        from_data = pd.isna(baseline_value)
        if from_data:
            baseline_value = actuals.get(target.baseline_year, math.nan)
        status = TargetStatus.unknown()
        if pd.notna(baseline_value) and baseline_value != target.target_value:
            status = target_status(
                (target.baseline_year, baseline_value),
                (target.target_year, target.target_value),
                actuals,
            )
        rows.append(
            {"baseline_value": baseline_value, "baseline_from_data": from_data, **asdict(status)}
        )
    extra = pd.DataFrame(
        rows, columns=["baseline_value", "baseline_from_data", *STATUS_COLUMNS], index=targets.index
    )
    result = targets.drop(columns="baseline_value").copy()
    result.insert(
        targets.columns.get_loc("baseline_value"),
        "baseline_value",
        extra["baseline_value"].astype("float64"),
    )
    result["baseline_from_data"] = extra["baseline_from_data"].astype(bool)
    result["status"] = extra["status"].astype("str")
    result["latest_year"] = extra["latest_year"].astype("Int64")
    for column in ("latest_value", "path_value", "gap_amount", "gap_years"):
        result[column] = extra[column].astype("float64")
    return result
