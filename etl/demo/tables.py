"""One builder per CBS table: metadata as CBS publishes it, figures from the population model.

Every count is computed per municipality and summed into COROP areas, provinces and the
country with one membership matrix, so each aggregate is exactly the sum of its members.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._io import Column
from .cbsformat import (
    Dim,
    Topic,
    cube,
    members,
    month_and_year_periods,
    table_info,
    write_table,
    year_periods,
)
from .population import AGES, Simulation, mean_population
from .regions import COROPS, PROVINCES, Aggregate, World, exists, pad

SEX = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
# Age classes of the moves and migration tables: total, 0-5 ... 90-95, 95+.
AGE_CLASSES = (
    [("10000", "Totaal")]
    + [(f"{70100 + 100 * k}", f"{5 * k} tot {5 * k + 5} jaar") for k in range(19)]
    + [("22300", "95 jaar of ouder")]
)
# single age -> age class (0-5 ... 90-95, 95+), as a 0/1 matrix (AGES x 20)
_CLASS_OF_AGE = np.eye(20, dtype=np.int64)[np.minimum(np.arange(AGES) // 5, 19)]
_MONTH_WEIGHTS = np.array([80, 78, 82, 80, 83, 85, 90, 95, 95, 85, 78, 69], dtype=float)


@dataclass
class Context:
    world: World
    regions: list[Aggregate]
    matrix: np.ndarray  # regions x municipalities
    sim: Simulation
    first_year: int
    last_year: int
    seed: int

    def sum_regions(self, leaf: np.ndarray, axis: int) -> np.ndarray:
        """Sum municipal values (municipalities on ``axis``) into the regions (axis 0)."""
        return np.tensordot(self.matrix, leaf, axes=([1], [axis]))

    def available(self, years: list[int]) -> np.ndarray:
        """(regions, years): False where a municipality did not exist (yet, or any more)."""
        return np.array(
            [
                [
                    not r.code.startswith("GM") or exists(self.world.municipality(r.code), y)
                    for y in years
                ]
                for r in self.regions
            ],
            dtype=bool,
        ).reshape(len(self.regions), len(years))

    def in_division(self, year: int) -> np.ndarray:
        """(regions,): False for a municipality that had ceased by 1 January ``year``."""

        def current(code: str) -> bool:
            until = self.world.municipality(code).until if code.startswith("GM") else None
            return until is None or year <= until

        return np.array([current(r.code) for r in self.regions], dtype=bool)

    def region_dim(self, key: str = "RegioS", title: str = "Regio's") -> Dim:
        return Dim(
            key,
            title,
            members([(pad(r.code), r.title) for r in self.regions]),
            "GeoDimension",
            {"MapYear": str(self.last_year), "ReleasePolicy": True},
        )

    def modified(self, month_day: str) -> str:
        return f"{self.last_year}-{month_day}T02:00:00"


def _with_total_sex(a: np.ndarray, axis: int) -> np.ndarray:
    """Prepend the total of men and women (axis of length 2) -> T001038, 3000, 4000."""
    return np.concatenate([a.sum(axis=axis, keepdims=True), a], axis=axis)


def _time_dim(periods: list[dict]) -> Dim:
    return Dim("Perioden", "Perioden", periods, "TimeDimension", {"ReleasePolicy": True})


def _int_column(name: str, values: np.ndarray, mask: np.ndarray | None = None) -> Column:
    if mask is None:
        return Column(name, "int", np.asarray(values, dtype=np.int64))
    return Column(name, "int", np.ma.masked_array(np.asarray(values, dtype=np.int64), mask))


def _select(index, ids, keep):
    return [i[keep] for i in index], ids[keep]


# --- 03759ned ------------------------------------------------------------------------------


def population_by_age(ctx: Context, dest: Path, *, both_sexes_only: bool = False) -> Path:
    """``both_sexes_only``: rows of 'Totaal mannen en vrouwen' only, as the peer finder's
    narrow extract asks CBS for (etl/peer_stage.py)."""
    years = list(range(ctx.first_year, ctx.last_year + 1))
    ages = (
        [("10000", "Totaal"), ("10010", "0 jaar")]
        + [(f"{10000 + 100 * a}", f"{a} jaar") for a in range(1, 100)]
        + [("22000", "100 jaar of ouder")]
    )
    five = [(f"{70100 + 100 * k}", f"{5 * k} tot {5 * k + 5} jaar") for k in range(19)]
    age_members = members(ages[:1]) + members(ages[1:], group=1) + members(five, group=2)
    dims = [
        Dim("Geslacht", "Geslacht", members(SEX)),
        Dim("Leeftijd", "Leeftijd", age_members),
        Dim(
            "BurgerlijkeStaat",
            "Burgerlijke staat",
            members(
                [
                    ("T001019", "Totaal burgerlijke staat"),
                    ("1010", "Ongehuwd"),
                    ("1020", "Gehuwd"),
                    ("1050", "Verweduwd"),
                    ("1080", "Gescheiden"),
                ]
            ),
        ),
        ctx.region_dim(),
        _time_dim(year_periods(years)),
    ]
    topics = [
        Topic("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal"),
        Topic("GemiddeldeBevolking_2", "Gemiddelde bevolking", "aantal"),
    ]
    sim = ctx.sim
    t = [y - sim.first_year for y in years]
    start = ctx.sum_regions(sim.population[t], axis=1)  # (R, P, 2, A)
    means = np.stack(
        [
            mean_population(sim, k)
            if k + 1 < sim.population.shape[0]
            else np.zeros_like(sim.population[0])
            for k in t
        ]
    )
    mean = ctx.sum_regions(means, axis=1)

    def shaped(a: np.ndarray) -> np.ndarray:  # (R, P, 2, A) -> (3, 1 + A, 1, R, P)
        a = _with_total_sex(a, axis=2)
        a = np.concatenate([a.sum(axis=3, keepdims=True), a], axis=3)
        return a.transpose(2, 3, 0, 1)[:, :, None]

    index, ids = cube(
        dims, [range(3), range(1 + AGES), [0], range(len(ctx.regions)), range(len(years))]
    )
    keep = np.broadcast_to(
        ctx.available(years)[None, None, None], (3, 1 + AGES, 1, len(ctx.regions), len(years))
    ).ravel()
    no_mean = np.broadcast_to(
        np.array(years) == ctx.last_year, (3, 1 + AGES, 1, len(ctx.regions), len(years))
    ).ravel()
    if both_sexes_only:
        keep = keep & (np.arange(keep.size) < keep.size // 3)  # sex is the outermost axis
    index, ids = _select(index, ids, keep)
    values = {
        "BevolkingOp1Januari_1": _int_column("BevolkingOp1Januari_1", shaped(start).ravel()[keep]),
        "GemiddeldeBevolking_2": _int_column(
            "GemiddeldeBevolking_2", shaped(mean).ravel()[keep], no_mean[keep]
        ),
    }
    info = table_info(
        "03759ned",
        "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        "Bevolking; geslacht, leeftijd, regio",
        "Bevolking op 1 januari en gemiddelde bevolking naar leeftijd en regio",
        ctx.modified("06-30"),
        f"{years[0]}-{years[-1]}",
    )
    groups = [
        {
            "ID": 1,
            "DimensionKey": "Leeftijd",
            "Title": "Leeftijd per jaar",
            "Description": None,
            "ParentID": None,
        },
        {
            "ID": 2,
            "DimensionKey": "Leeftijd",
            "Title": "Leeftijd in vijfjaarsklassen",
            "Description": None,
            "ParentID": None,
        },
    ]
    return write_table(dest, info, dims, topics, index, ids, values, groups)


# --- 37259ned ------------------------------------------------------------------------------

DYNAMICS_TOPICS = [
    Topic("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal"),
    Topic("Bevolkingsdichtheid_2", "Bevolkingsdichtheid", "aantal inwoners per km²"),
    Topic("LevendGeborenKinderen_3", "Levend geboren kinderen", "aantal"),
    Topic(
        "LevendGeborenKinderenRelatief_4",
        "Levend geboren kinderen, relatief",
        "per 1 000 inwoners",
        "Double",
        1,
    ),
    Topic("Overledenen_5", "Overledenen", "aantal"),
    Topic("OverledenenRelatief_6", "Overledenen, relatief", "per 1 000 inwoners", "Double", 1),
    Topic("Geboorteoverschot_7", "Geboorteoverschot", "aantal"),
    Topic("TotaalVestiging_8", "Totaal vestiging", "aantal"),
    Topic(
        "TotaalVestigingRelatief_9", "Totaal vestiging, relatief", "per 1 000 inwoners", "Double", 1
    ),
    Topic("Immigratie_10", "Immigratie", "aantal"),
    Topic("UitAndereGemeente_11", "Uit andere gemeente", "aantal"),
    Topic("TotaalVertrekInclusiefCorrecties_12", "Totaal vertrek inclusief correcties", "aantal"),
    Topic(
        "TotaalVertrekInclusiefCoRelatief_13",
        "Totaal vertrek inclusief correcties, relatief",
        "per 1 000 inwoners",
        "Double",
        1,
    ),
    Topic(
        "EmigratieInclusiefAdministratieveC_14",
        "Emigratie inclusief administratieve correcties",
        "aantal",
    ),
    Topic("SaldoAdministratieveCorrecties_15", "Saldo administratieve correcties", "aantal"),
    Topic("NaarAndereGemeente_16", "Naar andere gemeente", "aantal"),
    Topic(
        "VestigingsoverschotInclusiefCorrecties_17",
        "Vestigingsoverschot inclusief correcties",
        "aantal",
    ),
    Topic("TotaleGroei_18", "Totale groei", "aantal"),
    Topic("TotaleGroeiRelatief_19", "Totale groei, relatief", "%", "Double", 1),
    Topic("BevolkingOp31December_20", "Bevolking op 31 december", "aantal"),
]


def dynamics_counts(ctx: Context, years: list[int]) -> dict[str, np.ndarray]:
    """The count topics of 37259ned, (R, P, 3 sexes), with CBS's identities.

    Emigration includes the administrative corrections, whose balance is shown separately
    (topic 15) and is not added again: 31 December = 1 January + births - deaths +
    immigration + from other municipalities - emigration - to other municipalities.
    """
    sim = ctx.sim
    t = [y - sim.first_year for y in years]

    def regional(leaf: np.ndarray) -> np.ndarray:  # (P, L, 2[, A]) -> (R, P, 3)
        if leaf.ndim == 4:
            leaf = leaf.sum(axis=3)
        return _with_total_sex(ctx.sum_regions(leaf, axis=1), axis=2)

    c = {
        "BevolkingOp1Januari_1": regional(sim.population[t]),
        "LevendGeborenKinderen_3": regional(sim.births[t]),
        "Overledenen_5": regional(sim.deaths[t]),
        "Immigratie_10": regional(sim.immigration[t]),
        "UitAndereGemeente_11": regional(sim.moved_in[t]),
        "EmigratieInclusiefAdministratieveC_14": regional(sim.emigration[t]),
        "SaldoAdministratieveCorrecties_15": regional(sim.corrections[t]),
        "NaarAndereGemeente_16": regional(sim.moved_out[t]),
    }
    c["Geboorteoverschot_7"] = c["LevendGeborenKinderen_3"] - c["Overledenen_5"]
    c["TotaalVestiging_8"] = c["Immigratie_10"] + c["UitAndereGemeente_11"]
    c["TotaalVertrekInclusiefCorrecties_12"] = (
        c["EmigratieInclusiefAdministratieveC_14"] + c["NaarAndereGemeente_16"]
    )
    c["VestigingsoverschotInclusiefCorrecties_17"] = (
        c["TotaalVestiging_8"] - c["TotaalVertrekInclusiefCorrecties_12"]
    )
    c["TotaleGroei_18"] = c["Geboorteoverschot_7"] + c["VestigingsoverschotInclusiefCorrecties_17"]
    c["BevolkingOp31December_20"] = c["BevolkingOp1Januari_1"] + c["TotaleGroei_18"]
    return c


def per_thousand(count: int, start: int, end: int) -> float:
    """CBS's relative figures: per 1,000 of the mean population (1 January + 31 December) / 2."""
    return round(count / ((start + end) / 2) * 1000, 1)


