"""The programme's own measurements, and the seed budget per pillar made from them."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.data.store import Store
from dashboard.figures import programme as pf
from dashboard.i18n import t
from dashboard.programme.targets import target_row

PILLARS = ("wonen", "werken", "leven", "imago")  # the budget's pillars (not "programma")


def measurements(store: Store, indicator: str) -> list[tuple[date, float]]:
    """``(date, value)`` of one programme indicator, in date order."""
    frame = store.programme.measurements if store.programme is not None else None
    if frame is None or frame.empty:
        return []
    own = frame[frame["indicator"] == indicator].sort_values("date")
    return [
        (pd.Timestamp(d).date(), float(v)) for d, v in zip(own["date"], own["value"], strict=True)
    ]


def budget_rows(store: Store, lang: str) -> tuple[list[pf.PillarBudget], date | None, bool]:
    """Per pillar: budget (the committed-budget target), latest committed and spent; the date
    of the newest figure; whether any of it is an example."""
    result, newest, example = [], None, False
    for pillar in PILLARS:
        committed_id, spent_id = f"budget_committed_{pillar}", f"budget_spent_{pillar}"
        target = target_row(store, committed_id)
        committed, spent = measurements(store, committed_id), measurements(store, spent_id)
        if target is None and not committed and not spent:
            continue
        for points in (committed, spent):
            if points:
                newest = max(newest or points[-1][0], points[-1][0])
        example = example or bool(target and target["example"])
        result.append(
            pf.PillarBudget(
                t(f"pillar_{pillar}", lang),
                target["target_value"] if target else None,
                committed[-1][1] if committed else None,
                spent[-1][1] if spent else None,
            )
        )
    if store.programme is not None and not store.programme.measurements.empty:
        budget_ids = store.programme.measurements["indicator"].str.startswith("budget_")
        example = example or bool(store.programme.measurements.loc[budget_ids, "example"].any())
    return result, newest, example
