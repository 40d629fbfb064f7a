"""The cards on CBS figures: a line per region, the forecast, the population pyramid, the
ranking of Twente and its map. Spec + view state + store in, :class:`CardContent` out.

Every builder makes the chart, the table, the summary and the CSV from the same rows
(:mod:`dashboard.data.series`), so they cannot disagree.
"""

from __future__ import annotations

from dashboard.cards import narrative
from dashboard.cards.model import (
    CardContent,
    CardSpec,
    Export,
    TableData,
    axis_title,
    compare_indicator,
    finish,
    is_count,
    no_data,
    region_name,
    resolve_period,
    slug,
)
from dashboard.cards.revised_marks import MARK, RevisedMarks, revised_marks
from dashboard.cards.sources import source_line
from dashboard.data import series
from dashboard.data.groups import absent_groups
from dashboard.data.store import PROVISIONAL, Store
from dashboard.figures import charts as figures
from dashboard.i18n import catalogue_text, t
from dashboard.i18n.formatting import format_number, format_years
from dashboard.state.url import ViewState, comparison_codes


def _status_label(status: str, lang: str) -> str:
    key = f"status_{status}"
    try:
        return t(key, lang)
    except KeyError:
        return status


def _with_names(rows: list[series.Point], store: Store, lang: str) -> list[series.Point]:
    if lang != "en":
        return rows
    return [p._replace(region=region_name(store, p.region_code, lang)) for p in rows]


def long_export(
    rows: list[series.Point],
    lang: str,
    value_header: str,
    decimals: int,
    with_interval: bool = False,
    marks: RevisedMarks | None = None,
) -> Export:
    """The shown rows as CSV-ready header, rows and decimals, in the page's language;
    with ``marks`` a last column holds a revised point's old value (empty otherwise)."""
    header = [
        t("col_region", lang),
        t("col_code", lang),
        t("col_year", lang),
        value_header,
        t("col_status", lang),
    ]
    if with_interval:
        header += [t("col_lower", lang), t("col_upper", lang)]
    table = []
    for p in rows:
        row: list[object] = [
            p.region,
            p.region_code,
            p.year,
            round(p.value, decimals),
            _status_label(p.status, lang),
        ]
        if with_interval:
            row += [
                None if p.lower is None else round(p.lower, decimals),
                None if p.upper is None else round(p.upper, decimals),
            ]
        if marks is not None:
            old = marks.old.get((p.region_code, p.year))
            row.append(None if old is None else round(old, decimals))
        table.append(row)
    columns = {3: decimals} | ({5: decimals, 6: decimals} if with_interval else {})
    if marks is not None:
        header.append(marks.csv_header(lang))
        columns[len(header) - 1] = decimals
    return header, table, columns


def wide_table(
    rows: list[series.Point],
    measure: narrative.Measure,
    lang: str,
    caption: str,
    marks: RevisedMarks | None = None,
) -> TableData:
    """Years down, regions across; provisional values carry an asterisk, values CBS
    revised since the previous vintage a dagger (``marks``)."""
    revised = marks.old if marks else {}
    regions = list(dict.fromkeys(p.region_code for p in rows))
    names = {p.region_code: p.region for p in rows}
    years = sorted({p.year for p in rows})
    lookup = {(p.region_code, p.year): p for p in rows}
    body = []
    for year in years:
        cells = [str(year)]
        for code in regions:
            point = lookup.get((code, year))
            cells.append(
                "–"
                if point is None
                else measure.show(point.value, lang)
                + ("*" if point.status == PROVISIONAL else "")
                + (MARK if (code, year) in revised else "")
            )
        body.append(cells)
    provisional = series.provisional_years(rows)
    footnote = t("provisional_years", lang, years=format_years(provisional)) if provisional else ""
    if marks:
        footnote = f"{footnote} {marks.footnote(rows, lang)}".strip()
    header = [t("col_year", lang)] + [names[c] for c in regions]
    return TableData(caption=caption, header=header, rows=body, footnote=footnote)


def _labels(measure: narrative.Measure, lang: str, y_title: str) -> figures.Labels:
    return figures.Labels(
        revised=t("rev_marker", lang),
        lang=lang,
        y_title=y_title,
        provisional=t("provisional", lang),
        forecast=t("forecast", lang),
        interval=t("forecast_interval", lang),
        value_format=f",.{measure.decimals}f",
        value_suffix="%" if measure.unit == "%" else "",
    )


