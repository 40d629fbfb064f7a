"""The "follow a cohort" card (issue 14): for several birth years, how many live in the focus
municipality at each age from 15 to 35, per 100 of those who lived there at 15.

Chart, table, summary and CSV come from the same points (:func:`dashboard.data.cohorts.
cohort_index`), so they cannot disagree.
"""

from __future__ import annotations

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
from dashboard.data import cohorts
from dashboard.data.cohorts import BASE_AGE, MIN_AGE_REACHED, CohortPoint
from dashboard.data.store import Store
from dashboard.figures import charts as figures
from dashboard.figures.cohorts import cohort_figure
from dashboard.i18n import TEXTS, t
from dashboard.i18n.formatting import format_number, format_years
from dashboard.state.url import ViewState

DECIMALS = 1
# What the source line names: the table of single years of age, by its role in the manifest.
SOURCE_ENTRY = {"id": "", "sources": ["population_by_age"]}


def _status(status: str, lang: str) -> str:
    key = f"status_{status}"
    return t(key, lang) if key in TEXTS else status


def _index(value: float, lang: str) -> str:
    return format_number(value, DECIMALS, lang)


def _missing_base_note(missing: list[int], lang: str, region: str) -> str:
    """Why a default cohort has no line: the municipality has no count in the year they
    were 15 (default cohorts start inside the table, so it did not exist yet: a merger
    formed it later)."""
    return t(
        "cohort_gap_region_missing",
        lang,
        births=format_years(missing),
        years=format_years([b + BASE_AGE for b in missing]),
        region=region,
    )


def _summary(lines: list[list[CohortPoint]], region: str, lang: str) -> str:
    sentences = []
    for points in lines:
        last = points[-1]
        low = min(points, key=lambda p: (p.value, p.age))
        text = t(
            "cohort_summary_line",
            lang,
            birth=last.birth_year,
            region=region,
            base_year=points[0].year,
            age=last.age,
            year=last.year,
            value=_index(last.value, lang),
        )
        if low.age not in (BASE_AGE, last.age):
            text += " " + t("cohort_summary_low", lang, age=low.age, value=_index(low.value, lang))
        sentences.append(text)
    return " ".join(sentences)


def _title(lines: list[list[CohortPoint]], region: str, lang: str) -> str:
    """The newest cohort's index at 25, against the oldest's when there are two or more."""
    at_age = [
        (points[0].birth_year, p.value)
        for points in lines
        for p in points
        if p.age == MIN_AGE_REACHED
    ]
    if not at_age:
        return t("cohort_title", lang, region=region)
    newest_birth, newest_value = at_age[-1]
    title = t(
        "cohort_finding",
        lang,
        region=region,
        age=MIN_AGE_REACHED,
        birth=newest_birth,
        value=_index(newest_value, lang),
    )
    if len(at_age) > 1:
        oldest_birth, oldest_value = at_age[0]
        title += t(
            "cohort_finding_then", lang, birth=oldest_birth, value=_index(oldest_value, lang)
        )
    return title


def cohort_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    region = region_name(store, state.gemeente, lang)
    base_title = t("cohort_title", lang, region=region)
    counts = cohorts.region_counts(store, state.gemeente)
    if counts is None or store.population_by_age is None:
        return no_data(base_title, lang)
    first, last = cohorts.count_years(counts)
    table_first = int(store.population_by_age["year"].min())
    period = resolve_period(state, store)
    # A cohort needs its own history: the lines start where the table does, whatever
    # ``van`` says (the flow cards beside it may ask for a few recent years), and end at
    # ``tot``, so a view of the past shows what was known then.
    van, tot = table_first, min(period.tot, last)
    births = cohorts.default_birth_years(van, tot)
    if not births:
        content = no_data(base_title, lang)
        content.message = t(
            "cohort_period_short",
            lang,
            years=MIN_AGE_REACHED - BASE_AGE + 1,  # 15 to 25 inclusive: 11 first-of-Januaries
            van=van,
            tot=tot,
        )
        content.summary = content.message
        return content
    lines: list[list[CohortPoint]] = []
    missing: list[int] = []  # default birth years without a base count
    for birth in births:
        points = [p for p in cohorts.cohort_index(counts, birth) if p.year <= tot]
        if points:
            lines.append(points)
        else:
            missing.append(birth)
    notes = [_missing_base_note(missing, lang, region)] if missing else []
    if not lines:
        content = no_data(base_title, lang)
        content.notes = notes
        return content
    names = {
        points[0].birth_year: t("cohort_born", lang, birth=points[0].birth_year) for points in lines
    }
    labels = figures.Labels(
        lang=lang,
        y_title=t("cohort_axis", lang, age=BASE_AGE),
        provisional=t("provisional", lang),
        value_format=f",.{DECIMALS}f",
    )
    figure = cohort_figure(lines, labels, age_title=t("col_age", lang), name_of=names)
    points = [p for line in lines for p in line]
    provisional = sorted({p.year for p in points if cohorts.is_provisional(p)})
    summary = _summary(lines, region, lang)
    if provisional:
        summary += " " + t("summary_provisional", lang, years=format_years(provisional))
    header = [
        t("col_region", lang),
        t("col_code", lang),
        t("cohort_col_birth", lang),
        t("col_age", lang),
        t("cohort_col_year", lang),
        t("cohort_col_persons", lang),
        t("cohort_col_index", lang, age=BASE_AGE),
        t("col_status", lang),
    ]
    export_rows = [
        [
            region,
            state.gemeente,
            p.birth_year,
            p.age,
            p.year,
            p.persons,
            round(p.value, DECIMALS),
            _status(p.status, lang),
        ]
        for p in points
    ]

    def table() -> TableData:
        lookup = {(p.birth_year, p.age): p for p in points}
        order = [line[0].birth_year for line in lines]
        ages = sorted({p.age for p in points})
        rows = []
        for age in ages:
            cells = [str(age)]
            for birth in order:
                point = lookup.get((birth, age))
                cells.append(
                    "–"
                    if point is None
                    else _index(point.value, lang) + ("*" if cohorts.is_provisional(point) else "")
                )
            rows.append(cells)
        return TableData(
            caption=base_title,
            header=[t("col_age", lang)] + [names[b] for b in order],
            rows=rows,
            footnote=t("provisional_years", lang, years=format_years(provisional))
            if provisional
            else "",
        )

    content = CardContent(
        title=_title(lines, region, lang),
        summary=summary,
        definition=t("cohort_definition", lang, age=BASE_AGE),
        source=source_line(store, SOURCE_ENTRY, lang, provisional),
        figure=figure,
        make_table=table,
        notes=notes,
        filename=f"{slug(region)}_cohorts_{min(births)}-{max(births)}",
    )
    return finish(content, (header, export_rows, {6: DECIMALS}))
