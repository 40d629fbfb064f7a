"""The "forecast against reality" card (issue 15, part 4): the focus municipality's realised
population over each forecast edition's 67% band, and a finding title that says whether
and since when the realisation left the band of the newest edition ("Hengelo groeit
sneller dan voorspeld sinds 2024").

Chart, table, summary and CSV come from the same editions and checks
(:mod:`dashboard.data.forecast_check`), so they cannot disagree.
"""

from __future__ import annotations

from dashboard.cards.model import (
    CardContent,
    CardSpec,
    TableData,
    axis_title,
    finish,
    no_data,
    region_name,
    resolve_period,
    slug,
)
from dashboard.cards.sources import source_line
from dashboard.data.forecast_check import (
    ABOVE,
    BELOW,
    BandPoint,
    Edition,
    Realised,
    Verdict,
    YearCheck,
    check_edition,
    editions_of,
    newest_compared,
)
from dashboard.data.store import PROVISIONAL, Store
from dashboard.figures.charts import Labels
from dashboard.figures.forecast_check import forecast_check_figure
from dashboard.i18n import TEXTS, catalogue_text, t
from dashboard.i18n.formatting import format_number, format_years
from dashboard.state.url import ViewState
from etl.contract import FORECAST_EDITION_COLUMN, POPULATION_FORECAST

OBSERVED = "population"  # Bevolking op 1 januari (03759ned): what each forecast year forecasts
FORECAST = POPULATION_FORECAST
# Band years shown past the last realised year: where the forecast heads next, without the
# whole run to 2050 flattening the few years that can be compared.
AHEAD_YEARS = 5


def _status(status: str, lang: str) -> str:
    key = f"status_{status}"
    return t(key, lang) if key in TEXTS else status


def _position_word(position: str, lang: str) -> str:
    if position == ABOVE:
        return t("forecast_check_pos_above", lang)
    if position == BELOW:
        return t("forecast_check_pos_below", lang)
    return t("forecast_check_pos_inside", lang)


def finding_title(verdict: Verdict, region: str, lang: str) -> str:
    """ "Hengelo groeit sneller dan voorspeld sinds 2024 (prognose 2023–2050)"."""
    edition = verdict.edition.label
    if verdict.position == ABOVE:
        return t("forecast_check_above", lang, region=region, year=verdict.since, edition=edition)
    if verdict.position == BELOW:
        return t("forecast_check_below", lang, region=region, year=verdict.since, edition=edition)
    return t("forecast_check_inside", lang, region=region, year=verdict.last_year, edition=edition)


def _realised(store: Store, region: str, first: int, tot: int) -> list[Realised]:
    data = store.get_series(OBSERVED, region)
    if data is None:
        return []
    return [
        Realised(year, value, status)
        for year, value, status in zip(data.years, data.values, data.statuses, strict=True)
        if first <= year <= tot
    ]


def _editions(store: Store, indicator: str, region: str) -> list[Edition]:
    frame = store.indicator_frame(indicator)
    if frame is None:
        return []
    rows = frame.loc[frame["region_code"] == region]
    return editions_of(
        zip(
            rows[FORECAST_EDITION_COLUMN],
            rows["year"],
            rows["value"],
            rows["lower"],
            rows["upper"],
            strict=True,
        )
    )


def _summary(verdicts: list[Verdict], region: str, lang: str) -> str:
    sentences = []
    for verdict in reversed(verdicts):  # newest edition first, as the title
        if not verdict.checks:
            continue
        last = verdict.checks[-1]
        sentences.append(
            t(
                "forecast_check_summary",
                lang,
                edition=verdict.edition.label,
                year=last.year,
                value=format_number(last.realised, 0, lang),
                region=region,
                lower=format_number(last.lower, 0, lang),
                upper=format_number(last.upper, 0, lang),
                position=_position_word(last.position, lang),
            )
        )
        if verdict.since is not None:
            sentences.append(t("forecast_check_summary_since", lang, year=verdict.since))
    return " ".join(sentences)


