"""What the Talentopgave cards show: targets against actuals, budget per pillar, milestones.

Like :mod:`dashboard.cards.cbs`: spec + state + store in, :class:`CardContent` out, no Dash.
What the programme holds, and its words, come from :mod:`dashboard.programme`.
"""

from __future__ import annotations

from datetime import date

from dashboard.cards.model import (
    CardContent,
    CardSpec,
    TableData,
    finish,
    no_data,
    region_name,
    resolve_period,
    slug,
)
from dashboard.cards.sources import source_line
from dashboard.data import series
from dashboard.data.store import PROVISIONAL, Store
from dashboard.figures import programme as pf
from dashboard.figures.charts import Labels
from dashboard.i18n import t
from dashboard.i18n.formatting import format_date
from dashboard.programme.budget import budget_rows, measurements
from dashboard.programme.targets import (
    FORECAST_FOR,
    format_amount,
    gap_text,
    indicator_info,
    status_label,
    target_row,
    targets,
)
from dashboard.programme.timeline import milestones
from dashboard.state.url import ViewState


def _trace_words(lang: str) -> pf.TargetLabels:
    return pf.TargetLabels(
        actual=t("trace_actual", lang),
        path=t("trace_path", lang),
        target=t("trace_target", lang),
        forecast=t("trace_forecast", lang),
        interval=t("forecast_interval", lang),
    )


def target_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    row = target_row(store, spec.indicator)
    if row is None:
        return no_data(spec.indicator or "", lang)
    kind, region = row["indicator_kind"], row["region_code"] or "GM0164"
    info = indicator_info(store, row["indicator"], kind, lang)
    show = lambda v: format_amount(v, info.unit, info.decimals, lang)  # noqa: E731
    x_header = t("col_year", lang) if kind == "cbs" else t("col_date", lang)
    shown: list[list[object]] = []  # x, series, value, lower, upper
    forecast: list[tuple[int, float, float | None, float | None]] = []
    provisional: list[int] = []
    if kind == "cbs":
        period = resolve_period(state, store)
        start = (
            state.van if state.van is not None else max(period.van, int(row["baseline_year"]) - 10)
        )
        rows = series.select_series(store, row["indicator"], [region], start, period.tot).rows
        actual_x: list[float] = [p.year for p in rows]
        actual_y = [p.value for p in rows]
        provisional = series.provisional_years(rows)
        shown += [
            [
                p.year,
                t("trace_actual", lang) + ("*" if p.status == PROVISIONAL else ""),
                p.value,
                None,
                None,
            ]
            for p in rows
        ]
        forecast_id = FORECAST_FOR.get(row["indicator"])
        if forecast_id:
            last = max(actual_x, default=period.tot)
            ahead = [
                p
                for p in series.select_series(store, forecast_id, [region], None, None).rows
                if p.year > last
            ]
            forecast = [(p.year, p.value, p.lower, p.upper) for p in ahead]
            if rows and forecast:  # connect the forecast to the last actual
                forecast.insert(0, (rows[-1].year, rows[-1].value, rows[-1].value, rows[-1].value))
            shown += [[p.year, t("trace_forecast", lang), p.value, p.lower, p.upper] for p in ahead]
    else:
        points = measurements(store, row["indicator"])
        actual_x = [pf.year_fraction(d) for d, _ in points]
        actual_y = [v for _, v in points]
        shown += [[d.isoformat(), t("trace_actual", lang), v, None, None] for d, v in points]
    path = pf.TargetPath(
        int(row["baseline_year"]),
        row["baseline_value"] or 0.0,
        int(row["target_year"]),
        float(row["target_value"]),
    )
    shown += [
        [path.baseline_year, t("trace_path", lang), path.baseline_value, None, None],
        [path.target_year, t("trace_target", lang), path.target_value, None, None],
    ]
    region_label = region_name(store, region, lang)
    labels = Labels(
        lang=lang,
        y_title="euro" if info.unit == "euro" else info.unit,
        value_format=f",.{info.decimals}f",
        value_suffix="%" if info.unit == "%" else "",
    )
    figure = pf.target_figure(
        actual_x,
        actual_y,
        path,
        labels,
        _trace_words(lang),
        actual_name=f"{t('trace_actual', lang)}, {region_label}",
        forecast=forecast,
    )
    status = status_label(row["status"], lang)
    title = t(
        "target_title",
        lang,
        title=info.title,
        region=region_label,
        status=status,
        target=show(path.target_value),
        year=path.target_year,
    )
    notes = []
    if row["example"]:
        title = f"{t('example_label', lang)}: {title}"
        notes.append(t("example_label", lang) + (f". {row['note']}" if row.get("note") else ""))
    elif row.get("note"):
        notes.append(str(row["note"]))
    if forecast:
        notes.append(t("forecast_note", lang))
    values = {
        "baseline": show(path.baseline_value),
        "baseline_year": path.baseline_year,
        "target": show(path.target_value),
        "target_year": path.target_year,
    }
    if row["latest_year"] is None:
        summary = t("target_summary_none", lang, **values)
    else:
        summary = t(
            "target_summary",
            lang,
            latest_year=int(row["latest_year"]),
            latest=show(row["latest_value"]),
            path=show(row["path_value"]),
            status=status,
            gap=gap_text(row, info, lang),
            **values,
        )
    if kind == "cbs":
        entry = store.catalogue.get(row["indicator"], {"id": row["indicator"]})
        data_source = source_line(store, entry, lang, provisional)
    else:
        data_source = t("programme_file_source", lang, vintage=store.vintage)
    header = [
        x_header,
        t("col_series", lang),
        t("col_value", lang),
        t("col_lower", lang),
        t("col_upper", lang),
    ]

    def table() -> TableData:
        return TableData(
            caption=title,
            header=header,
            rows=[
                [
                    str(r[0]),
                    str(r[1]),
                    show(r[2]),
                    show(r[3]) if r[3] is not None else "",
                    show(r[4]) if r[4] is not None else "",
                ]
                for r in shown
            ],
        )

    content = CardContent(
        title=title,
        summary=summary,
        notes=notes,
        figure=figure,
        make_table=table,
        definition=t("target_definition", lang, definition=info.definition),
        source=t(
            "target_source", lang, source=str(row["source"] or "–").rstrip("."), data=data_source
        ),
        filename=f"{slug(region_label)}_doel_{row['indicator']}_{path.target_year}",
    )
    return finish(content, (header, shown, {2: info.decimals, 3: info.decimals, 4: info.decimals}))


