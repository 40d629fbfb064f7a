"""What each chart card shows, computed from a view state and a store — no Dash here.

A card is described by a :class:`CardSpec` (its kind and indicator); :func:`build_card`
turns spec + state + store into :class:`CardContent`: the finding title, figure, table,
summary, definition, source line, CSV export and file name. The chart-card component
renders it and its callbacks call :func:`build_card` again on every change, so layout,
callbacks and tests share one code path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from dashboard.cards import narrative
from dashboard.cards.csv_export import csv_text
from dashboard.data import series
from dashboard.data.store import Store
from dashboard.figures import charts as figures
from dashboard.figures import programme as programme_figures
from dashboard.i18n import TEXTS, catalogue_text, t
from dashboard.i18n.formatting import (
    format_date,
    format_number,
    format_vintage,
    format_years,
    vintage_day,
)
from dashboard.state.url import ViewState, comparison_codes
from etl.contract import FRESH, KEPT, PROBLEM_KINDS

DEFAULT_COMPARE_INDICATOR = "share_18_35"
RATE_UNIT = re.compile(r"^(%|per\b|index\b)", re.IGNORECASE)  # "%", "per 1000", "per 100"
REGION_NAMES_EN = {"NL01": "the Netherlands"}
AXIS_TITLE_MAX = 24  # characters of a vertical axis title that fit a 380 px high chart


@dataclass(frozen=True)
class CardSpec:
    """One card on a page. ``kind``: line, forecast, pyramid, ranking or map."""

    kind: str
    indicator: str | None = None
    per_1000_of: str | None = None  # show the indicator per 1,000 of this one

    def card_id(self, page_prefix: str) -> str:
        parts = [page_prefix, self.kind, self.indicator or "", self.per_1000_of or ""]
        return "-".join(p for p in parts if p)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> CardSpec:
        """From client-held data: anything unexpected gives a spec that renders 'no data'."""
        if not isinstance(data, dict):
            return cls(kind="none")
        text = {k: data.get(k) if isinstance(data.get(k), str) else None
                for k in ("kind", "indicator", "per_1000_of")}
        return cls(kind=text["kind"] or "none", indicator=text["indicator"],
                   per_1000_of=text["per_1000_of"])


@dataclass
class TableData:
    caption: str
    header: list[str]
    rows: list[list[str]]
    footnote: str = ""
    highlight: set[int] = field(default_factory=set)  # rows of the focus municipality


@dataclass
class CardContent:
    title: str
    summary: str
    definition: str = ""
    source: str = ""
    figure: dict | None = None
    # Built only when asked for (table view, tests): formatting every cell of a pyramid
    # costs more than the rest of the card, and the chart view does not need it.
    make_table: Callable[[], TableData] | None = None
    export_header: list[str] = field(default_factory=list)  # exactly what is shown
    export_rows: list[list[object]] = field(default_factory=list)
    export_decimals: dict[int, int] = field(default_factory=dict)  # column -> decimals
    filename: str = "talentopgave"
    notes: list[str] = field(default_factory=list)
    message: str = ""  # shown instead of a figure, e.g. "no boundaries"
    events: list[str] = field(default_factory=list)  # numbered event list below the chart

    @property
    def table(self) -> TableData | None:
        return self.make_table() if self.make_table is not None else None

    def csv(self, lang: str) -> str:
        return csv_text(self.export_header, self.export_rows, lang, self.export_decimals)


@dataclass(frozen=True)
class Period:
    van: int
    tot: int


def resolve_period(state: ViewState, store: Store) -> Period:
    years = store.observed_years or (0,)
    van = state.van if state.van is not None else years[0]
    tot = state.tot if state.tot is not None else years[-1]
    return Period(min(van, tot), max(van, tot))


def region_name(store: Store, code: str, lang: str) -> str:
    if lang == "en" and code in REGION_NAMES_EN:
        return REGION_NAMES_EN[code]
    return store.name(code)


def is_count(entry: dict) -> bool:
    """Counts (persons, births) of regions of different sizes cannot share one axis."""
    return not RATE_UNIT.match(str(entry.get("unit", "")).strip())


def axis_title(unit: str, unit_label: str) -> str:
    """A short axis title: "%" or the unit in words when that fits beside a chart, else the
    catalogue's short unit ("per 100"); the full wording is in the definition below it."""
    if unit == "%":
        return "%"
    return unit_label if len(unit_label) <= AXIS_TITLE_MAX else unit


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "regio"


