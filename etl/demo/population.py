"""A small cohort-component model of every municipality, by sex and single year of age.

Each year, starting from the population on 1 January, the model draws births, deaths,
emigration, moves to other municipalities, immigration and moves from other municipalities, and
the next 1 January follows from them, so every accounting identity holds by construction.
National births, deaths, immigration and emigration follow rough real CBS series; moves between
municipalities are a zero-sum exchange, steered so each municipality follows its target path
(for Twente, anchored on real sizes). Flows are kept by age on 31 December, as CBS tabulates
moves ("Leeftijd31December"): a cohort aged a on 1 January is a + 1 at year end, newborns 0.

With a real 37259ned (``dynamics``), the totals are then replaced by CBS's own: see
``calibrate``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from ._io import largest_remainder
from .regions import World, target_population

AGES = 101  # 0..99 single years, 100 = "100 jaar of ouder"
MEN, WOMEN = 0, 1
FIRST_MODEL_YEAR = 2000
_AGE = np.arange(AGES, dtype=float)

# Rough national CBS figures (thousands); years outside the table take the nearest value.
_BIRTHS = dict(
    zip(
        range(2000, 2026),
        (
            206.6,
            202.6,
            202.1,
            200.3,
            194.0,
            187.9,
            185.1,
            181.3,
            184.6,
            184.9,
            184.4,
            180.1,
            176.0,
            171.3,
            175.2,
            170.5,
            172.5,
            169.8,
            168.5,
            169.7,
            168.7,
            179.0,
            167.5,
            163.8,
            165.0,
            164.0,
        ),
        strict=True,
    )
)
_DEATHS = dict(
    zip(
        range(2000, 2026),
        (
            140.5,
            140.4,
            142.4,
            141.9,
            136.6,
            136.4,
            135.4,
            133.0,
            135.1,
            134.2,
            136.1,
            135.7,
            140.8,
            141.2,
            139.2,
            147.1,
            149.0,
            150.2,
            153.4,
            151.9,
            168.7,
            170.8,
            169.9,
            169.4,
            171.5,
            173.0,
        ),
        strict=True,
    )
)
_IMMIGRATION = dict(
    zip(
        range(2000, 2026),
        (
            133,
            133,
            121,
            105,
            94,
            92,
            101,
            117,
            143,
            146,
            155,
            163,
            158,
            165,
            183,
            205,
            231,
            235,
            243,
            269,
            221,
            253,
            403,
            334,
            317,
            310,
        ),
        strict=True,
    )
)
_EMIGRATION = dict(
    zip(
        range(2000, 2026),
        (
            79,
            83,
            97,
            105,
            112,
            120,
            132,
            123,
            118,
            112,
            121,
            133,
            144,
            146,
            148,
            150,
            152,
            154,
            157,
            161,
            152,
            145,
            179,
            198,
            205,
            210,
        ),
        strict=True,
    )
)
_DOMESTIC_MOVES = dict(
    zip(
        range(2000, 2026),
        (
            610,
            615,
            600,
            595,
            590,
            600,
            620,
            625,
            630,
            620,
            615,
            610,
            610,
            614,
            654,
            698,
            767,
            797,
            758,
            758,
            793,
            803,
            787,
            818,
            820,
            815,
        ),
        strict=True,
    )
)
_NL_POPULATION_2000 = 15_864.0


def _series(table: Mapping[int, float], year: int) -> float:
    return table[min(max(year, min(table)), max(table))] * 1000.0


def _smooth_steps(points: list[tuple[int, float]]) -> np.ndarray:
    """A profile over ages 0..100 through (age, value) points, linear in between."""
    ages, values = zip(*points, strict=True)
    return np.interp(_AGE, ages, values)


# Relative age profiles (per single age, by age on 31 December).
_DOMESTIC_OUT = (
    _smooth_steps(
        [
            (0, 5.5),
            (4, 4.5),
            (6, 2.6),
            (15, 2.4),
            (17, 3.5),
            (19, 10.5),
            (23, 12.0),
            (27, 11.0),
            (31, 7.5),
            (36, 5.0),
            (42, 3.0),
            (55, 2.0),
            (65, 1.6),
            (78, 1.6),
            (85, 3.2),
            (100, 3.0),
        ]
    )
    / 100
)
_WITHIN_MOVES = _DOMESTIC_OUT * 1.3
_IMMIGRANT_AGES = _smooth_steps(
    [
        (0, 0.8),
        (12, 0.6),
        (17, 0.9),
        (20, 2.4),
        (26, 3.0),
        (34, 2.2),
        (44, 1.1),
        (60, 0.45),
        (70, 0.2),
        (100, 0.05),
    ]
)
_EMIGRANT_AGES = _smooth_steps(
    [
        (0, 0.6),
        (12, 0.4),
        (18, 0.9),
        (22, 1.6),
        (28, 2.6),
        (35, 1.8),
        (48, 1.0),
        (65, 0.55),
        (80, 0.4),
        (100, 0.4),
    ]
)
_FERTILITY = np.where((_AGE >= 15) & (_AGE <= 49), np.exp(-0.5 * ((_AGE - 31.0) / 5.2) ** 2), 0)

# Attraction of each kind of municipality for movers, by age.
_ATTRACTION = {
    "university": _smooth_steps(
        [
            (0, 0.6),
            (15, 0.7),
            (18, 2.6),
            (22, 3.0),
            (26, 1.6),
            (32, 0.85),
            (45, 0.75),
            (65, 0.85),
            (100, 0.9),
        ]
    ),
    "city": _smooth_steps(
        [
            (0, 0.8),
            (15, 0.8),
            (19, 1.15),
            (24, 1.35),
            (32, 1.1),
            (40, 0.9),
            (60, 0.8),
            (80, 0.9),
            (100, 0.9),
        ]
    ),
    "suburb": _smooth_steps(
        [
            (0, 1.3),
            (12, 1.2),
            (17, 0.8),
            (20, 0.55),
            (26, 0.95),
            (32, 1.35),
            (42, 1.15),
            (55, 1.0),
            (80, 1.0),
            (100, 1.0),
        ]
    ),
    "rural": _smooth_steps(
        [
            (0, 1.1),
            (12, 1.05),
            (17, 0.7),
            (20, 0.42),
            (25, 0.7),
            (32, 1.1),
            (45, 1.05),
            (60, 1.1),
            (80, 0.95),
            (100, 0.9),
        ]
    ),
}
_MOBILITY = {"university": 1.15, "city": 1.0, "suburb": 1.0, "rural": 0.75}
_INTERNATIONAL = {"university": 2.0, "city": 1.2, "suburb": 0.7, "rural": 0.45}
_FERTILITY_BY_KIND = {"university": 0.85, "city": 0.97, "suburb": 1.05, "rural": 1.13}
# The start population's shape by kind of municipality (multipliers by age).
_START_SHAPE = {
    "university": _smooth_steps(
        [
            (0, 0.85),
            (14, 0.85),
            (17, 1.0),
            (20, 1.9),
            (25, 1.7),
            (30, 1.15),
            (36, 0.95),
            (100, 0.95),
        ]
    ),
    "city": _smooth_steps([(0, 0.95), (16, 0.95), (22, 1.1), (32, 1.1), (40, 1.0), (100, 1.0)]),
    "suburb": _smooth_steps(
        [(0, 1.12), (15, 1.12), (19, 0.9), (26, 0.8), (33, 1.0), (40, 1.12), (55, 1.05), (100, 1.0)]
    ),
    "rural": _smooth_steps(
        [
            (0, 1.12),
            (15, 1.12),
            (19, 0.92),
            (24, 0.82),
            (30, 0.9),
            (40, 1.05),
            (55, 1.08),
            (100, 1.05),
        ]
    ),
}


def _hazard(sex: int, year: int) -> np.ndarray:
    """Gompertz-Makeham mortality by age, improving over time, with a bump in 2020-2022."""
    level = (1.0e-5 if sex == MEN else 6.6e-6) * np.exp(-0.012 * (year - 2000))
    mu = 2e-4 + level * np.exp(0.11 * _AGE)
    mu[0] += 0.004
    if sex == MEN:
        mu += 4e-4 * np.exp(-0.5 * ((_AGE - 22) / 5) ** 2)
    return mu


def _cohort_births(year: int) -> float:
    """Live births of a calendar year (thousands), for the start population's cohorts."""
    if year >= 2000:
        return _series(_BIRTHS, year) / 1000
    if year < 1915:
        return 165
    for last, value in (
        (1919, 160),
        (1929, 180),
        (1939, 177),
        (1944, 190),
        (1945, 210),
        (1946, 284),
        (1947, 268),
        (1957, 225),
        (1960, 235),
        (1970, 242),
        (1971, 227),
        (1972, 214),
        (1973, 195),
        (1984, 178),
        (1990, 188),
    ):
        if year <= last:
            return value
    return 196