def dynamics(ctx: Context, dest: Path) -> Path:
    years = list(range(ctx.first_year, ctx.last_year))
    dims = [
        Dim("Geslacht", "Geslacht", members(SEX)),
        ctx.region_dim(),
        _time_dim(year_periods(years)),
    ]
    c = dynamics_counts(ctx, years)
    area = ctx.matrix @ np.array([m.area_km2 for m in ctx.world.municipalities])
    shape = c["BevolkingOp1Januari_1"].shape  # (R, P, 3)
    start, end = c["BevolkingOp1Januari_1"], c["BevolkingOp31December_20"]
    floats = {
        k: np.full(shape, np.nan)
        for k in (
            "LevendGeborenKinderenRelatief_4",
            "OverledenenRelatief_6",
            "TotaalVestigingRelatief_9",
            "TotaalVertrekInclusiefCoRelatief_13",
            "TotaleGroeiRelatief_19",
        )
    }
    density = np.zeros(shape, dtype=np.int64)
    for r in range(shape[0]):
        for p in range(shape[1]):
            s0, s1 = int(start[r, p, 0]), int(end[r, p, 0])
            if s0 == 0:  # a municipality after its merger: no row is written
                continue
            density[r, p, 0] = int(np.floor(s0 / area[r] + 0.5))
            for key, count in (
                ("LevendGeborenKinderenRelatief_4", "LevendGeborenKinderen_3"),
                ("OverledenenRelatief_6", "Overledenen_5"),
                ("TotaalVestigingRelatief_9", "TotaalVestiging_8"),
                ("TotaalVertrekInclusiefCoRelatief_13", "TotaalVertrekInclusiefCorrecties_12"),
            ):
                floats[key][r, p, 0] = per_thousand(int(c[count][r, p, 0]), s0, s1)
            # Growth is relative to 1 January (CBS's published figures agree with that).
            floats["TotaleGroeiRelatief_19"][r, p, 0] = round(
                int(c["TotaleGroei_18"][r, p, 0]) / s0 * 1000, 1
            )
    index, ids = cube(dims, [range(3), range(len(ctx.regions)), range(len(years))])
    keep = np.broadcast_to(ctx.available(years)[None], (3, len(ctx.regions), len(years))).ravel()
    index, ids = _select(index, ids, keep)
    values: dict[str, Column] = {}
    for topic in DYNAMICS_TOPICS:
        if topic.key in floats:
            a = floats[topic.key].transpose(2, 0, 1).ravel()[keep]
            values[topic.key] = Column(topic.key, "float", a)
        elif topic.key == "Bevolkingsdichtheid_2":
            a = density.transpose(2, 0, 1).ravel()[keep]
            sexes = np.broadcast_to(np.arange(3)[:, None, None], density.transpose(2, 0, 1).shape)
            values[topic.key] = _int_column(topic.key, a, sexes.ravel()[keep] != 0)
        else:
            a = c[topic.key].transpose(2, 0, 1).ravel()[keep]
            values[topic.key] = _int_column(topic.key, a)
    info = table_info(
        "37259ned",
        "Bevolkingsontwikkeling; levend geborenen, overledenen en migratie per regio",
        "Bevolkingsontwikkeling; regio",
        "Levend geborenen, overledenen, vestiging en vertrek per regio",
        ctx.modified("06-27"),
        f"{years[0]}-{years[-1]}",
    )
    return write_table(dest, info, dims, DYNAMICS_TOPICS, index, ids, values)