def forecast_check_card(spec: CardSpec, state: ViewState, store: Store) -> CardContent:
    lang = state.taal
    region = region_name(store, state.gemeente, lang)
    base_title = t("forecast_check_title", lang, region=region)
    forecast_id = spec.indicator or FORECAST
    entry, forecast_entry = store.catalogue.get(OBSERVED), store.catalogue.get(forecast_id)
    editions = _editions(store, forecast_id, state.gemeente) if forecast_entry else []
    if entry is None or forecast_entry is None or not editions:
        content = no_data(base_title, lang)
        content.message = content.summary = t("forecast_check_no_forecast", lang)
        return content
    period = resolve_period(state, store)
    first = min(e.first_year for e in editions)
    realised = _realised(store, state.gemeente, first, period.tot)
    verdicts = [check_edition(realised, edition) for edition in editions]
    newest = newest_compared(verdicts)
    if newest is None:
        content = no_data(base_title, lang)
        content.message = content.summary = t(
            "forecast_check_no_overlap",
            lang,
            region=region,
            editions=", ".join(e.label for e in editions),
            tot=realised[-1].year if realised else period.tot,
        )
        return content

    end = (realised[-1].year if realised else period.tot) + AHEAD_YEARS
    shown = [e.until(end) for e in editions if e.first_year <= end]
    checks = {v.edition.source: {c.year: c for c in v.checks} for v in verdicts}
    observed = {r.year: r for r in realised}
    decimals = int(entry.get("decimals", 0))
    y_title = axis_title(str(entry.get("unit", "")), catalogue_text(entry, "unit", lang))
    labels = Labels(
        lang=lang,
        y_title=y_title,
        provisional=t("provisional", lang),
        value_format=",.0f",
    )
    figure = forecast_check_figure(
        realised,
        shown,
        labels,
        realised_name=t("forecast_check_realised", lang, region=region),
        band_name={e.source: t("forecast_check_band", lang, edition=e.label) for e in shown},
        forecast_name={e.source: t("forecast_check_edition", lang, edition=e.label) for e in shown},
    )
    provisional = sorted({r.year for r in realised if r.status == PROVISIONAL})
    summary = _summary(verdicts, region, lang)
    if provisional:
        summary += " " + t("summary_provisional", lang, years=format_years(provisional))
    notes = [
        t("forecast_check_not_compared", lang, edition=v.edition.label)
        for v in verdicts
        if not v.checks
    ]

    def cells(edition: Edition, point: BandPoint) -> tuple[Realised | None, YearCheck | None]:
        return observed.get(point.year), checks[edition.source].get(point.year)

    header = [
        t("col_region", lang),
        t("col_code", lang),
        t("forecast_check_col_edition", lang),
        t("col_year", lang),
        t("forecast_check_col_realised", lang),
        t("col_status", lang),
        t("forecast_check_col_forecast", lang),
        t("col_lower", lang),
        t("col_upper", lang),
        t("forecast_check_col_position", lang),
    ]
    export_rows: list[list[object]] = []
    for edition in shown:
        for point in edition.band:
            seen, check = cells(edition, point)
            export_rows.append(
                [
                    region,
                    state.gemeente,
                    f"{edition.label} ({edition.source})",
                    point.year,
                    None if seen is None else round(seen.value, decimals),
                    "" if seen is None else _status(seen.status, lang),
                    round(point.forecast, decimals),
                    None if point.lower is None else round(point.lower, decimals),
                    None if point.upper is None else round(point.upper, decimals),
                    "" if check is None else _position_word(check.position, lang),
                ]
            )

    def number(value: float | None) -> str:
        return "–" if value is None else format_number(value, decimals, lang)

    def table() -> TableData:
        rows = []
        for edition in shown:
            for point in edition.band:
                seen, check = cells(edition, point)
                realised_text = number(None if seen is None else seen.value)
                if seen is not None and seen.status == PROVISIONAL:
                    realised_text += "*"
                rows.append(
                    [
                        f"{edition.label} ({edition.source})",
                        str(point.year),
                        realised_text,
                        number(point.forecast),
                        number(point.lower),
                        number(point.upper),
                        "–" if check is None else _position_word(check.position, lang),
                    ]
                )
        return TableData(
            caption=base_title,
            header=[header[2], header[3], header[4], header[6], header[7], header[8], header[9]],
            rows=rows,
            footnote=t("provisional", lang) if provisional else "",
        )

    years = [p.year for e in shown for p in e.band] + [r.year for r in realised]
    content = CardContent(
        title=finding_title(newest, region, lang),
        summary=summary,
        definition=t("forecast_check_definition", lang),
        source=source_line(store, [entry, forecast_entry], lang, provisional),
        figure=figure,
        make_table=table,
        filename=f"{slug(region)}_forecast_check_{min(years)}-{max(years)}",
        notes=notes,
    )
    columns = {4: decimals, 6: decimals, 7: decimals, 8: decimals}
    return finish(content, (header, export_rows, columns))