def _start_profile(year: int) -> np.ndarray:
    """National population by sex and age on 1 January of ``year`` (shares, sum 1)."""
    profile = np.zeros((2, AGES))
    for sex in (MEN, WOMEN):
        # Older cohorts lived through higher mortality than the period rates of ``year`` say.
        cumulative = np.concatenate([[0.0], np.cumsum(_hazard(sex, year))[:-1]])
        cumulative *= 1 + 1.4 * np.clip(_AGE - 45, 0, 35) / 55
        survival = np.exp(-cumulative)
        births = np.array([_cohort_births(year - 1 - a) for a in range(AGES)])
        births[-1] *= 1.6  # the open group 100+ holds several cohorts
        share = 0.513 if sex == MEN else 0.487
        migration = 1 + 0.12 * np.exp(-0.5 * ((_AGE - 32) / 10) ** 2)
        profile[sex] = births * share * survival * migration
    return profile / profile.sum()


@dataclass
class Simulation:
    """Model output for every municipality of the world (axis 1, in ``World.codes`` order).

    ``population[t]`` is 1 January of ``first_year + t``; flows ``[t]`` belong to that year.
    """

    first_year: int
    population: np.ndarray  # (years + 1, L, 2, AGES)
    births: np.ndarray  # (years, L, 2) by sex of the child
    deaths: np.ndarray  # (years, L, 2, AGES), age on 31 December
    immigration: np.ndarray
    emigration: np.ndarray  # including administrative corrections
    moved_in: np.ndarray  # from other municipalities
    moved_out: np.ndarray  # to other municipalities
    moved_within: np.ndarray  # within the municipality
    corrections: np.ndarray  # (years, L, 2) net administrative corrections (part of emigration)
    extra: dict = field(default_factory=dict)

    @property
    def n_years(self) -> int:
        return self.births.shape[0]

    def year_index(self, year: int) -> int:
        return year - self.first_year


