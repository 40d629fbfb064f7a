"""Forecast against reality, the pure part: where realised values lie against a band, and
since when. Tiny series; every expected verdict worked out by hand in the comments."""

from __future__ import annotations

import math

import pytest

from dashboard.data.forecast_check import (
    ABOVE,
    BELOW,
    INSIDE,
    BandPoint,
    Edition,
    Realised,
    check_edition,
    editions_of,
    newest_compared,
    position_of,
)


def _edition(source: str, band: list[tuple[int, float, float, float]]) -> Edition:
    return Edition(source, tuple(BandPoint(*row) for row in band))


def _realised(values: dict[int, float], provisional: int | None = None) -> list[Realised]:
    return [
        Realised(year, value, "voorlopig" if year == provisional else "definitief")
        for year, value in sorted(values.items())
    ]


# A forecast from 2023 (starting point 100, no width), bands 95–105, 94–108, 93–111, 92–114.
BAND = [
    (2023, 100.0, 100.0, 100.0),
    (2024, 100.0, 95.0, 105.0),
    (2025, 101.0, 94.0, 108.0),
    (2026, 102.0, 93.0, 111.0),
    (2027, 103.0, 92.0, 114.0),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(105.0, INSIDE), (95.0, INSIDE), (105.01, ABOVE), (94.99, BELOW), (100.0, INSIDE)],
)
def test_fch001_the_bounds_belong_to_the_band(value, expected):
    assert position_of(value, 95.0, 105.0) == expected


def test_fch002_above_since_the_first_year_of_the_last_run_outside():
    # 2023 is the starting point (lower == upper): not compared, even though 101 > 100.
    # 2024: 106 > 105 above; 2025: 107 inside 94–108; 2026: 112 > 111 above; 2027: 115 > 114.
    # The newest year is above and its run began in 2026 (2025 was inside): since 2026.
    realised = _realised({2023: 101, 2024: 106, 2025: 107, 2026: 112, 2027: 115})
    verdict = check_edition(realised, _edition("85173NED", BAND))
    assert [c.year for c in verdict.checks] == [2024, 2025, 2026, 2027]
    assert [c.position for c in verdict.checks] == [ABOVE, INSIDE, ABOVE, ABOVE]
    assert verdict.position == ABOVE
    assert verdict.since == 2026
    assert verdict.last_year == 2027


def test_fch003_below_from_the_first_compared_year():
    # 2024: 94 < 95; 2025: 93 < 94: below in both compared years, so since 2024.
    verdict = check_edition(_realised({2024: 94, 2025: 93}), _edition("85173NED", BAND))
    assert (verdict.position, verdict.since, verdict.last_year) == (BELOW, 2024, 2025)


def test_fch004_inside_now_has_no_since_even_after_an_earlier_run_outside():
    # 2024: 106 above; 2025: 100 inside 94–108: the newest year is inside, so no "since".
    verdict = check_edition(_realised({2024: 106, 2025: 100}), _edition("85173NED", BAND))
    assert verdict.position == INSIDE
    assert verdict.since is None


def test_fch005_a_switch_from_below_to_above_starts_a_new_run():
    # 2024: 94 below; 2025: 109 > 108 above: the run above began in 2025, not 2024.
    verdict = check_edition(_realised({2024: 94, 2025: 109}), _edition("85173NED", BAND))
    assert (verdict.position, verdict.since) == (ABOVE, 2025)


def test_fch006_no_overlap_gives_no_verdict():
    # Realised values end in 2023, the forecast's starting point: nothing to compare.
    verdict = check_edition(_realised({2021: 98, 2022: 99, 2023: 100}), _edition("x", BAND))
    assert verdict.checks == ()
    assert verdict.position is None and verdict.since is None and verdict.last_year is None
    assert newest_compared([verdict]) is None


def test_fch007_a_region_without_interval_is_not_compared():
    # A summed area has the forecast but NaN bounds (no interval): no year to compare.
    editions = editions_of(
        [("85173NED", 2024, 300.0, math.nan, math.nan), ("85173NED", 2025, 301.0, None, None)]
    )
    assert editions[0].band[0].lower is None and not editions[0].band[0].has_band
    assert check_edition(_realised({2024: 1000, 2025: 1000}), editions[0]).checks == ()


def test_fch008_editions_by_source_oldest_first_and_the_newest_compared_one():
    rows = [
        ("85173NED", 2024, 100.0, 95.0, 105.0),
        ("85173NED", 2023, 100.0, 100.0, 100.0),  # out of order: sorted by year
        ("84527NED", 2020, 90.0, 90.0, 90.0),
        ("84527NED", 2021, 91.0, 89.0, 93.0),
        ("84527NED", 2024, 94.0, 86.0, 102.0),
    ]
    old, new = editions_of(rows)
    assert (old.source, old.label) == ("84527NED", "2020–2024")
    assert (new.source, new.label, [p.year for p in new.band]) == (
        "85173NED",
        "2023–2024",
        [2023, 2024],
    )
    # Realised 2021: 92 inside 89–93; 2024: 104 above 102 (old) and inside 95–105 (new).
    realised = _realised({2021: 92, 2024: 104})
    verdicts = [check_edition(realised, e) for e in (old, new)]
    assert [v.position for v in verdicts] == [ABOVE, INSIDE]
    assert verdicts[0].since == 2024
    assert newest_compared(verdicts) is verdicts[1]
    # Without a realised 2024, only the old edition (2021) can be compared: it tells.
    verdicts = [check_edition(_realised({2021: 92}), e) for e in (old, new)]
    assert newest_compared(verdicts) is verdicts[0]


def test_fch009_a_cut_edition_keeps_its_name():
    edition = _edition("85173NED", BAND)
    cut = edition.until(2025)
    assert [p.year for p in cut.band] == [2023, 2024, 2025]
    assert cut.label == "2023–2027" == edition.label
    assert [p.year for p in edition.until(2000).band] == [2023]  # never empty
