"""The cards on moves between municipalities (CBS 81734NED, all ages; issue 14): where the
focus municipality's leavers went, where its newcomers came from, the net per partner, and
the flow map.

The year is the newest in ``flows.parquet`` unless the URL sets ``van``/``tot``; then the
years of that range are summed (counts, year by year). Every builder makes its chart, table,
summary and CSV from the same :class:`dashboard.data.flows.Partner` rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.cards.model import (
    CardContent,
    CardSpec,
    TableData,
    finish,
    region_name,
    resolve_period,
    slug,
)
from dashboard.cards.sources import source_line
from dashboard.data import flows as data
from dashboard.data.flows import Partner
from dashboard.data.store import GEMEENTE, Store
from dashboard.figures import charts as figures
from dashboard.figures import flows as flow_figures
from dashboard.i18n import t
from dashboard.i18n.formatting import format_number, format_value, format_years
from dashboard.state.url import ViewState

FLOWS_ROLE = "flows"  # 81734NED's role in the manifest (etl/sources.py)
SOURCE_ENTRY = {"id": "", "sources": [FLOWS_ROLE]}
MAP_PARTNERS = 15  # lines on the flow map: the largest exchanges, the rest in the table


@dataclass(frozen=True)
class FlowView:
    """What every flow card shows: the focus, the years, its partners and their names."""

    lang: str
    focus: str
    region: str  # the focus's name
    van: int
    tot: int
    partners: list[Partner]
    names: dict[str, str]  # partner code -> name
    former: list[str]  # partner codes that are no municipality any more (merged since)
    provisional: list[int]

    @property
    def period(self) -> str:
        """ "2024" or "2020–2024 opgeteld", always with "alle leeftijden"."""
        key = "flows_period_single" if self.van == self.tot else "flows_period_range"
        return t(key, self.lang, van=self.van, tot=self.tot)

    @property
    def years_slug(self) -> str:
        return str(self.tot) if self.van == self.tot else f"{self.van}-{self.tot}"


def _flow_years(store: Store, flows: pd.DataFrame) -> tuple[int, ...]:
    return store.memo(("flow_years",), lambda: data.flow_years(flows))


def _flow_period(state: ViewState, store: Store, flows: pd.DataFrame) -> tuple[int, int] | None:
    """The newest year by default; the range's years in the flows when the URL sets one."""
    years = _flow_years(store, flows)
    if not years:
        return None
    if state.van is None and state.tot is None:
        return years[-1], years[-1]
    period = resolve_period(state, store)
    chosen = [y for y in years if period.van <= y <= period.tot]
    return (chosen[0], chosen[-1]) if chosen else None


def _flow_titles(flows: pd.DataFrame) -> dict[str, str]:
    """Every partner's name as 81734NED titles it (``origin_name``/``destination_name``)."""
    titles: dict[str, str] = {}
    for side in ("origin", "destination"):
        pairs = flows[[side, f"{side}_name"]].drop_duplicates()
        titles.update(zip(pairs[side].astype(str), pairs[f"{side}_name"].astype(str), strict=True))
    return titles


def _partner_names(store: Store, codes: Sequence[str], lang: str) -> tuple[dict, list[str]]:
    """Names from regions.parquet, else as 81734NED titles them (the regions name only the
    scope); a code regions has but not as a current municipality is a partner that has
    since merged (listed in ``former``). A code neither names keeps its code."""
    current = store.memo(
        ("current_gemeenten",),
        lambda: set(store.regions.loc[store.regions["level"] == GEMEENTE, "region_code"]),
    )
    flows = store.flows
    titles = {} if flows is None else store.memo(("flow_titles",), lambda: _flow_titles(flows))
    names, former = {}, []
    for code in codes:
        name = region_name(store, code, lang)
        names[code] = titles.get(code, code) if name == code else name
        if code in store.region_names and code not in current:
            former.append(code)
    return names, former