def simulate(world: World, seed: int, first_year: int, last_year: int) -> Simulation:
    """Run the model from 1 January ``first_year`` to 1 January ``last_year``."""
    rng = np.random.default_rng([seed, 2])
    munis = world.municipalities
    n = len(munis)
    kinds = [m.kind for m in munis]
    years = last_year - first_year

    # Start population: the national shape, reshaped per municipality, scaled to its target.
    national = _start_profile(first_year)
    targets = np.array([target_population(m, first_year) for m in munis]) * 1000
    weights = np.empty((n, 2, AGES))
    for i, m in enumerate(munis):
        shape = _START_SHAPE[m.kind].copy()
        shape[65:] *= m.ageing
        shape[17:36] *= m.youth_pull**0.5
        weights[i] = national * shape
    start = largest_remainder(weights.reshape(n, -1), np.round(targets).astype(np.int64))
    population = np.zeros((years + 1, n, 2, AGES), dtype=np.int64)
    population[0] = start.reshape(n, 2, AGES)

    flows = {
        k: np.zeros((years, n, 2, AGES), dtype=np.int64)
        for k in ("deaths", "immigration", "emigration", "moved_in", "moved_out", "moved_within")
    }
    births_by_sex = np.zeros((years, n, 2), dtype=np.int64)
    corrections = np.zeros((years, n, 2), dtype=np.int64)

    attraction = np.stack([_ATTRACTION[k] for k in kinds])  # (n, AGES)
    young = np.exp(-0.5 * ((_AGE - 23) / 4.5) ** 2)[None, :]
    youth_pull = np.array([m.youth_pull for m in munis])[:, None]
    youth_trend = np.array([m.youth_trend for m in munis])[:, None]
    mobility = np.array([_MOBILITY[k] for k in kinds])
    international = np.array(
        [_INTERNATIONAL[m.kind] if m.international is None else m.international for m in munis]
    )
    fertility_level = np.array([_FERTILITY_BY_KIND[k] for k in kinds])
    fertility_level *= np.exp(rng.normal(0, 0.04, n))
    path = np.array(
        [[target_population(m, first_year + t) for t in range(years + 1)] for m in munis]
    )  # (n, years + 1)
    path_share = path / path.sum(axis=0)
    steer = np.ones(n)

    for t in range(years):
        year = first_year + t
        p = population[t]
        # Cohorts as they stand at year end: age a on 1 January is a + 1 on 31 December.
        cohort = np.zeros_like(p)
        cohort[:, :, 1:] = p[:, :, :-1]
        cohort[:, :, -1] += p[:, :, -1]

        # Births: national total, shared by women of fertile age and local fertility.
        expected = (p[:, WOMEN] * _FERTILITY).sum(axis=1) * fertility_level
        total_births = int(round(_series(_BIRTHS, year) * rng.normal(1, 0.004)))
        born = rng.multinomial(total_births, expected / expected.sum())
        boys = rng.binomial(born, 0.513)
        births_by_sex[t, :, MEN], births_by_sex[t, :, WOMEN] = boys, born - boys
        cohort[:, :, 0] = births_by_sex[t]

        # Deaths: hazard shape scaled to the national total of the year.
        hazard = np.stack([_hazard(MEN, year), _hazard(WOMEN, year)])
        hazard[:, 0] *= 0.5  # newborns are exposed half a year on average
        if year in (2020, 2021, 2022):
            hazard[:, 60:] *= 1.08
        expected = (cohort * hazard).sum()
        q = np.clip(hazard * (_series(_DEATHS, year) / expected), 0, 0.6)
        deaths = rng.binomial(cohort, np.broadcast_to(q, cohort.shape))
        alive = cohort - deaths

        # Emigration (administrative removals included).
        rate = international[:, None, None] * _EMIGRANT_AGES[None, None, :]
        rate = rate * (_series(_EMIGRATION, year) / (alive * rate).sum())
        emigration = rng.binomial(alive, np.clip(rate, 0, 0.5))
        alive -= emigration
        removed = emigration.sum(axis=2)
        corrections[t] = rng.binomial(removed, 0.03) - rng.binomial(removed, 0.22)

        # Moves to other municipalities and within the municipality.
        rate = mobility[:, None, None] * _DOMESTIC_OUT[None, None, :]
        level = _series(_DOMESTIC_MOVES, year) / (alive * rate).sum()
        moved_out = rng.binomial(alive, np.clip(rate * level, 0, 0.6))
        flows["moved_within"][t] = rng.binomial(
            alive - moved_out, np.clip(_WITHIN_MOVES * level, 0, 0.6)
        )
        alive -= moved_out

        # Immigration: national total, shared by size, kind and age.
        weights = (
            (alive.sum(axis=(1, 2)) * international)[:, None, None]
            * _IMMIGRANT_AGES[None, None, :]
            * np.array([0.52, 0.48])[None, :, None]
        )
        total_imm = int(round(_series(_IMMIGRATION, year) * rng.normal(1, 0.01)))
        immigration = rng.multinomial(total_imm, (weights / weights.sum()).ravel())
        immigration = immigration.reshape(alive.shape)
        alive += immigration

        # Moves from other municipalities: the national pool of movers is shared out so that
        # each municipality follows its target share of the country (a damped controller).
        pool = moved_out.sum(axis=0)  # (2, AGES)
        national_next = alive.sum() + pool.sum()
        need = np.maximum(path_share[:, t + 1] * national_next - alive.sum(axis=(1, 2)), 0)
        size = alive.sum(axis=(1, 2)).astype(float)
        pull = 1 + (youth_pull * np.exp(youth_trend * (year - 2012)) - 1) * young
        for _ in range(4):
            w = attraction * pull * (size * steer)[:, None]  # (n, AGES)
            share = w / w.sum(axis=0, keepdims=True)
            expected_in = (share[:, None, :] * pool[None, :, :]).sum(axis=(1, 2))
            steer = np.clip(steer * (need / np.maximum(expected_in, 1)) ** 0.8, 0.25, 4.0)
        w = attraction * (size * steer * np.exp(rng.normal(0, 0.02, n)))[:, None]
        w = w * pull
        share = (w / w.sum(axis=0, keepdims=True)).T  # (AGES, n)
        pvals = np.broadcast_to(share[None], (2, AGES, n))
        moved_in = rng.multinomial(pool, pvals).transpose(2, 0, 1)  # (n, 2, AGES)
        alive += moved_in

        population[t + 1] = alive
        flows["deaths"][t], flows["emigration"][t] = deaths, emigration
        flows["moved_out"][t], flows["immigration"][t] = moved_out, immigration
        flows["moved_in"][t] = moved_in

    return Simulation(
        first_year,
        population,
        births_by_sex,
        corrections=corrections,
        deaths=flows["deaths"],
        immigration=flows["immigration"],
        emigration=flows["emigration"],
        moved_in=flows["moved_in"],
        moved_out=flows["moved_out"],
        moved_within=flows["moved_within"],
    )