def catalogue_tables(store: Store, sources: Iterable[str]) -> list[str]:
    """The manifest's tables for catalogue ``sources``: table ids, or roles named in the
    manifest (what the ETL's catalogue writes)."""
    manifest_tables = store.manifest.get("tables") or {}
    tables: list[str] = []
    for source in sources:
        matches = [source] if source in manifest_tables else \
            [table for table, info in manifest_tables.items() if info.get("role") == source]
        tables += [table for table in matches if table not in tables]
    return tables


def source_tables(store: Store, entry: dict) -> list[str]:
    """CBS table ids behind an indicator: from its rows' ``source`` column (the contract),
    else from the catalogue's ``sources``."""
    from_rows = store.source_tables(str(entry.get("id", "")))
    return from_rows or catalogue_tables(store, entry.get("sources", []))


def source_line(store: Store, entries: list[dict] | dict, lang: str,
                provisional: list[int]) -> str:
    entries = entries if isinstance(entries, list) else [entries]
    tables = list(dict.fromkeys(t_id for e in entries for t_id in source_tables(store, e)))
    manifest_tables = store.manifest.get("tables") or {}
    modified = sorted({format_date(manifest_tables.get(s, {}).get("modified"), lang)
                       for s in tables if manifest_tables.get(s, {}).get("modified")})
    text = t("source_line", lang, tables=", ".join(tables) or "–",
             modified=", ".join(modified) or "–", vintage=format_vintage(store.vintage, lang))
    if provisional:
        text += " " + t("provisional_years", lang, years=format_years(provisional))
    return text


# --- source tables that a refresh could not renew -------------------------------------------
# The ETL refreshes every CBS table on its own. One it could not renew is "kept" (its figures
# carried over unchanged from an earlier store) or "absent" (none at all); the manifest says
# which and why (docs/store.md). Every chart built on such a table says so in a note, so a
# reader never takes last year's forecast for this year's.

PYRAMID_SOURCES = ("population_by_age",)  # the pyramid is drawn from that role's product
REGIONS_SOURCES = ("regions",)  # which municipalities are Twente: the ranking and the map


def table_outcome(info: dict) -> str:
    """``fresh``, ``kept`` or ``absent``; stores from before per-table refreshes have no
    outcome, and then every table was refreshed."""
    return str(info.get("outcome") or FRESH)


def not_refreshed_tables(store: Store) -> dict[str, dict]:
    """The manifest's kept and absent tables (id -> entry), in manifest order."""
    return {table: info for table, info in (store.manifest.get("tables") or {}).items()
            if table_outcome(info) != FRESH}


def table_name(table: str, info: dict, lang: str) -> str:
    """The short name of a table's role ("Prognose"); a role this app has no words for yet
    falls back to CBS's title, then to the id."""
    key = f"role_{info.get('role')}"
    return t(key, lang) if key in TEXTS else str(info.get("title") or table)


def problem_reason(info: dict, lang: str) -> str:
    """Why a table was not refreshed, in words (``problem_kind``)."""
    kind = info.get("problem_kind")
    return t(f"problem_{kind}" if kind in PROBLEM_KINDS else "problem_unknown", lang)


def figures_date(info: dict, lang: str) -> str:
    """The date of the figures a kept table shows: CBS's Modified, else the day of the
    vintage they were fresh in."""
    if info.get("modified"):
        return format_date(str(info["modified"]), lang)
    day = vintage_day(str(info.get("kept_from") or ""))
    return format_date(day.isoformat(), lang) if day else t("earlier_version", lang)