def line_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    entry = store.catalogue.get(spec.indicator or "")
    if entry is None:
        return no_data(spec.indicator or "", lang)
    period = resolve_period(state, store)
    title = catalogue_text(entry, "title", lang)
    definition = catalogue_text(entry, "definition", lang)
    unit, unit_label = str(entry.get("unit", "")), catalogue_text(entry, "unit", lang)
    decimals = int(entry.get("decimals", 1))
    if spec.per_1000_of:
        title = t("per_1000_title", lang, title=title)
        definition = t("per_1000_definition", lang, definition=definition)
        unit, unit_label, decimals = "per 1000", t("per_1000_title", lang, title="").strip(), 1
    counts_only_focus = is_count(entry) and not spec.per_1000_of and state.basisjaar is None
    regions = [state.gemeente] + ([] if counts_only_focus else list(comparison_codes(state)))
    selection = series.select_series(
        store,
        entry["id"],
        regions,
        period.van,
        period.tot,
        per_1000_of=spec.per_1000_of,
        basisjaar=state.basisjaar,
    )
    rows = _with_names(selection.rows, store, lang)
    notes = []
    if counts_only_focus and comparison_codes(state):
        notes.append(t("counts_focus_only", lang))
    for group, reason in absent_groups(store, entry["id"], regions):  # groep: not summable
        notes.append(t(f"group_absent_{reason}", lang, group=group))
    if state.basisjaar is not None:
        unit, unit_label, decimals = "index", t("index_unit", lang, year=state.basisjaar), 1
        title = f"{title} ({unit_label})"  # "gestegen van 100,0 naar 105,0" needs the base
        notes.append(t("index_note", lang, year=state.basisjaar))
        if selection.no_index:
            notes.append(
                t(
                    "index_not_possible",
                    lang,
                    year=state.basisjaar,
                    regions=", ".join(region_name(store, c, lang) for c in selection.no_index),
                )
            )
    measure = narrative.Measure(title=title, unit=unit, unit_label=unit_label, decimals=decimals)
    if not rows:
        content = no_data(title, lang)
        content.notes = notes
        return content
    provisional = series.provisional_years(rows)
    y_title = axis_title(unit, unit_label)
    marks = revised_marks(store, entry["id"], rows)
    figure = figures.line_figure(
        rows,
        state.gemeente,
        _labels(measure, lang, y_title),
        reference=100.0 if state.basisjaar is not None else None,
        revised=marks.hover(rows, measure.show, lang) if marks else None,
    )
    value_header = f"{t('col_value', lang)} ({y_title})" if y_title else t("col_value", lang)
    name = slug(region_name(store, state.gemeente, lang))
    suffix = ("_per_1000" if spec.per_1000_of else "") + (
        f"_index_{state.basisjaar}" if state.basisjaar is not None else ""
    )
    years = [p.year for p in rows]
    content = CardContent(
        title=narrative.line_title(rows, state.gemeente, measure, lang),
        summary=narrative.line_summary(rows, state.gemeente, measure, lang),
        definition=definition,
        source=source_line(store, entry, lang, provisional),
        figure=figure,
        make_table=lambda: wide_table(rows, measure, lang, title, marks),
        notes=notes,
        filename=f"{name}_{entry['id']}{suffix}_{min(years)}-{max(years)}",
    )
    return finish(content, long_export(rows, lang, value_header, decimals, marks=marks))