def mean_population(sim: Simulation, t: int) -> np.ndarray:
    """CBS's mean population of year t by age: the mean of 1 January t and t + 1, in integers.

    Per municipality and sex, the halves are rounded with largest remainder so the ages add up
    to the rounded mean total.
    """
    # 31 December of a year whose next 1 January merged municipalities: before the merger
    end = sim.extra.get("dec31_before_merger", {}).get(t + 1, sim.population[t + 1])
    halves = (sim.population[t] + end) / 2.0
    totals = np.floor(halves.sum(axis=-1) + 0.5).astype(np.int64)
    return largest_remainder(halves, totals)


def calibrate(values: np.ndarray, unit_of: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Rescale model counts so each calibration unit hits its target total exactly.

    ``values``: (L, ...cells) model counts of the municipalities for one year and sex;
    ``unit_of``: (L,) unit index of each municipality; ``targets``: (units,) totals.
    Each unit's cells are set to the largest-remainder split of its target in proportion to
    the model's counts, so the model keeps its age pattern and the totals become CBS's.
    """
    out = np.zeros_like(values)
    for unit, target in enumerate(targets):
        members = np.flatnonzero(unit_of == unit)
        block = values[members].astype(float)
        flat = largest_remainder(block.reshape(1, -1), np.array([int(target)]))
        out[members] = flat.reshape(block.shape)
    return out


def merge_ceased(sim: Simulation, world: World) -> Simulation:
    """From 1 January after its last year, a municipality that ceased (``until``) is part of
    the one it merged into: its people and every flow of later years move there, so every
    aggregate stays the same and the successor grows by a step, as in CBS's tables."""
    codes = world.codes
    arrays = {
        name: getattr(sim, name).copy()
        for name in (
            "population",
            "births",
            "deaths",
            "immigration",
            "emigration",
            "moved_in",
            "moved_out",
            "moved_within",
            "corrections",
        )
    }
    before: dict[int, np.ndarray] = {}
    for m in world.municipalities:
        if m.until is None or m.merged_into is None:
            continue
        gone, into = codes.index(m.code), codes.index(m.merged_into)
        first = m.until + 1 - sim.first_year  # index of the first year without it
        if first < arrays["population"].shape[0]:
            before.setdefault(first, arrays["population"][first].copy())
        for array in arrays.values():
            if first < array.shape[0]:
                array[first:, into] += array[first:, gone]
                array[first:, gone] = 0
    return replace(sim, **arrays, extra={**sim.extra, "dec31_before_merger": before})