# --- 84547NED and 85451NED -----------------------------------------------------------------


def _by_class(leaf: np.ndarray) -> np.ndarray:
    """(..., AGES) single ages on 31 December -> (..., 21): total and the age classes."""
    classes = leaf @ _CLASS_OF_AGE
    return np.concatenate([leaf.sum(axis=-1, keepdims=True), classes], axis=-1)


def domestic_moves(ctx: Context, dest: Path) -> Path:
    years = list(range(max(2014, ctx.first_year), ctx.last_year))
    periods = month_and_year_periods(years)
    dims = [
        Dim("Geslacht", "Geslacht", members(SEX)),
        Dim("Leeftijd31December", "Leeftijd op 31 december", members(AGE_CLASSES)),
        ctx.region_dim(),
        _time_dim(periods),
    ]
    topics = [
        Topic(
            "BinnenGemeentenVerhuisdePersonen_1", "Binnen gemeenten verhuisde personen", "aantal"
        ),
        Topic(
            "GevestigdInDeGemeente_2",
            "Gevestigd in de gemeente",
            "aantal",
            description="Uit een andere Nederlandse gemeente.",
        ),
        Topic(
            "VertrokkenUitDeGemeente_3",
            "Vertrokken uit de gemeente",
            "aantal",
            description="Naar een andere Nederlandse gemeente.",
        ),
    ]
    sim = ctx.sim
    t = [y - sim.first_year for y in years]
    rng = np.random.default_rng([ctx.seed, 4])
    n_regions, n_periods = len(ctx.regions), len(periods)
    arrays = {}
    for topic, leaf in zip(topics, (sim.moved_within, sim.moved_in, sim.moved_out), strict=True):
        yearly = _with_total_sex(ctx.sum_regions(_by_class(leaf[t]), axis=1), axis=2)
        months = rng.multinomial(leaf[t].sum(axis=3), _MONTH_WEIGHTS / _MONTH_WEIGHTS.sum())
        monthly = _with_total_sex(ctx.sum_regions(months, axis=1), axis=2)  # (R, Y, 3, 12)
        full = np.zeros((3, len(AGE_CLASSES), n_regions, len(years), 13), dtype=np.int64)
        full[..., 0] = yearly.transpose(2, 3, 0, 1)
        full[:, 0, :, :, 1:] = monthly.transpose(2, 0, 1, 3)
        arrays[topic.key] = full.reshape(3, len(AGE_CLASSES), n_regions, n_periods)
    index, ids = cube(dims, [range(3), range(len(AGE_CLASSES)), range(n_regions), range(n_periods)])
    is_year = np.array([p["Key"].endswith("JJ00") for p in periods])
    keep = np.broadcast_to(
        is_year[None, None, None] | (np.arange(len(AGE_CLASSES)) == 0)[None, :, None, None],
        (3, len(AGE_CLASSES), n_regions, n_periods),
    )
    existing = ctx.available([int(p["Key"][:4]) for p in periods])  # (R, periods)
    keep = (keep & existing[None, None]).ravel()
    index, ids = _select(index, ids, keep)
    values = {k: _int_column(k, a.ravel()[keep]) for k, a in arrays.items()}
    info = table_info(
        "84547NED",
        "Verhuisde personen; geslacht, leeftijd en regio per maand",
        "Verhuisde personen; regio",
        "Verhuizingen binnen en tussen gemeenten",
        ctx.modified("06-16"),
        f"{years[0]}-{years[-1]}",
        frequency="Permaand",
    )
    return write_table(dest, info, dims, topics, index, ids, values)