def budget_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    pillars, newest, example = budget_rows(store, lang)
    name = t("budget_card_name", lang)
    if not pillars:
        return no_data(name, lang)
    euro = lambda v: format_amount(v, "euro", 0, lang)  # noqa: E731
    total = lambda key: sum(getattr(p, key) or 0.0 for p in pillars)  # noqa: E731
    when = format_date(newest.isoformat(), lang) if newest else "–"
    title = t(
        "budget_card_title",
        lang,
        committed=euro(total("committed")),
        budget=euro(total("budget")),
        spent=euro(total("spent")),
        date=when,
    )
    words = {
        "budget": t("budget_budget", lang),
        "committed": t("budget_committed", lang),
        "spent": t("budget_spent", lang),
    }
    figure = pf.budget_figure(
        pillars, Labels(lang=lang, y_title="euro", value_format=",.0f"), **words
    )
    summary = " ".join(
        t(
            "budget_pillar_summary",
            lang,
            pillar=p.pillar,
            budget=euro(p.budget),
            committed=euro(p.committed),
            spent=euro(p.spent),
        )
        for p in pillars
    )
    header = [t("col_pillar", lang), words["budget"], words["committed"], words["spent"]]
    export = [[p.pillar, p.budget, p.committed, p.spent] for p in pillars]
    content = CardContent(
        title=f"{t('example_data_note', lang)}: {title}" if example else title,
        summary=summary,
        figure=figure,
        notes=[t("example_data_note", lang)] if example else [],
        make_table=lambda: TableData(
            caption=name,
            header=header,
            rows=[[p.pillar, euro(p.budget), euro(p.committed), euro(p.spent)] for p in pillars],
        ),
        definition=t("budget_definition", lang),
        source=t("programme_file_source", lang, vintage=store.vintage),
        filename=f"aanjaagbudget_per_pijler_{newest.isoformat() if newest else 'stand'}",
    )
    return finish(content, (header, export, {1: 0, 2: 0, 3: 0}))


