"""The programme's dated register: milestones per pillar, and events (policy decisions and
breaks in a CBS series) that every time series can show."""

from __future__ import annotations

import pandas as pd

from dashboard.data.store import Store
from dashboard.figures import programme as pf
from dashboard.i18n import t


def milestones(store: Store, lang: str) -> list[tuple[pf.Milestone, bool]]:
    """Milestones in date order with their example flag."""
    if store.programme is None:
        return []
    frame = store.programme.milestones
    return [
        (
            pf.Milestone(
                pd.Timestamp(d).date(),
                str(title),
                t(f"pillar_{pillar}", lang),
                str(status),
                t(f"ms_status_{status}", lang),
            ),
            bool(example),
        )
        for d, title, pillar, status, example in zip(
            frame["date"],
            frame["title"],
            frame["pillar"],
            frame["status"],
            frame["example"],
            strict=True,
        )
    ]


def events(store: Store) -> list[pf.Event]:
    """The event register, numbered in date order (one number per event on every chart)."""
    if store.programme is None:
        return []
    frame = store.programme.events
    return store.memo(
        ("programme_events",),
        lambda: [
            pf.Event(number, day.date(), str(title), str(kind))
            for number, (day, title, kind) in enumerate(
                zip(frame["date"], frame["title"], frame["kind"], strict=True), start=1
            )
        ],
    )