def international_migration(ctx: Context, dest: Path) -> Path:
    years = list(range(max(2012, ctx.first_year), ctx.last_year))
    nationalities = [
        ("T001059", "Totaal"),
        ("1012600", "Nederlandse nationaliteit"),
        ("1012700", "Niet-Nederlandse nationaliteit"),
    ]
    dims = [
        Dim("Geslacht", "Geslacht", members(SEX)),
        Dim("Leeftijd", "Leeftijd", members(AGE_CLASSES)),
        Dim("Nationaliteit", "Nationaliteit", members(nationalities)),
        ctx.region_dim(),
        _time_dim(year_periods(years)),
    ]
    topics = [
        Topic("Immigratie_1", "Immigratie", "aantal"),
        Topic(
            "EmigratieInclusiefAdministratieveC_2",
            "Emigratie inclusief administratieve correcties",
            "aantal",
        ),
        Topic(
            "MigratiesaldoInclusiefAdministratie_3",
            "Migratiesaldo inclusief administratieve correcties",
            "aantal",
        ),
    ]
    sim = ctx.sim
    t = [y - sim.first_year for y in years]
    rng = np.random.default_rng([ctx.seed, 5])
    n_regions = len(ctx.regions)
    arrays = {}
    for topic, leaf, dutch in zip(
        topics[:2], (sim.immigration, sim.emigration), (0.2, 0.38), strict=True
    ):
        by_class = ctx.sum_regions(_by_class(leaf[t]), axis=1)  # (R, Y, 2, 21)
        nl = rng.binomial(leaf[t].sum(axis=3), dutch)  # (Y, L, 2) Dutch nationals
        nl = ctx.sum_regions(nl, axis=1)
        full = np.zeros((3, len(AGE_CLASSES), 3, n_regions, len(years)), dtype=np.int64)
        full[:, :, 0] = _with_total_sex(by_class, axis=2).transpose(2, 3, 0, 1)
        full[:, 0, 1] = _with_total_sex(nl, axis=2).transpose(2, 0, 1)
        full[:, 0, 2] = full[:, 0, 0] - full[:, 0, 1]
        arrays[topic.key] = full
    arrays[topics[2].key] = arrays[topics[0].key] - arrays[topics[1].key]
    index, ids = cube(
        dims, [range(3), range(len(AGE_CLASSES)), range(3), range(n_regions), range(len(years))]
    )
    keep = np.zeros((3, len(AGE_CLASSES), 3, n_regions, len(years)), dtype=bool)
    keep[:, :, 0] = True
    keep[:, 0, :] = True
    keep = (keep & ctx.available(years)[None, None, None]).ravel()
    index, ids = _select(index, ids, keep)
    values = {k: _int_column(k, a.ravel()[keep]) for k, a in arrays.items()}
    info = table_info(
        "85451NED",
        "Immi- en emigratie; geslacht, leeftijd, nationaliteit, regio",
        "Immi- en emigratie; regio",
        "Immigratie en emigratie naar leeftijd, nationaliteit en regio",
        ctx.modified("06-20"),
        f"{years[0]}-{years[-1]}",
    )
    return write_table(dest, info, dims, topics, index, ids, values)