def milestones_card(
    spec: CardSpec, state: ViewState, store: Store, *, today: date | None = None
) -> CardContent:
    lang = state.taal
    items = milestones(store, lang)
    if not items:
        return CardContent(
            title=t("milestones_title", lang, done=0, total=0),
            summary=t("milestones_none", lang),
            message=t("milestones_none", lang),
        )
    today = today or date.today()
    example_word = t("col_example", lang).lower()

    def label(m: pf.Milestone, is_example: bool) -> str:
        return f"{m.title} ({example_word})" if is_example else m.title

    shown = [
        pf.Milestone(m.day, label(m, ex), m.pillar, m.status, m.status_label) for m, ex in items
    ]
    done = sum(1 for m, _ in items if m.status == "gereed")
    title = t("milestones_title", lang, done=done, total=len(items))
    upcoming = [m for m in shown if m.status != "gereed" and m.day >= today]
    if upcoming:
        title += t(
            "milestones_next",
            lang,
            title=upcoming[0].title,
            date=format_date(upcoming[0].day.isoformat(), lang),
        )
    figure = pf.milestones_figure(
        shown, Labels(lang=lang), today=today, today_label=t("today", lang)
    )
    summary = (
        "; ".join(
            t(
                "milestone_item",
                lang,
                date=format_date(m.day.isoformat(), lang),
                title=m.title,
                pillar=m.pillar,
                status=m.status_label,
            )
            for m in shown
        )
        + "."
    )
    header = [
        t("col_date", lang),
        t("col_event_title", lang),
        t("col_pillar", lang),
        t("col_status", lang),
        t("col_example", lang),
    ]
    export = [
        [m.day.isoformat(), m.title, m.pillar, m.status_label, t("yes" if ex else "no", lang)]
        for (m, ex) in items
    ]
    content = CardContent(
        title=title,
        summary=summary,
        figure=figure,
        make_table=lambda: TableData(
            caption=t("milestones_title", lang, done=done, total=len(items)),
            header=header,
            rows=[[format_date(r[0], lang), *r[1:]] for r in export],
        ),
        definition=t("milestones_definition", lang),
        source=t("programme_file_source", lang, vintage=store.vintage),
        filename="talentopgave_mijlpalen",
    )
    return finish(content, (header, export, {}))


def targets_table(store: Store, lang: str) -> TableData:
    """Every target with baseline, target, latest value, status and gap (the page's table)."""
    rows = []
    for row in targets(store):
        info = indicator_info(store, row["indicator"], row["indicator_kind"], lang)
        show = lambda v, i=info: format_amount(v, i.unit, i.decimals, lang)  # noqa: E731
        name = info.title + (f" ({t('example_label', lang)})" if row["example"] else "")
        latest = (
            "–"
            if row["latest_year"] is None
            else f"{show(row['latest_value'])} ({int(row['latest_year'])})"
        )
        rows.append(
            [
                name,
                f"{show(row['baseline_value'])} ({int(row['baseline_year'])})",
                f"{show(row['target_value'])} ({int(row['target_year'])})",
                latest,
                status_label(row["status"], lang),
                gap_text(row, info, lang) if row["status"] else "–",
                t("yes" if row["example"] else "no", lang),
            ]
        )
    return TableData(
        caption=t("targets_caption", lang),
        rows=rows,
        header=[
            t("col_target_indicator", lang),
            t("col_baseline", lang),
            t("col_target_value", lang),
            t("col_latest", lang),
            t("col_status", lang),
            t("col_gap", lang),
            t("col_example", lang),
        ],
    )