def table_note(table: str, info: dict, lang: str) -> str:
    """"Prognose (85173NED): cijfers van 11-7-2024; CBS heeft de tabel gewijzigd." """
    values = {"name": table_name(table, info, lang), "table": table,
              "reason": problem_reason(info, lang)}
    if table_outcome(info) == KEPT:
        return t("table_kept_note", lang, date=figures_date(info, lang), **values)
    return t("table_absent_note", lang, **values)


def card_sources(spec: CardSpec, state: ViewState, store: Store) -> list[str]:
    """The catalogue ``sources`` (roles or table ids) of what a card draws."""
    def of(indicator: str | None) -> list[str]:
        entry = store.catalogue.get(indicator or "")
        return list(entry.get("sources", [])) if entry else []

    if spec.kind == "line":
        return of(spec.indicator) + of(spec.per_1000_of)
    if spec.kind == "forecast":
        return of("population") + of(spec.indicator or "population_forecast")
    if spec.kind == "pyramid":
        return list(PYRAMID_SOURCES)
    if spec.kind in ("ranking", "map"):
        return of(compare_indicator(spec, state, store)) + list(REGIONS_SOURCES)
    if spec.kind == "target" and spec.indicator in store.catalogue:
        # Imported here: dashboard.cards.programme builds on this module.
        from dashboard.cards.programme import FORECAST_FOR
        return of(spec.indicator) + of(FORECAST_FOR.get(spec.indicator))
    return []  # programme-only cards (budget, milestones, programme indicators)


def table_notes(spec: CardSpec, state: ViewState, store: Store) -> list[str]:
    """One note per kept or absent table the card uses."""
    missing = not_refreshed_tables(store)
    if not missing:
        return []
    tables = catalogue_tables(store, card_sources(spec, state, store))
    return [table_note(table, missing[table], state.taal) for table in tables
            if table in missing]


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


def long_export(rows: list[series.Point], lang: str, value_header: str, decimals: int,
                with_interval: bool = False) -> tuple[list[str], list[list[object]], dict]:
    """The shown rows as CSV-ready header, rows and decimals, in the page's language."""
    header = [t("col_region", lang), t("col_code", lang), t("col_year", lang), value_header,
              t("col_status", lang)]
    if with_interval:
        header += [t("col_lower", lang), t("col_upper", lang)]
    table = []
    for p in rows:
        row: list[object] = [p.region, p.region_code, p.year, round(p.value, decimals),
                             _status_label(p.status, lang)]
        if with_interval:
            row += [None if p.lower is None else round(p.lower, decimals),
                    None if p.upper is None else round(p.upper, decimals)]
        table.append(row)
    columns = {3: decimals} | ({5: decimals, 6: decimals} if with_interval else {})
    return header, table, columns


def wide_table(rows: list[series.Point], measure: narrative.Measure, lang: str,
               caption: str) -> TableData:
    """Years down, regions across; provisional values carry an asterisk."""
    regions = list(dict.fromkeys(p.region_code for p in rows))
    names = {p.region_code: p.region for p in rows}
    years = sorted({p.year for p in rows})
    lookup = {(p.region_code, p.year): p for p in rows}
    body = []
    for year in years:
        cells = [str(year)]
        for code in regions:
            point = lookup.get((code, year))
            cells.append("–" if point is None else measure.show(point.value, lang)
                         + ("*" if point.status == "voorlopig" else ""))
        body.append(cells)
    provisional = series.provisional_years(rows)
    footnote = t("provisional_years", lang, years=format_years(provisional)) if provisional else ""
    header = [t("col_year", lang)] + [names[c] for c in regions]
    return TableData(caption=caption, header=header, rows=body, footnote=footnote)


def _labels(measure: narrative.Measure, lang: str, y_title: str) -> figures.Labels:
    return figures.Labels(
        lang=lang, y_title=y_title, provisional=t("provisional", lang),
        forecast=t("forecast", lang), interval=t("forecast_interval", lang),
        value_format=f",.{measure.decimals}f", value_suffix="%" if measure.unit == "%" else "")