# --- labour (86008NED and an older, discontinued edition) ----------------------------------

_BANDS = ((15, 25), (25, 45), (45, 75))
_EMPLOYMENT = np.array([0.60, 0.83, 0.545])  # net participation by band in 2015
_PERSONS = [
    ("T009002", "Totaal personen"),
    ("3000", "Mannen"),
    ("4000", "Vrouwen"),
    ("53105", "15 tot 25 jaar"),
    ("53500", "25 tot 45 jaar"),
    ("53700", "45 tot 75 jaar"),
]


def labour_counts(ctx: Context, years: list[int]) -> dict[str, np.ndarray]:
    """Population 15-75, employed and labour force in hundreds, (R, Y, 6 person groups)."""
    sim = ctx.sim
    rng = np.random.default_rng([ctx.seed, 6])
    offsets = np.array([m.labour_offset for m in ctx.world.municipalities]) / 100
    cells: dict[str, list[np.ndarray]] = {k: [] for k in ("population", "employed", "labour_force")}
    for y in years:
        mean = mean_population(sim, y - sim.first_year)  # (L, 2, A)
        pop = np.stack([mean[:, :, a:b].sum(axis=2) for a, b in _BANDS], axis=2)  # (L, 2, 3)
        pop = np.round(pop * 0.985 / 100).astype(np.int64)  # without institutions, hundreds
        rate = (
            _EMPLOYMENT[None, None, :]
            + 0.0045 * (y - 2015)
            + np.array([0.045, -0.045])[None, :, None]
            + offsets[:, None, None]
            + rng.normal(0, 0.006, pop.shape)
        )
        if y == 2020:
            rate -= 0.006
        employed = np.round(pop * np.clip(rate, 0.3, 0.95)).astype(np.int64)
        unemployed = np.round(employed * np.clip(0.05 - 0.002 * (y - 2015), 0.03, 0.06))
        cells["population"].append(pop)
        cells["employed"].append(employed)
        cells["labour_force"].append(employed + unemployed.astype(np.int64))
    out = {}
    for k, v in cells.items():
        a = ctx.sum_regions(np.stack(v), axis=1)  # (R, Y, 2, 3)
        out[k] = np.concatenate(
            [a.sum(axis=(2, 3))[..., None], a.sum(axis=3), a.sum(axis=2)], axis=2
        )  # (R, Y, 6)
    return out


