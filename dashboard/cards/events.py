"""The programme's events on a time series: numbered vertical lines, and a list below."""

from __future__ import annotations

from dashboard.cards.model import CardContent
from dashboard.data.store import Store
from dashboard.figures import programme as pf
from dashboard.i18n import t
from dashboard.i18n.formatting import format_date
from dashboard.programme.timeline import events

TIME_SERIES_KINDS = ("line", "forecast", "target")  # cards that get the events overlay


def overlay_events(content: CardContent, store: Store, lang: str) -> CardContent:
    """Events as numbered vertical lines on the chart, and as a list below it."""
    if content.figure is None:
        return content
    shown = pf.visible_events(events(store), content.figure)
    if shown:
        content.figure = pf.with_events(content.figure, shown)
        content.events = [
            f"{e.number}. "
            + t(
                "event_item",
                lang,
                title=e.title,
                date=format_date(e.day.isoformat(), lang),
                kind=t(f"event_kind_{e.kind}", lang),
            )
            for e in shown
        ]
    return content
