"""Every kind of card and its builder, in one place; :func:`build_card` is the one entry.

The chart-card component renders what :func:`build_card` returns, and its callbacks call
it again on every change; the embed view and the slides use it too. So layout, callbacks,
presentation and tests share one code path.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.cards import cbs, cohorts, flows, forecast_check, programme
from dashboard.cards.events import TIME_SERIES_KINDS, overlay_events
from dashboard.cards.gaps import retention_gap_notes
from dashboard.cards.model import CardContent, CardSpec, no_data
from dashboard.cards.notes import table_notes
from dashboard.data.store import Store
from dashboard.state.url import ViewState

Builder = Callable[[CardSpec, ViewState, Store], CardContent]

BUILDERS: dict[str, Builder] = {
    # on CBS figures
    "line": cbs.line_card,
    "forecast": cbs.forecast_card,
    # realised population over each forecast edition's 67% band (issue 15)
    "forecast_check": forecast_check.forecast_check_card,
    "pyramid": cbs.pyramid_card,
    "ranking": cbs.ranking_card,
    "map": cbs.map_card,
    "cohort": cohorts.cohort_card,  # follow a birth year from 15 to 35 (issue 14)
    # moves between municipalities, all ages (81734NED, issue 14)
    "flow_destinations": flows.destinations_card,
    "flow_origins": flows.origins_card,
    "flow_net": flows.net_card,
    "flow_map": flows.flow_map_card,
    # on the programme file
    "target": programme.target_card,
    "budget": programme.budget_card,
    "milestones": programme.milestones_card,
}


def build_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    builder = BUILDERS.get(spec.kind)
    if builder is None:
        return no_data(spec.indicator or spec.kind, state.taal)
    content = builder(spec, state, store)
    # First among the notes, and also on a card without data: it says why there is none.
    content.notes = table_notes(spec, state, store) + content.notes
    # Why a value is absent where the ETL knows (retention: series start, merged municipality).
    content.notes += retention_gap_notes(spec, state, store)
    if state.gebeurtenissen == "aan" and spec.kind in TIME_SERIES_KINDS:
        content = overlay_events(content, store, state.taal)
    return content