def _percent(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    out = np.full(part.shape, np.nan)
    for i in np.ndindex(part.shape):
        if whole[i] > 0:
            out[i] = round(int(part[i]) / int(whole[i]) * 100, 1)
    return out


def labour(ctx: Context, dest: Path, *, old_edition: bool = False) -> Path:
    if old_edition:
        years = list(range(max(2015, ctx.first_year), 2022))
        identifier, edition, modified = "84952NED", 2021, "2023-03-15T02:00:00"
        keys = {
            "population": "BeroepsEnNietBeroepsbevolking_1",
            "labour_force": "Beroepsbevolking_2",
            "employed": "WerkzameBeroepsbevolking_3",
            "net": "NettoArbeidsparticipatie_4",
        }
        persons = _PERSONS[:3]
    else:
        years = list(range(max(2015, ctx.first_year), ctx.last_year))
        identifier, edition, modified = "86008NED", 2024, ctx.modified("04-15")
        keys = {
            "population": "BeroepsEnNietBeroepsbevolking_1",
            "employed": "WerkzameBeroepsbevolking_2",
            "net": "NettoArbeidsparticipatie_3",
            "gross": "BrutoArbeidsparticipatie_4",
        }
        persons = _PERSONS
    titles = {
        "population": ("Beroeps- en niet-beroepsbevolking", "x 1 000"),
        "labour_force": ("Beroepsbevolking", "x 1 000"),
        "employed": ("Werkzame beroepsbevolking", "x 1 000"),
        "net": ("Netto arbeidsparticipatie", "%"),
        "gross": ("Bruto arbeidsparticipatie", "%"),
    }
    dims = [
        Dim("Persoonskenmerken", "Persoonskenmerken", members(persons)),
        ctx.region_dim(),
        _time_dim(year_periods(years, provisional_last=not old_edition)),
    ]
    topics = [
        Topic(key, titles[name][0], titles[name][1], "Double", 1) for name, key in keys.items()
    ]
    counts = {k: v[:, :, : len(persons)] for k, v in labour_counts(ctx, years).items()}
    figures = {
        "population": counts["population"] / 10,
        "employed": counts["employed"] / 10,
        "labour_force": counts["labour_force"] / 10,
        "net": _percent(counts["employed"], counts["population"]),
        "gross": _percent(counts["labour_force"], counts["population"]),
    }
    index, ids = cube(dims, [range(len(persons)), range(len(ctx.regions)), range(len(years))])
    # "regio-indeling 2024": every year in that division, so no municipality that ceased
    keep = np.broadcast_to(
        ctx.in_division(edition)[None, :, None], (len(persons), len(ctx.regions), len(years))
    ).ravel()
    index, ids = _select(index, ids, keep)
    values = {
        key: Column(key, "float", figures[name].transpose(2, 0, 1).ravel()[keep])
        for name, key in keys.items()
    }
    # 86008NED's catalogue title (../shared/CBS-API.md); the edition in brackets.
    info = table_info(
        identifier,
        f"Arbeidsdeelname; gemeenten (regio-indeling {edition})",
        f"Arbeidsdeelname; gemeenten {edition}",
        "Beroepsbevolking en arbeidsparticipatie naar regio",
        modified,
        f"{years[0]}-{years[-1]}",
        status="Gediscontinueerd" if old_edition else "Regulier",
    )
    return write_table(dest, info, dims, topics, index, ids, values)


# --- 85173NED ------------------------------------------------------------------------------

FORECAST_YEARS = list(range(2023, 2051))


def forecast_values(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Forecast in hundreds (R, years) and its half 67% interval width in hundreds."""
    sim = ctx.sim
    base_t, past_t = 2023 - sim.first_year, 2015 - sim.first_year
    base = sim.population[base_t].sum(axis=(1, 2)).astype(float)  # (L,)
    past = sim.population[max(past_t, 0)].sum(axis=(1, 2)).astype(float)
    span = base_t - max(past_t, 0)
    recent = (base / np.maximum(past, 1)) ** (1 / max(span, 1)) - 1
    national_recent = (base.sum() / past.sum()) ** (1 / max(span, 1)) - 1
    steps = np.array(FORECAST_YEARS[1:]) - 2023
    national = 0.0065 - (0.0065 - 0.0015) * steps / 27  # growth of each year, slowing down
    growth = national[None, :] + (recent - national_recent)[:, None] * np.exp(-steps / 10)[None]
    path = base[:, None] * np.concatenate(
        [np.ones((len(base), 1)), np.cumprod(1 + growth, axis=1)], axis=1
    )
    hundreds = ctx.sum_regions(np.round(path / 100).astype(np.int64), axis=0)  # (R, years)
    thousands = hundreds / 10
    spread = 0.004 + 0.06 / np.sqrt(np.maximum(thousands, 1))
    half = np.round(hundreds * spread * np.sqrt(np.array(FORECAST_YEARS) - 2023)[None])
    return hundreds, half.astype(np.int64)


def forecast(ctx: Context, dest: Path) -> Path:
    # CBS's codes and titles (etl/sources.py INTERVALS gives the source): MOG0067 is the
    # lower bound, MBG0067 the upper one.
    intervals = [
        ("MW00000", "Prognose"),
        ("MOG0067", "Ondergrens 67%-prognose-interval"),
        ("MBG0067", "Bovengrens 67%-prognose-interval"),
    ]
    dims = [
        Dim("PrognoseInterval", "Prognose(interval)", members(intervals)),
        Dim("Leeftijd", "Leeftijd", members([("10000", "Totaal")])),
        ctx.region_dim("RegioIndeling2021", "Regio-indeling 2021"),
        _time_dim(year_periods(FORECAST_YEARS, provisional_last=False)),
    ]
    topics = [Topic("TotaleBevolking_1", "Totale bevolking", "x 1 000", "Double", 1)]
    value, half = forecast_values(ctx)
    stacked = np.stack([value, value - half, value + half])[:, None] / 10  # (3, 1, R, Y)
    index, ids = cube(dims, [range(3), [0], range(len(ctx.regions)), range(len(FORECAST_YEARS))])
    values = {"TotaleBevolking_1": Column("TotaleBevolking_1", "float", stacked.ravel())}
    info = table_info(
        "85173NED",
        "Regionale prognose 2023-2050; bevolking, intervallen, regio-indeling 2021",
        "Regionale prognose 2023-2050; intervallen",
        "Prognose van de bevolking per regio met 67%-prognose-interval",
        "2024-07-11T02:00:00",
        "2023-2050",
    )
    return write_table(dest, info, dims, topics, index, ids, values)


# --- Gebieden in Nederland -----------------------------------------------------------------


def regions_table(ctx: Context, dest: Path, *, edition: int = 2024) -> Path:
    identifier = {2024: "85385NED", 2022: "85067NED"}[edition]
    modified = {2024: "2024-05-03T02:00:00", 2022: "2022-04-29T02:00:00"}[edition]
    munis = [
        r
        for r, current in zip(ctx.regions, ctx.in_division(edition), strict=True)
        if r.code.startswith("GM") and current
    ]
    dims = [
        Dim(
            "RegioS",
            "Regio's",
            members([(pad(r.code), r.title) for r in munis]),
            "GeoDimension",
            {"MapYear": str(edition), "ReleasePolicy": True},
        )
    ]
    groups = (
        ("Gemeenten", "Gemeentecode", "Gemeentenaam"),
        ("COROP-gebieden", "COROP-code", "COROP-naam"),
        ("Provincies", "Provinciecode", "Provincienaam"),
    )
    topics = []
    for g, (group, code_title, name_title) in enumerate(groups):
        topics += [
            Topic(f"Code_{2 * g + 1}", code_title, "", "String", group=group),
            Topic(f"Naam_{2 * g + 2}", name_title, "", "String", group=group),
        ]
    columns: dict[str, list[str]] = {t.key: [] for t in topics}
    for r in munis:
        corop = ctx.world.municipality(r.code).corop
        province = COROPS[corop][1]
        for key, value in zip(
            columns,
            (r.code, r.title, pad(corop), COROPS[corop][0], pad(province), PROVINCES[province]),
            strict=True,
        ):
            columns[key].append(value)
    index, ids = cube(dims, [range(len(munis))])
    values = {k: Column(k, "str", v) for k, v in columns.items()}
    info = table_info(
        identifier,
        f"Gebieden in Nederland {edition}",
        f"Gebieden in Nederland {edition}",
        "Indeling van gemeenten in regio's",
        modified,
        str(edition),
    )
    return write_table(dest, info, dims, topics, index, ids, values)
