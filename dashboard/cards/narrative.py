"""Generated words about a chart: a title that states the finding and a text summary.

The summary is also the chart's accessible description (``aria-describedby``), so it names
every region and the first and last value shown. All numbers go through
:mod:`dashboard.i18n.formatting`, in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.data.series import Point, Ranked, first_and_last, provisional_years
from dashboard.data.store import PROVISIONAL
from dashboard.i18n import t
from dashboard.i18n.formatting import format_number, format_value, format_years


@dataclass(frozen=True)
class Measure:
    """How to print one indicator's values. In sentences only percentages carry their unit:
    the title names the rest ("… per 1.000 inwoners") and repeating it after every number
    makes titles unreadable."""

    title: str
    unit: str  # catalogue `unit` ("%", "persons", ...) or "index"
    unit_label: str = ""  # for axis titles and table headers
    decimals: int = 1

    def show(self, value: float | None, lang: str) -> str:
        return format_value(value, self.unit, self.decimals, lang)


def trend_key(first: float, last: float, decimals: int) -> str:
    """Rose, fell or flat — judged at the precision shown, so text and numbers agree."""
    a, b = round(first, decimals), round(last, decimals)
    return "trend_rose" if b > a else "trend_fell" if b < a else "trend_flat"


def _values(measure: Measure, first: Point, last: Point, lang: str) -> dict:
    return {
        "title": measure.title,
        "region": last.region,
        "first": measure.show(first.value, lang),
        "last": measure.show(last.value, lang),
        "first_year": first.year,
        "last_year": last.year,
    }


def line_title(rows: Sequence[Point], focus: str, measure: Measure, lang: str) -> str:
    ends = first_and_last(list(rows), focus)
    if ends is None:
        return measure.title
    values = _values(measure, *ends, lang)
    if values["first_year"] == values["last_year"]:
        return t("finding_title_single", lang, **values)
    key = trend_key(ends[0].value, ends[1].value, measure.decimals)
    if key == "trend_flat":
        return t("finding_title_flat", lang, **values)
    return t("finding_title", lang, verb=t(key, lang), **values)


def line_summary(rows: Sequence[Point], focus: str, measure: Measure, lang: str) -> str:
    """``<Title> in Hengelo: gedaald van … in 2012 naar … in 2024; in Twente van … naar ….``"""
    rows = list(rows)
    if not rows:
        return t("no_data", lang)
    regions = list(dict.fromkeys(p.region_code for p in rows))
    ordered = [focus] + [r for r in regions if r != focus] if focus in regions else regions
    text, others = "", []
    for position, code in enumerate(ordered):
        first, last = first_and_last(rows, code)  # type: ignore[misc]
        values = _values(measure, first, last, lang)
        if position > 0:
            others.append(t("summary_other", lang, **values))
        elif first.year == last.year:
            text = t("summary_focus_single", lang, **values)
        else:
            verb = t(trend_key(first.value, last.value, measure.decimals), lang)
            text = t("summary_focus", lang, verb=verb, **values)
    if others:
        text += "; " + ", ".join(others)
    text += "."
    provisional = provisional_years(rows)
    if provisional:
        text += " " + t("summary_provisional", lang, years=format_years(provisional))
    return text


def forecast_summary(forecast: Sequence[Point], measure: Measure, lang: str) -> str:
    if not forecast:
        return ""
    ahead = sorted(forecast, key=lambda p: p.year)
    first, last = ahead[0], ahead[-1]
    verb = "verb_future_grow" if last.value >= first.value else "verb_future_shrink"
    return t(
        "summary_forecast",
        lang,
        verb_future=t(verb, lang),
        region=last.region,
        last=measure.show(last.value, lang),
        last_year=last.year,
        lower=measure.show(last.lower, lang),
        upper=measure.show(last.upper, lang),
    )


def _focus_entry(ranked: Sequence[Ranked], focus: str) -> Ranked | None:
    return next((r for r in ranked if r.point.region_code == focus), None)


def ranking_title(
    ranked: Sequence[Ranked],
    focus: str,
    measure: Measure,
    year: int,
    lang: str,
    *,
    focus_in_twente: bool = True,
) -> str:
    entry = _focus_entry(ranked, focus)
    if entry is None:
        return f"{measure.title} ({year})"
    key = "ranking_title" if focus_in_twente else "ranking_title_outside"
    return t(
        key,
        lang,
        title=measure.title,
        year=year,
        region=entry.point.region,
        rank=entry.rank,
        count=len(ranked),
    )


def ranking_summary(
    ranked: Sequence[Ranked], focus: str, measure: Measure, year: int, lang: str
) -> str:
    if not ranked:
        return t("no_data", lang)
    top, bottom = ranked[0].point, ranked[-1].point
    entry = _focus_entry(ranked, focus) or ranked[0]
    text = t(
        "ranking_summary",
        lang,
        year=year,
        title=measure.title,
        top=top.region,
        top_value=measure.show(top.value, lang),
        bottom=bottom.region,
        bottom_value=measure.show(bottom.value, lang),
        region=entry.point.region,
        value=measure.show(entry.point.value, lang),
        rank=entry.rank,
        count=len(ranked),
    )
    if any(r.point.status == PROVISIONAL for r in ranked):
        text += " " + t("summary_provisional", lang, years=str(year))
    return text


def pyramid_texts(
    region: str,
    year: int,
    share: float,
    count: int,
    lang: str,
    comparison: tuple[str, float] | None = None,
) -> tuple[str, str]:
    """Title and summary of a population pyramid."""
    shown = format_value(share, "%", 1, lang)
    title = t("pyramid_title", lang, region=region, year=year, share=shown)
    extra = (
        t(
            "pyramid_comparison",
            lang,
            region=comparison[0],
            share=format_value(comparison[1], "%", 1, lang),
        )
        if comparison
        else ""
    )
    summary = t(
        "pyramid_summary",
        lang,
        region=region,
        year=year,
        share=shown,
        count=format_number(count, 0, lang),
        comparison=extra,
    ).strip()
    return title, summary