def flow_view(state: ViewState, store: Store) -> FlowView | str:
    """The shared view of the flow cards, or the message a card shows instead."""
    lang = state.taal
    region = region_name(store, state.gemeente, lang)
    if store.flows is None:
        return t("flows_absent", lang)
    chosen = _flow_period(state, store, store.flows)
    if chosen is None:
        years = _flow_years(store, store.flows)
        period = resolve_period(state, store)
        return t(
            "flows_no_years",
            lang,
            van=period.van,
            tot=period.tot,
            first=years[0] if years else "–",
            last=years[-1] if years else "–",
        )
    van, tot = chosen
    flows = store.flows
    own = store.memo(("flows_of", state.gemeente), lambda: data.of_region(flows, state.gemeente))
    found = data.partners(own, state.gemeente, van, tot)
    if not found:
        return t("flows_none", lang, region=region, van=van, tot=tot)
    names, former = _partner_names(store, [p.code for p in found], lang)
    return FlowView(
        lang=lang,
        focus=state.gemeente,
        region=region,
        van=van,
        tot=tot,
        partners=found,
        names=names,
        former=former,
        provisional=data.provisional_years(own, state.gemeente, van, tot),
    )


def _message_card(title: str, message: str) -> CardContent:
    return CardContent(title=title, summary=message, message=message)


def _notes(view: FlowView, shown: Sequence[Partner]) -> list[str]:
    """Partners shown that have merged since, and partners the store has no name for."""
    notes = []
    former = [p.code for p in shown if p.code in view.former]
    if former:
        notes.append(t("flows_former", view.lang, names=", ".join(view.names[c] for c in former)))
    if any(view.names[p.code] == p.code for p in shown):
        notes.append(t("flows_unnamed", view.lang))
    return notes


def _marked(view: FlowView, code: str) -> str:
    """A partner's name, with the footnote mark when it has merged since."""
    return view.names[code] + ("¹" if code in view.former else "")


def _share(part: int, whole: int, lang: str) -> str:
    return format_value(part / whole * 100 if whole else None, "%", 1, lang)


def _people(value: int, lang: str, *, signed: bool = False) -> str:
    return format_number(value, 0, lang, signed=signed)


def _source(store: Store, view: FlowView) -> str:
    return source_line(store, SOURCE_ENTRY, view.lang, view.provisional)


def _footnote(view: FlowView) -> str:
    if not view.provisional:
        return ""
    return t("provisional_years", view.lang, years=format_years(view.provisional))


def _bars_figure(view: FlowView, shown: Sequence[Partner], value: Callable, *, signed=False):
    labels = figures.Labels(lang=view.lang, y_title=t("flows_axis_persons", view.lang))
    bars = [
        flow_figures.Bar(view.names[p.code] + ("¹" if p.code in view.former else ""), int(value(p)))
        for p in shown
    ]
    return flow_figures.partner_bars(bars, labels, signed=signed)


def _top_card(state: ViewState, store: Store, *, outgoing: bool) -> CardContent:
    lang = state.taal
    title_key = "flows_destinations_title" if outgoing else "flows_origins_title"
    region = region_name(store, state.gemeente, lang)
    view = flow_view(state, store)
    if isinstance(view, str):
        return _message_card(t(title_key, lang, region=region), view)
    ranked = (data.top_destinations if outgoing else data.top_origins)(view.partners)

    def value(p: Partner) -> int:
        return p.outflow if outgoing else p.inflow

    total = sum(value(p) for p in view.partners)
    base_title = t(title_key, lang, region=view.region)
    if not ranked:
        return _message_card(
            base_title, t("flows_none", lang, region=view.region, van=view.van, tot=view.tot)
        )
    top = ranked[0]
    finding = t(
        "flows_destinations_finding" if outgoing else "flows_origins_finding",
        lang,
        region=view.region,
        partner=view.names[top.code],
        persons=_people(value(top), lang),
        share=_share(value(top), total, lang),
        period=view.period,
    )
    listed = ", ".join(f"{view.names[p.code]} ({_people(value(p), lang)})" for p in ranked[:3])
    summary = t(
        "flows_destinations_summary" if outgoing else "flows_origins_summary",
        lang,
        region=view.region,
        total=_people(total, lang),
        count=len([p for p in view.partners if value(p) > 0]),
        period=view.period,
        top=listed,
    )
    if view.provisional:
        summary += " " + t("summary_provisional", lang, years=format_years(view.provisional))
    partner_header = t("flows_col_destination" if outgoing else "flows_col_origin", lang)
    header = [
        t("col_rank", lang),
        partner_header,
        t("col_code", lang),
        t("flows_col_persons", lang),
        t("flows_col_share", lang),
    ]
    rows = [
        [rank, view.names[p.code], p.code, value(p), round(value(p) / total * 100, 1)]
        for rank, p in enumerate(ranked, start=1)
    ]

    def table() -> TableData:
        return TableData(
            caption=base_title,
            header=header,
            rows=[
                [
                    str(rank),
                    _marked(view, p.code),
                    p.code,
                    _people(value(p), lang),
                    format_number(round(value(p) / total * 100, 1), 1, lang),
                ]
                for rank, p in enumerate(ranked, start=1)  # the rows the CSV holds
            ],
            footnote=" ".join(filter(None, [_footnote(view), *_notes(view, ranked)])),
        )

    content = CardContent(
        title=finding,
        summary=summary,
        definition=t(
            "flows_destinations_definition" if outgoing else "flows_origins_definition",
            lang,
            region=view.region,
            top=data.TOP,
        ),
        source=_source(store, view),
        figure=_bars_figure(view, ranked, value),
        make_table=table,
        notes=_notes(view, ranked),
        filename=f"{slug(view.region)}_{'destinations' if outgoing else 'origins'}_"
        + view.years_slug,
    )
    return finish(content, (header, rows, {4: 1}))