def _no_data(title: str, lang: str) -> CardContent:
    return CardContent(title=title, summary=t("no_data", lang), message=t("no_data", lang))


def _finish(content: CardContent, export: tuple[list[str], list[list[object]], dict]
            ) -> CardContent:
    content.export_header, content.export_rows, content.export_decimals = export
    return content


def line_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    entry = store.catalogue.get(spec.indicator or "")
    if entry is None:
        return _no_data(spec.indicator or "", lang)
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
    selection = series.select_series(store, entry["id"], regions, period.van, period.tot,
                                     per_1000_of=spec.per_1000_of, basisjaar=state.basisjaar)
    rows = _with_names(selection.rows, store, lang)
    notes = []
    if counts_only_focus and comparison_codes(state):
        notes.append(t("counts_focus_only", lang))
    if state.basisjaar is not None:
        unit, unit_label, decimals = "index", t("index_unit", lang, year=state.basisjaar), 1
        title = f"{title} ({unit_label})"  # "gestegen van 100,0 naar 105,0" needs the base
        notes.append(t("index_note", lang, year=state.basisjaar))
        if selection.no_index:
            notes.append(t("index_not_possible", lang, year=state.basisjaar, regions=", ".join(
                region_name(store, c, lang) for c in selection.no_index)))
    measure = narrative.Measure(title=title, unit=unit, unit_label=unit_label, decimals=decimals)
    if not rows:
        content = _no_data(title, lang)
        content.notes = notes
        return content
    provisional = series.provisional_years(rows)
    y_title = axis_title(unit, unit_label)
    figure = figures.line_figure(rows, state.gemeente, _labels(measure, lang, y_title),
                                 reference=100.0 if state.basisjaar is not None else None)
    value_header = f"{t('col_value', lang)} ({y_title})" if y_title else t("col_value", lang)
    name = slug(region_name(store, state.gemeente, lang))
    suffix = ("_per_1000" if spec.per_1000_of else "") + \
        (f"_index_{state.basisjaar}" if state.basisjaar is not None else "")
    years = [p.year for p in rows]
    content = CardContent(
        title=narrative.line_title(rows, state.gemeente, measure, lang),
        summary=narrative.line_summary(rows, state.gemeente, measure, lang),
        definition=definition, source=source_line(store, entry, lang, provisional),
        figure=figure, make_table=lambda: wide_table(rows, measure, lang, title), notes=notes,
        filename=f"{name}_{entry['id']}{suffix}_{min(years)}-{max(years)}")
    return _finish(content, long_export(rows, lang, value_header, decimals))