def forecast_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """Observed population of the focus municipality, continued by the CBS forecast."""
    lang = state.taal
    observed_id, forecast_id = "population", spec.indicator or "population_forecast"
    entry, forecast_entry = store.catalogue.get(observed_id), store.catalogue.get(forecast_id)
    if entry is None or forecast_entry is None:
        return no_data(forecast_id, lang)
    period = resolve_period(state, store)
    history = _with_names(
        series.select_series(store, observed_id, [state.gemeente], period.van, period.tot).rows,
        store,
        lang,
    )
    forecast = [
        p
        for p in _with_names(
            series.select_series(store, forecast_id, [state.gemeente], None, None).rows, store, lang
        )
        if p.year > period.tot
    ]
    title = catalogue_text(forecast_entry, "title", lang)
    decimals = int(entry.get("decimals", 0))
    measure = narrative.Measure(
        title=catalogue_text(entry, "title", lang),
        unit=str(entry.get("unit", "")),
        unit_label=catalogue_text(entry, "unit", lang),
        decimals=decimals,
    )
    if not history and not forecast:
        return no_data(title, lang)
    shown = history + forecast
    y_title = axis_title(str(entry.get("unit", "")), catalogue_text(entry, "unit", lang))
    marks = revised_marks(store, observed_id, history)
    figure = figures.forecast_figure(
        history,
        forecast,
        state.gemeente,
        _labels(measure, lang, y_title),
        revised=marks.hover(history, measure.show, lang) if marks else None,
    )
    summary = narrative.line_summary(history, state.gemeente, measure, lang) if history else ""
    summary = f"{summary} {narrative.forecast_summary(forecast, measure, lang)}".strip()
    definition = (
        f"{catalogue_text(entry, 'definition', lang)} "
        f"{catalogue_text(forecast_entry, 'definition', lang)}"
    )
    region = region_name(store, state.gemeente, lang)
    headline = narrative.line_title(history, state.gemeente, measure, lang) if history else title
    if forecast:
        end = max(forecast, key=lambda p: p.year)
        headline = f"{headline}; {t('forecast', lang)} {end.year}: {measure.show(end.value, lang)}"
    years = [p.year for p in shown]
    content = CardContent(
        title=headline,
        summary=summary,
        definition=definition,
        source=source_line(store, [entry, forecast_entry], lang, series.provisional_years(history)),
        figure=figure,
        make_table=lambda: wide_table(shown, measure, lang, f"{title}, {region}", marks),
        filename=f"{slug(region)}_population_forecast_{min(years)}-{max(years)}",
    )
    return finish(
        content,
        long_export(
            shown,
            lang,
            f"{t('col_value', lang)} ({y_title})",
            decimals,
            with_interval=True,
            marks=marks,
        ),
    )


def pyramid_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    period = resolve_period(state, store)
    region = region_name(store, state.gemeente, lang)
    focus, year = None, period.tot
    for year in range(period.tot, period.van - 1, -1):  # the newest pyramid in the period
        focus = series.pyramid_shares(store, state.gemeente, year)
        if focus:
            break
    if not focus:
        return no_data(t("pyramid_title", lang, region=region, year=period.tot, share="–"), lang)
    share, count = series.band_share(focus)
    comparison_code = next(iter(comparison_codes(state)), None)
    comparison = series.pyramid_shares(store, comparison_code, year) if comparison_code else None
    comparison_info = None
    if comparison and comparison_code:
        comparison_info = (
            region_name(store, comparison_code, lang),
            series.band_share(comparison)[0],
        )
    title, summary = narrative.pyramid_texts(region, year, share, count, lang, comparison_info)
    figure = figures.pyramid_figure(
        focus,
        figures.Labels(lang=lang, y_title=t("pyramid_axis", lang)),
        men=t("col_men", lang),
        women=t("col_women", lang),
        band=t("pyramid_band", lang),
        other=t("pyramid_other", lang),
        comparison=comparison,
        comparison_name=comparison_info[0] if comparison_info else "",
    )
    open_age = max((r.age for r in focus if r.age_open), default=max(r.age for r in focus))
    provisional = any(r.status == PROVISIONAL for r in focus)
    header = [
        t("col_age", lang),
        t("col_men", lang),
        t("col_women", lang),
        f"{t('col_men', lang)} (%)",
        f"{t('col_women', lang)} (%)",
    ]
    export_rows = [
        [
            f"{r.age}+" if r.age_open else str(r.age),
            r.men,
            r.women,
            round(r.men_share, 2),
            round(r.women_share, 2),
        ]
        for r in focus
    ]

    def table() -> TableData:
        return TableData(
            caption=title,
            header=header,
            rows=[
                [
                    f"{r.age}+" if r.age_open else str(r.age),
                    format_number(r.men, 0, lang),
                    format_number(r.women, 0, lang),
                    format_number(round(r.men_share, 2), 2, lang),
                    format_number(round(r.women_share, 2), 2, lang),
                ]
                for r in focus  # the rows export_rows holds, read typed
            ],
            highlight={i for i, r in enumerate(focus) if 18 <= r.age <= 35 and not r.age_open},
            footnote=t("provisional_years", lang, years=str(year)) if provisional else "",
        )

    entry = store.catalogue.get("population", {"id": "population"})
    content = CardContent(
        title=title,
        summary=summary,
        definition=t("pyramid_definition", lang, open=open_age),
        source=source_line(store, entry, lang, [year] if provisional else []),
        figure=figure,
        make_table=table,
        filename=f"{slug(region)}_population_pyramid_{year}",
    )
    return finish(content, (header, export_rows, {3: 2, 4: 2}))