def destinations_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """Where people who left the focus municipality went: the top 10 destinations."""
    return _top_card(state, store, outgoing=True)


def origins_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """Where newcomers to the focus municipality came from: the top 10 origins."""
    return _top_card(state, store, outgoing=False)


def net_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """In − out per partner: the ten largest balances, gains on top."""
    lang = state.taal
    region = region_name(store, state.gemeente, lang)
    view = flow_view(state, store)
    if isinstance(view, str):
        return _message_card(t("flows_net_title", lang, region=region), view)
    shown = data.largest_net(view.partners)
    base_title = t("flows_net_title", lang, region=view.region)
    total_net = sum(p.net for p in view.partners)
    gains = [p for p in shown if p.net > 0]
    losses = [p for p in shown if p.net < 0]
    if not shown:
        return _message_card(
            base_title, t("flows_none", lang, region=view.region, van=view.van, tot=view.tot)
        )
    parts = []
    if gains:
        best = max(gains, key=lambda p: (p.net, p.code))
        parts.append(
            t(
                "flows_net_gain",
                lang,
                partner=view.names[best.code],
                persons=_people(best.net, lang),
            )
        )
    if losses:
        worst = min(losses, key=lambda p: (p.net, p.code))
        parts.append(
            t(
                "flows_net_loss",
                lang,
                partner=view.names[worst.code],
                persons=_people(worst.net, lang, signed=True),
            )
        )
    finding = t(
        "flows_net_finding",
        lang,
        region=view.region,
        balance=_people(total_net, lang, signed=True),
        detail="; ".join(parts),
        period=view.period,
    )
    summary = t(
        "flows_net_summary",
        lang,
        region=view.region,
        inflow=_people(sum(p.inflow for p in view.partners), lang),
        outflow=_people(sum(p.outflow for p in view.partners), lang),
        balance=_people(total_net, lang, signed=True),
        period=view.period,
        detail=", ".join(
            f"{view.names[p.code]} {_people(p.net, lang, signed=True)}" for p in shown
        ),
    )
    if view.provisional:
        summary += " " + t("summary_provisional", lang, years=format_years(view.provisional))
    header = [
        t("flows_col_partner", lang),
        t("col_code", lang),
        t("flows_col_in", lang),
        t("flows_col_out", lang),
        t("flows_col_net", lang),
    ]
    rows = [[view.names[p.code], p.code, p.inflow, p.outflow, p.net] for p in shown]

    def table() -> TableData:
        return TableData(
            caption=base_title,
            header=header,
            rows=[
                [
                    _marked(view, p.code),
                    p.code,
                    _people(p.inflow, lang),
                    _people(p.outflow, lang),
                    _people(p.net, lang, signed=True),
                ]
                for p in shown  # the rows the CSV holds
            ],
            footnote=" ".join(filter(None, [_footnote(view), *_notes(view, shown)])),
        )

    content = CardContent(
        title=finding,
        summary=summary,
        definition=t("flows_net_definition", lang, region=view.region, top=data.TOP),
        source=_source(store, view),
        figure=_bars_figure(view, shown, lambda p: p.net, signed=True),
        make_table=table,
        notes=_notes(view, shown),
        filename=f"{slug(view.region)}_net_moves_{view.years_slug}",
    )
    return finish(content, (header, rows, {}))