def forecast_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    """Observed population of the focus municipality, continued by the CBS forecast."""
    lang = state.taal
    observed_id, forecast_id = "population", spec.indicator or "population_forecast"
    entry, forecast_entry = store.catalogue.get(observed_id), store.catalogue.get(forecast_id)
    if entry is None or forecast_entry is None:
        return _no_data(forecast_id, lang)
    period = resolve_period(state, store)
    history = _with_names(series.select_series(store, observed_id, [state.gemeente], period.van,
                                               period.tot).rows, store, lang)
    forecast = [p for p in _with_names(series.select_series(
        store, forecast_id, [state.gemeente], None, None).rows, store, lang)
        if p.year > period.tot]
    title = catalogue_text(forecast_entry, "title", lang)
    decimals = int(entry.get("decimals", 0))
    measure = narrative.Measure(title=catalogue_text(entry, "title", lang),
                                unit=str(entry.get("unit", "")),
                                unit_label=catalogue_text(entry, "unit", lang), decimals=decimals)
    if not history and not forecast:
        return _no_data(title, lang)
    shown = history + forecast
    y_title = axis_title(str(entry.get("unit", "")), catalogue_text(entry, "unit", lang))
    figure = figures.forecast_figure(history, forecast, state.gemeente,
                                     _labels(measure, lang, y_title))
    summary = narrative.line_summary(history, state.gemeente, measure, lang) if history else ""
    summary = f"{summary} {narrative.forecast_summary(forecast, measure, lang)}".strip()
    definition = f"{catalogue_text(entry, 'definition', lang)} " \
                 f"{catalogue_text(forecast_entry, 'definition', lang)}"
    region = region_name(store, state.gemeente, lang)
    headline = narrative.line_title(history, state.gemeente, measure, lang) if history else title
    if forecast:
        end = max(forecast, key=lambda p: p.year)
        headline = f"{headline}; {t('forecast', lang)} {end.year}: {measure.show(end.value, lang)}"
    years = [p.year for p in shown]
    content = CardContent(
        title=headline, summary=summary, definition=definition,
        source=source_line(store, [entry, forecast_entry], lang,
                           series.provisional_years(history)),
        figure=figure, make_table=lambda: wide_table(shown, measure, lang, f"{title}, {region}"),
        filename=f"{slug(region)}_population_forecast_{min(years)}-{max(years)}")
    return _finish(content, long_export(shown, lang, f"{t('col_value', lang)} ({y_title})",
                                        decimals, with_interval=True))


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
        return _no_data(t("pyramid_title", lang, region=region, year=period.tot, share="–"),
                        lang)
    share, count = series.band_share(focus)
    comparison_code = next(iter(comparison_codes(state)), None)
    comparison = series.pyramid_shares(store, comparison_code, year) if comparison_code else None
    comparison_info = None
    if comparison:
        comparison_info = (region_name(store, comparison_code, lang),
                           series.band_share(comparison)[0])
    title, summary = narrative.pyramid_texts(region, year, share, count, lang, comparison_info)
    figure = figures.pyramid_figure(
        focus, figures.Labels(lang=lang, y_title=t("pyramid_axis", lang)),
        men=t("col_men", lang), women=t("col_women", lang), band=t("pyramid_band", lang),
        other=t("pyramid_other", lang), comparison=comparison,
        comparison_name=comparison_info[0] if comparison_info else "")
    open_age = max((r.age for r in focus if r.age_open), default=max(r.age for r in focus))
    provisional = any(r.status == "voorlopig" for r in focus)
    header = [t("col_age", lang), t("col_men", lang), t("col_women", lang),
              f"{t('col_men', lang)} (%)", f"{t('col_women', lang)} (%)"]
    export_rows = [[f"{r.age}+" if r.age_open else str(r.age), r.men, r.women,
                    round(r.men_share, 2), round(r.women_share, 2)] for r in focus]
    def table() -> TableData:
        return TableData(
            caption=title, header=header,
            rows=[[row[0], format_number(row[1], 0, lang), format_number(row[2], 0, lang),
                   format_number(row[3], 2, lang), format_number(row[4], 2, lang)]
                  for row in export_rows],
            highlight={i for i, r in enumerate(focus) if 18 <= r.age <= 35 and not r.age_open},
            footnote=t("provisional_years", lang, years=str(year)) if provisional else "")
    entry = store.catalogue.get("population", {"id": "population"})
    content = CardContent(
        title=title, summary=summary, definition=t("pyramid_definition", lang, open=open_age),
        source=source_line(store, entry, lang, [year] if provisional else []), figure=figure,
        make_table=table, filename=f"{slug(region)}_population_pyramid_{year}")
    return _finish(content, (header, export_rows, {3: 2, 4: 2}))


def compare_indicator(spec: CardSpec, state: ViewState, store: Store) -> str:
    """The indicator a ranking or map shows: the one chosen in the URL, else the card's."""
    return state.indicator if state.indicator in store.catalogue else \
        spec.indicator or DEFAULT_COMPARE_INDICATOR


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
        ranked = [series.Ranked(r.rank, r.point._replace(
            region=region_name(store, r.point.region_code, lang))) for r in ranked]
    measure = narrative.Measure(
        title=catalogue_text(entry, "title", lang) if entry else indicator,
        unit=str(entry.get("unit", "")) if entry else "",
        unit_label=catalogue_text(entry, "unit", lang) if entry else "",
        decimals=int(entry.get("decimals", 1)) if entry else 1)
    return lang, indicator, entry, year, ranked, measure