def _compare_setup(spec: CardSpec, state: ViewState, store: Store):
    lang = state.taal
    indicator = compare_indicator(spec, state, store)
    entry = store.catalogue.get(indicator)
    period = resolve_period(state, store)
    regions = store.twente_gemeenten
    if state.gemeente not in regions:
        regions = regions + [state.gemeente]
    # The chosen year, or the newest earlier one with figures: births end a year before the
    # population counts, and "Geen gegevens" for the default year would be a poor answer.
    ranked, year = [], period.tot
    for candidate in range(period.tot, (store.observed_years or (period.tot,))[0] - 1, -1):
        ranked = series.ranking(store, indicator, candidate, regions) if entry else []
        if ranked:
            year = candidate
            break
    if lang == "en":
        ranked = [
            series.Ranked(
                r.rank, r.point._replace(region=region_name(store, r.point.region_code, lang))
            )
            for r in ranked
        ]
    measure = narrative.Measure(
        title=catalogue_text(entry, "title", lang) if entry else indicator,
        unit=str(entry.get("unit", "")) if entry else "",
        unit_label=catalogue_text(entry, "unit", lang) if entry else "",
        decimals=int(entry.get("decimals", 1)) if entry else 1,
    )
    return lang, indicator, entry, year, ranked, measure


def ranking_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang, indicator, entry, year, ranked, measure = _compare_setup(spec, state, store)
    if entry is None or not ranked:
        return no_data(measure.title, lang)
    y_title = axis_title(measure.unit, measure.unit_label)
    points = [r.point for r in ranked]
    marks = revised_marks(store, indicator, points)
    figure = figures.ranking_figure(
        ranked,
        state.gemeente,
        _labels(measure, lang, y_title),
        revised=marks.hover(points, measure.show, lang) if marks else None,
    )
    value_header = f"{t('col_value', lang)} ({y_title})" if y_title else t("col_value", lang)
    provisional = series.provisional_years(points)
    revised = marks.old if marks else {}
    table = lambda: TableData(  # noqa: E731 - built on demand, see CardContent.make_table
        caption=measure.title,
        header=[t("col_rank", lang), t("col_region", lang), value_header],
        rows=[
            [
                str(r.rank),
                r.point.region,
                measure.show(r.point.value, lang)
                + ("*" if r.point.status == PROVISIONAL else "")
                + (MARK if (r.point.region_code, r.point.year) in revised else ""),
            ]
            for r in ranked
        ],
        highlight={i for i, r in enumerate(ranked) if r.point.region_code == state.gemeente},
        footnote=" ".join(
            part
            for part in (
                t("provisional_years", lang, years=format_years(provisional))
                if provisional
                else "",
                marks.footnote(points, lang) if marks else "",
            )
            if part
        ),
    )
    header, rows, decimals = long_export(points, lang, value_header, measure.decimals, marks=marks)
    content = CardContent(
        title=narrative.ranking_title(
            ranked,
            state.gemeente,
            measure,
            year,
            lang,
            focus_in_twente=state.gemeente in store.twente_gemeenten,
        ),
        summary=narrative.ranking_summary(ranked, state.gemeente, measure, year, lang),
        definition=catalogue_text(entry, "definition", lang),
        source=source_line(store, entry, lang, provisional),
        figure=figure,
        make_table=table,
        filename=f"twente_{indicator}_{year}",
    )
    return finish(
        content,
        (
            [t("col_rank", lang), *header],
            [[r.rank, *row] for r, row in zip(ranked, rows, strict=True)],
            {k + 1: v for k, v in decimals.items()},
        ),
    )


def map_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    content = ranking_card(spec, state, store)
    lang, indicator, entry, year, ranked, measure = _compare_setup(spec, state, store)
    content.title = t("map_title", lang, title=measure.title, year=year)
    content.filename = f"twente_map_{indicator}_{year}"
    boundaries_info = store.manifest.get("boundaries") or {}
    if store.boundaries is None or boundaries_info.get("available") is False:
        content.figure = None
        note = boundaries_info.get("note") or t("boundaries_missing", lang)
        content.message = t("map_unavailable", lang, note=note)
        return content
    # The map is of Twente: a focus municipality elsewhere is in the ranking, not on the map.
    in_twente = [r for r in ranked if r.point.region_code in store.twente_gemeenten]
    if in_twente:
        y_title = axis_title(measure.unit, measure.unit_label)
        content.figure = figures.map_figure(
            in_twente, store.boundaries, state.gemeente, _labels(measure, lang, y_title)
        )
    return content
