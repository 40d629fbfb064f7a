"""Which points of a card CBS revised since the previous vintage, in the card's words: the
chart's hover, the table's mark and footnote, the CSV's column.

A point is revised when its indicator's value changed at the shown decimals between the
previous vintage and the store (:mod:`dashboard.data.vintage_revisions`). A card may show a
rescaled value (per 1,000 inhabitants, an index): the old value is then given on the same
scale as the point, ``old × shown / new`` (the scale of the current vintage), so that
"old → new" compares like with like; unscaled, that factor is exactly 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.data.series import Point
from dashboard.data.store import Store
from dashboard.data.vintage_revisions import revisions_since_previous
from dashboard.i18n import t
from dashboard.i18n.formatting import format_vintage

MARK = "†"  # after a revised value in the table, as "*" after a provisional one


@dataclass(frozen=True)
class RevisedMarks:
    """The revised points among a card's rows, against vintage ``since``."""

    since: str
    old: dict[tuple[str, int], float] = field(default_factory=dict)  # on the point's scale

    def __bool__(self) -> bool:
        return bool(self.old)

    def hover(self, rows: list[Point], show, lang: str) -> dict[tuple[str, int], str]:
        """(region, year) -> "herzien t.o.v. versie …: old → new"; ``show`` formats a
        value as the card does."""
        since = format_vintage(self.since, lang)
        return {
            (p.region_code, p.year): t(
                "rev_hover",
                lang,
                old_vintage=since,
                old=show(self.old[(p.region_code, p.year)], lang),
                new=show(p.value, lang),
            )
            for p in rows
            if (p.region_code, p.year) in self.old
        }

    def footnote(self, rows: list[Point], lang: str) -> str:
        """ "† herzien ten opzichte van versie …: Hengelo 2024, Twente 2023."."""
        points = [f"{p.region} {p.year}" for p in rows if (p.region_code, p.year) in self.old]
        if not points:
            return ""
        return t(
            "rev_table_footnote",
            lang,
            old_vintage=format_vintage(self.since, lang),
            points=", ".join(points),
        )

    def csv_header(self, lang: str) -> str:
        return t("rev_csv_column", lang, old_vintage=self.since)


def revised_marks(store: Store, indicator: str, rows: list[Point]) -> RevisedMarks | None:
    """The revised points of ``indicator`` among ``rows``; None when there is no previous
    vintage to compare with (a card then shows no "herzien" column at all)."""
    revisions = revisions_since_previous(store)
    if revisions is None:
        return None
    old: dict[tuple[str, int], float] = {}
    for point in rows:
        change = revisions.revised_in(indicator, point.region_code).get(point.year)
        if change is None:
            continue
        before, after = change
        factor = point.value / after if after else 1.0
        old[(point.region_code, point.year)] = before * factor
    return RevisedMarks(since=revisions.old, old=old)