def ranking_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang, indicator, entry, year, ranked, measure = _compare_setup(spec, state, store)
    if entry is None or not ranked:
        return _no_data(measure.title, lang)
    y_title = axis_title(measure.unit, measure.unit_label)
    figure = figures.ranking_figure(ranked, state.gemeente, _labels(measure, lang, y_title))
    value_header = f"{t('col_value', lang)} ({y_title})" if y_title else t("col_value", lang)
    points = [r.point for r in ranked]
    provisional = series.provisional_years(points)
    table = lambda: TableData(  # noqa: E731 - built on demand, see CardContent.make_table
        caption=measure.title, header=[t("col_rank", lang), t("col_region", lang), value_header],
        rows=[[str(r.rank), r.point.region, measure.show(r.point.value, lang)
               + ("*" if r.point.status == "voorlopig" else "")] for r in ranked],
        highlight={i for i, r in enumerate(ranked) if r.point.region_code == state.gemeente},
        footnote=t("provisional_years", lang, years=format_years(provisional)) if provisional
        else "")
    header, rows, decimals = long_export(points, lang, value_header, measure.decimals)
    content = CardContent(
        title=narrative.ranking_title(ranked, state.gemeente, measure, year, lang,
                                      focus_in_twente=state.gemeente in store.twente_gemeenten),
        summary=narrative.ranking_summary(ranked, state.gemeente, measure, year, lang),
        definition=catalogue_text(entry, "definition", lang),
        source=source_line(store, entry, lang, provisional), figure=figure, make_table=table,
        filename=f"twente_{indicator}_{year}")
    return _finish(content, ([t("col_rank", lang)] + header,
                             [[r.rank] + row for r, row in zip(ranked, rows, strict=True)],
                             {k + 1: v for k, v in decimals.items()}))


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
        content.figure = figures.map_figure(in_twente, store.boundaries, state.gemeente,
                                            _labels(measure, lang, y_title))
    return content


BUILDERS = {"line": line_card, "forecast": forecast_card, "pyramid": pyramid_card,
            "ranking": ranking_card, "map": map_card}


TIME_SERIES_KINDS = ("line", "forecast", "target")  # cards that get the events overlay


def programme_events(store: Store) -> list[programme_figures.Event]:
    """The event register, numbered in date order (one number per event on every chart)."""
    if store.programme is None:
        return []
    frame = store.programme.events
    return store.memo(("programme_events",), lambda: [
        programme_figures.Event(number, day.date(), str(title), str(kind))
        for number, (day, title, kind) in enumerate(
            zip(frame["date"], frame["title"], frame["kind"], strict=True), start=1)])


def overlay_events(content: CardContent, store: Store, lang: str) -> CardContent:
    """Events as numbered vertical lines on the chart, and as a list below it."""
    if content.figure is None:
        return content
    shown = programme_figures.visible_events(programme_events(store), content.figure)
    if shown:
        content.figure = programme_figures.with_events(content.figure, shown)
        content.events = [f"{e.number}. " + t("event_item", lang, title=e.title,
                                              date=format_date(e.day.isoformat(), lang),
                                              kind=t(f"event_kind_{e.kind}", lang))
                          for e in shown]
    return content


def build_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    builder = BUILDERS.get(spec.kind)
    if builder is None:
        return _no_data(spec.indicator or spec.kind, state.taal)
    content = builder(spec, state, store)
    # First among the notes, and also on a card without data: it says why there is none.
    content.notes = table_notes(spec, state, store) + content.notes
    if state.gebeurtenissen == "aan" and spec.kind in TIME_SERIES_KINDS:
        content = overlay_events(content, store, state.taal)
    return content