def flow_map_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """Lines from the focus to its partners on the municipal map, width by persons (in +
    out), colour by the sign of the net; the partners off the map are named in a note."""
    lang = state.taal
    region = region_name(store, state.gemeente, lang)
    view = flow_view(state, store)
    if isinstance(view, str):
        return _message_card(t("flows_map_title", lang, region=region), view)
    base_title = t("flows_map_title", lang, region=view.region)
    boundaries_info = store.manifest.get("boundaries") or {}
    if store.boundaries is None or boundaries_info.get("available") is False:
        note = boundaries_info.get("note") or t("boundaries_missing", lang)
        return _message_card(base_title, t("map_unavailable", lang, note=note))
    on_map = {f["properties"].get("statcode") for f in store.boundaries.get("features", [])}
    if view.focus not in on_map:
        return _message_card(base_title, t("flows_map_focus_off", lang, region=view.region))
    by_size = sorted(view.partners, key=lambda p: (-(p.inflow + p.outflow), p.code))
    drawn = [p for p in by_size if p.code in on_map][:MAP_PARTNERS]
    off_map = [p for p in by_size if p.code not in on_map]
    notes = []
    if off_map:
        notes.append(
            t(
                "flows_map_off",
                lang,
                count=len(off_map),
                persons=_people(sum(p.inflow + p.outflow for p in off_map), lang),
            )
        )
    if not drawn:
        content = _message_card(base_title, t("flows_map_none", lang, region=view.region))
        content.notes = notes
        return content

    def hover(p: Partner) -> str:
        return t(
            "flows_map_hover",
            lang,
            partner=view.names[p.code],
            inflow=_people(p.inflow, lang),
            outflow=_people(p.outflow, lang),
            net=_people(p.net, lang, signed=True),
        )

    lines = [
        flow_figures.MapFlow(p.code, view.names[p.code], p.inflow + p.outflow, p.net, hover(p))
        for p in drawn
    ]
    figure = flow_figures.flow_map(
        lines,
        store.boundaries,
        view.focus,
        figures.Labels(lang=lang),
        focus_name=view.region,
        gain=t("flows_map_gain", lang),
        loss=t("flows_map_loss", lang),
    )
    largest = drawn[0]
    title = t(
        "flows_map_finding",
        lang,
        region=view.region,
        partner=view.names[largest.code],
        persons=_people(largest.inflow + largest.outflow, lang),
        period=view.period,
    )
    summary = t(
        "flows_map_summary",
        lang,
        region=view.region,
        count=len(drawn),
        period=view.period,
        detail="; ".join(hover(p) for p in drawn),
    )
    if view.provisional:
        summary += " " + t("summary_provisional", lang, years=format_years(view.provisional))
    header = [
        t("flows_col_partner", lang),
        t("col_code", lang),
        t("flows_col_in", lang),
        t("flows_col_out", lang),
        t("flows_col_total", lang),
        t("flows_col_net", lang),
    ]
    rows = [
        [view.names[p.code], p.code, p.inflow, p.outflow, p.inflow + p.outflow, p.net]
        for p in drawn
    ]

    def table() -> TableData:
        return TableData(
            caption=base_title,
            header=header,
            rows=[
                [
                    _marked(view, p.code),
                    p.code,
                    _people(p.inflow, lang),
                    _people(p.outflow, lang),
                    _people(p.inflow + p.outflow, lang),
                    _people(p.net, lang, signed=True),
                ]
                for p in drawn  # the rows the CSV holds
            ],
            footnote=" ".join(filter(None, [_footnote(view), *_notes(view, drawn)])),
        )

    content = CardContent(
        title=title,
        summary=summary,
        definition=t("flows_map_definition", lang, region=view.region, count=MAP_PARTNERS),
        source=_source(store, view),
        figure=figure,
        make_table=table,
        notes=notes + _notes(view, drawn),
        filename=f"{slug(view.region)}_flow_map_{view.years_slug}",
    )
    return finish(content, (header, rows, {}))
