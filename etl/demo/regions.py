"""The demo's region world: the 14 real Twente municipalities and an invented rest of the country.

The whole country is always built (342 municipalities in 40 COROP areas and 12 provinces), so
Overijssel and Nederland are true sums of their members in every scope; scope "twente" only
writes a subset of the rows. Twente's municipalities carry their real codes, names, rough
sizes, land areas and locations; everything else is invented and named "Demogemeente NNNN".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

# kind drives age structure, fertility and migration: "university" draws students,
# "city" young adults, "suburb" families, "rural" loses its young people.
KINDS = ("university", "city", "suburb", "rural")


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # CBS title
    kind: str
    corop: str
    anchors: tuple[tuple[int, float], ...]  # (year, population on 1 January, thousands)
    area_km2: float
    since: int = 1900  # first year with rows (municipal mergers)
    until: int | None = None  # last year with rows: from 1 January of the next it is merged
    merged_into: str | None = None  # ... into this municipality (its people and flows)
    lat: float | None = None
    lon: float | None = None
    ageing: float = 1.0  # multiplier of the 65+ share at the start
    labour_offset: float = 0.0  # percentage points of net participation vs the country
    youth_pull: float = 1.0  # attraction for movers aged 17-30, relative to its kind
    international: float | None = None  # immigration/emigration intensity; None: by kind
    youth_trend: float = 0.0  # yearly change (log) of youth_pull: young adults leave more


# Rough public figures (CBS populations rounded, land areas, town centres); good enough for a demo.
TWENTE: tuple[Municipality, ...] = (
    Municipality(
        "GM0141",
        "Almelo",
        "city",
        "CR12",
        ((2000, 66.6), (2012, 72.6), (2024, 74.3)),
        69.4,
        lat=52.357,
        lon=6.662,
        ageing=0.95,
        labour_offset=-2.5,
        international=0.75,
    ),
    Municipality(
        "GM0147",
        "Borne",
        "suburb",
        "CR12",
        ((2000, 20.6), (2012, 21.7), (2024, 24.1)),
        25.0,
        lat=52.300,
        lon=6.752,
        ageing=1.0,
        labour_offset=1.5,
        international=0.3,
    ),
    Municipality(
        "GM1774",
        "Dinkelland",
        "rural",
        "CR12",
        ((2000, 26.3), (2012, 26.2), (2024, 26.6)),
        175.6,
        since=2001,
        lat=52.380,
        lon=6.950,
        ageing=1.08,
        labour_offset=2.5,
        international=0.3,
    ),
    Municipality(
        "GM0153",
        "Enschede",
        "university",
        "CR12",
        ((2000, 150.5), (2012, 158.5), (2024, 161.0)),
        140.7,
        lat=52.221,
        lon=6.894,
        ageing=0.92,
        labour_offset=-4.0,
        international=1.5,
    ),
    Municipality(
        "GM0158",
        "Haaksbergen",
        "rural",
        "CR12",
        ((2000, 24.2), (2012, 24.3), (2024, 24.6)),
        105.0,
        lat=52.156,
        lon=6.738,
        ageing=1.18,
        labour_offset=0.5,
        international=0.35,
    ),
    Municipality(
        "GM0163",
        "Hellendoorn",
        "rural",
        "CR12",
        ((2000, 35.7), (2012, 35.8), (2024, 36.1)),
        137.5,
        lat=52.390,
        lon=6.450,
        ageing=1.12,
        labour_offset=1.5,
        international=0.35,
    ),
    Municipality(
        "GM0164",
        "Hengelo (O.)",
        "city",
        "CR12",
        ((2000, 81.0), (2012, 80.9), (2024, 83.0)),
        60.9,
        lat=52.265,
        lon=6.793,
        ageing=0.9,
        labour_offset=-0.5,
        youth_pull=0.8,
        youth_trend=-0.07,
        international=0.45,
    ),
    Municipality(
        "GM1735",
        "Hof van Twente",
        "rural",
        "CR12",
        ((2000, 35.3), (2012, 35.1), (2024, 35.3)),
        213.9,
        since=2001,
        lat=52.225,
        lon=6.560,
        ageing=1.15,
        labour_offset=1.5,
        international=0.35,
    ),
    Municipality(
        "GM0168",
        "Losser",
        "rural",
        "CR12",
        ((2000, 22.8), (2012, 22.6), (2024, 22.9)),
        98.5,
        lat=52.262,
        lon=7.004,
        ageing=1.15,
        labour_offset=0.0,
        international=0.4,
    ),
    Municipality(
        "GM0173",
        "Oldenzaal",
        "suburb",
        "CR12",
        ((2000, 31.3), (2012, 31.9), (2024, 32.0)),
        21.8,
        lat=52.313,
        lon=6.929,
        ageing=1.12,
        labour_offset=0.5,
        international=0.45,
    ),
    Municipality(
        "GM1742",
        "Rijssen-Holten",
        "rural",
        "CR12",
        ((2000, 36.0), (2012, 37.6), (2024, 38.7)),
        96.6,
        since=2001,
        lat=52.305,
        lon=6.470,
        ageing=0.95,
        labour_offset=2.0,
        international=0.35,
    ),
    Municipality(
        "GM0183",
        "Tubbergen",
        "rural",
        "CR12",
        ((2000, 20.6), (2012, 21.2), (2024, 21.7)),
        146.8,
        lat=52.407,
        lon=6.784,
        ageing=0.92,
        labour_offset=3.0,
        international=0.28,
    ),
    Municipality(
        "GM1700",
        "Twenterand",
        "rural",
        "CR12",
        ((2000, 33.5), (2012, 33.8), (2024, 34.0)),
        135.4,
        since=2001,
        lat=52.450,
        lon=6.590,
        ageing=1.05,
        labour_offset=1.0,
        international=0.4,
    ),
    Municipality(
        "GM0189",
        "Wierden",
        "suburb",
        "CR12",
        ((2000, 23.2), (2012, 23.8), (2024, 25.0)),
        95.7,
        lat=52.358,
        lon=6.594,
        ageing=1.0,
        labour_offset=2.0,
        international=0.35,
    ),
)

PROVINCES: dict[str, str] = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}

# code: (name, province, population 1 Jan 2024 in thousands, growth 2000->2024, centre kind)
COROPS: dict[str, tuple[str, str, float, float, str]] = {
    "CR01": ("Oost-Groningen", "PV20", 170, 0.97, "city"),
    "CR02": ("Delfzijl en omgeving", "PV20", 45, 0.86, "city"),
    "CR03": ("Overig Groningen", "PV20", 375, 1.12, "university"),
    "CR04": ("Noord-Friesland", "PV21", 320, 1.02, "city"),
    "CR05": ("Zuidwest-Friesland", "PV21", 105, 1.03, "city"),
    "CR06": ("Zuidoost-Friesland", "PV21", 235, 1.03, "city"),
    "CR07": ("Noord-Drenthe", "PV22", 165, 1.05, "city"),
    "CR08": ("Zuidoost-Drenthe", "PV22", 180, 0.99, "city"),
    "CR09": ("Zuidwest-Drenthe", "PV22", 150, 1.04, "city"),
    "CR10": ("Noord-Overijssel", "PV23", 400, 1.12, "city"),
    "CR11": ("Zuidwest-Overijssel", "PV23", 145, 1.07, "city"),
    "CR12": ("Twente", "PV23", 0, 0, "city"),  # built from the real municipalities above
    "CR13": ("Veluwe", "PV25", 730, 1.10, "university"),
    "CR14": ("Achterhoek", "PV25", 395, 0.98, "city"),
    "CR15": ("Arnhem/Nijmegen", "PV25", 780, 1.11, "university"),
    "CR16": ("Zuidwest-Gelderland", "PV25", 275, 1.12, "city"),
    "CR17": ("Utrecht", "PV26", 1400, 1.25, "university"),
    "CR18": ("Kop van Noord-Holland", "PV27", 370, 1.04, "city"),
    "CR19": ("Alkmaar en omgeving", "PV27", 310, 1.06, "city"),
    "CR20": ("IJmond", "PV27", 175, 1.05, "city"),
    "CR21": ("Agglomeratie Haarlem", "PV27", 250, 1.10, "city"),
    "CR22": ("Zaanstreek", "PV27", 170, 1.12, "city"),
    "CR23": ("Groot-Amsterdam", "PV27", 1320, 1.27, "university"),
    "CR24": ("Het Gooi en Vechtstreek", "PV27", 260, 1.08, "city"),
    "CR25": ("Agglomeratie Leiden en Bollenstreek", "PV28", 440, 1.12, "university"),
    "CR26": ("Agglomeratie 's-Gravenhage", "PV28", 1050, 1.17, "city"),
    "CR27": ("Delft en Westland", "PV28", 350, 1.20, "university"),
    "CR28": ("Oost-Zuid-Holland", "PV28", 350, 1.08, "city"),
    "CR29": ("Groot-Rijnmond", "PV28", 1500, 1.10, "university"),
    "CR30": ("Zuidoost-Zuid-Holland", "PV28", 520, 1.06, "city"),
    "CR31": ("Zeeuwsch-Vlaanderen", "PV29", 105, 0.97, "city"),
    "CR32": ("Overig Zeeland", "PV29", 290, 1.05, "city"),
    "CR33": ("West-Noord-Brabant", "PV30", 690, 1.07, "city"),
    "CR34": ("Midden-Noord-Brabant", "PV30", 490, 1.12, "university"),
    "CR35": ("Noordoost-Noord-Brabant", "PV30", 700, 1.10, "city"),
    "CR36": ("Zuidoost-Noord-Brabant", "PV30", 800, 1.10, "university"),
    "CR37": ("Noord-Limburg", "PV31", 290, 1.05, "city"),
    "CR38": ("Midden-Limburg", "PV31", 240, 1.02, "city"),
    "CR39": ("Zuid-Limburg", "PV31", 600, 0.95, "university"),
    "CR40": ("Flevoland", "PV24", 445, 1.38, "city"),
}
# Very urban COROP areas: their smaller municipalities are suburbs rather than villages.
_URBAN_COROPS = {
    "CR17",
    "CR20",
    "CR21",
    "CR22",
    "CR23",
    "CR24",
    "CR25",
    "CR26",
    "CR27",
    "CR29",
    "CR36",
    "CR40",
}

N_MUNICIPALITIES = 342
NL_LAND_AREA_KM2 = 33_670.0
# CBS: population of the Netherlands on 1 January (thousands); the invented municipalities are
# scaled so that, with Twente, the country starts and ends near these.
NL_POPULATION = {2000: 15_864.0, 2024: 17_942.0}


@dataclass(frozen=True)
class Aggregate:
    code: str
    title: str
    members: tuple[str, ...]  # municipality codes


@dataclass(frozen=True)
class World:
    municipalities: tuple[Municipality, ...]
    corops: tuple[Aggregate, ...]
    provinces: tuple[Aggregate, ...]
    netherlands: Aggregate

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.municipalities]

    def municipality(self, code: str) -> Municipality:
        return self._by_code()[code]

    def _by_code(self) -> dict[str, Municipality]:
        return {m.code: m for m in self.municipalities}

    def corop_of(self, code: str) -> Aggregate:
        corop = self._by_code()[code].corop
        return next(c for c in self.corops if c.code == corop)

    def province_of_corop(self, corop: str) -> Aggregate:
        return next(p for p in self.provinces if p.code == COROPS[corop][1])


# A herindeling like Weesp's into Amsterdam (2022): the second municipality of Groot-Amsterdam
# ends with 2021 and joins the area's centre, so scope 'nl' has a municipality that ceased.
MERGER_COROP, MERGER_LAST_YEAR = "CR23", 2021


def _with_merger(municipalities: list[Municipality]) -> list[Municipality]:
    members = [m for m in municipalities if m.corop == MERGER_COROP]
    centre, ceased = members[0], members[1]
    return [
        m if m is not ceased else replace(m, until=MERGER_LAST_YEAR, merged_into=centre.code)
        for m in municipalities
    ]


def exists(m: Municipality, year: int) -> bool:
    """Whether a municipality has rows for ``year`` (CBS's division of that year)."""
    return m.since <= year and (m.until is None or year <= m.until)


def region_title(code: str, world: World) -> str:
    """CBS's RegioS titles: 'Nederland', 'Overijssel (PV)', 'Twente (CR)', municipality name."""
    if code == "NL01":
        return "Nederland"
    if code.startswith("PV"):
        return f"{PROVINCES[code]} (PV)"
    if code.startswith("CR"):
        return f"{COROPS[code][0]} (CR)"
    return world.municipality(code).name


def pad(code: str) -> str:
    """CBS pads region keys to six characters: 'NL01  ', 'CR12  ', 'GM0164'."""
    return code.ljust(6)


def build_world(seed: int) -> World:
    """The whole (partly invented) country, deterministic for a seed."""
    rng = np.random.default_rng([seed, 1])
    twente_codes = {m.code for m in TWENTE}
    others = [c for c in COROPS if c != "CR12"]
    sizes = np.array([COROPS[c][2] for c in others])
    # Municipalities per COROP area: about proportional to the square root of its population.
    n_free = N_MUNICIPALITIES - len(TWENTE)
    share = np.sqrt(sizes) / np.sqrt(sizes).sum()
    counts = np.maximum(2, np.floor(share * n_free).astype(int))
    for i in np.argsort(-(share * n_free - np.floor(share * n_free)), kind="stable"):
        if counts.sum() >= n_free:
            break
        counts[i] += 1
    while counts.sum() > n_free:
        counts[np.argmax(counts)] -= 1

    numbers = (n for n in range(1, 10_000) if f"GM{n:04d}" not in twente_codes)
    municipalities: list[Municipality] = []
    twente_area = sum(m.area_km2 for m in TWENTE)
    raw_areas: list[float] = []
    for corop, count in zip(others, counts, strict=True):
        name, _, pop_2024, growth, centre_kind = COROPS[corop]
        weights = rng.lognormal(0.0, 0.55, count)
        weights[0] = weights.max() * (3.5 if centre_kind == "university" else 2.2)
        shares = weights / weights.sum()
        for i in range(count):
            code = f"GM{next(numbers):04d}"
            p2024 = float(pop_2024 * shares[i])
            drift = float(np.exp(rng.normal(0.0, 0.05)))
            p2000 = p2024 / (growth * drift)
            p2012 = p2000 * (p2024 / p2000) ** 0.45
            if i == 0:
                kind = centre_kind
            elif corop in _URBAN_COROPS:
                kind = "suburb" if rng.random() < 0.7 else "rural"
            else:
                kind = "suburb" if rng.random() < 0.3 else "rural"
            raw_areas.append(
                p2024**0.35
                * float(rng.lognormal(0.0, 0.3))
                * (0.6 if kind in ("university", "city") else 1.0)
            )
            municipalities.append(
                Municipality(
                    code,
                    f"Demogemeente {code[2:]}",
                    kind,
                    corop,
                    ((2000, p2000), (2012, p2012), (2024, p2024)),
                    0.0,
                    ageing=float(np.exp(rng.normal(0.0, 0.07)))
                    * (1.06 if kind == "rural" else 1.0),
                    labour_offset=float(rng.normal(0.0, 1.5)),
                )
            )
    scale = (NL_LAND_AREA_KM2 - twente_area) / sum(raw_areas)
    fit = {
        year: (NL_POPULATION[year] - sum(dict(m.anchors)[year] for m in TWENTE))
        / sum(dict(m.anchors)[year] for m in municipalities)
        for year in NL_POPULATION
    }
    rescaled = []
    for m, a in zip(municipalities, raw_areas, strict=True):
        p2000 = dict(m.anchors)[2000] * fit[2000]
        p2024 = dict(m.anchors)[2024] * fit[2024]
        anchors = ((2000, p2000), (2012, p2000 * (p2024 / p2000) ** 0.45), (2024, p2024))
        rescaled.append(
            Municipality(
                m.code,
                m.name,
                m.kind,
                m.corop,
                anchors,
                round(a * scale, 2),
                ageing=m.ageing,
                labour_offset=m.labour_offset,
            )
        )
    municipalities = _with_merger(rescaled) + list(TWENTE)
    municipalities.sort(key=lambda m: m.code)

    corops = tuple(
        Aggregate(c, f"{COROPS[c][0]} (CR)", tuple(m.code for m in municipalities if m.corop == c))
        for c in COROPS
    )
    provinces = tuple(
        Aggregate(
            p,
            f"{name} (PV)",
            tuple(code for c in corops if COROPS[c.code][1] == p for code in c.members),
        )
        for p, name in PROVINCES.items()
    )
    nl = Aggregate("NL01", "Nederland", tuple(m.code for m in municipalities))
    return World(tuple(municipalities), corops, provinces, nl)


def scope_regions(world: World, scope: str) -> list[Aggregate]:
    """Regions written for a scope, in CBS's order: country, provinces, COROP, municipalities.

    Municipalities are regions with themselves as only member.
    """
    munis = sorted(world.municipalities, key=lambda m: m.name)
    if scope == "twente":
        keep = {m.code for m in TWENTE}
        provinces = [p for p in world.provinces if p.code == "PV23"]
        corops = [c for c in world.corops if c.code == "CR12"]
        munis = [m for m in munis if m.code in keep]
    elif scope == "nl":
        provinces = list(world.provinces)
        corops = list(world.corops)
    else:
        raise ValueError(f"unknown scope {scope!r}: use 'twente' or 'nl'")
    return [
        world.netherlands,
        *provinces,
        *corops,
        *(Aggregate(m.code, m.name, (m.code,)) for m in munis),
    ]


def membership_matrix(world: World, regions: list[Aggregate]) -> np.ndarray:
    """0/1 matrix (regions x municipalities of the world) to sum municipal arrays into regions."""
    index = {code: i for i, code in enumerate(world.codes)}
    matrix = np.zeros((len(regions), len(index)), dtype=np.int64)
    for r, region in enumerate(regions):
        matrix[r, [index[c] for c in region.members]] = 1
    return matrix


def target_population(m: Municipality, year: float) -> float:
    """Population path (thousands) through the anchors, log-linear, extended at both ends."""
    years = np.array([a[0] for a in m.anchors], dtype=float)
    logs = np.log([a[1] for a in m.anchors])
    if year <= years[0]:
        slope = (logs[1] - logs[0]) / (years[1] - years[0])
        return float(np.exp(logs[0] + slope * (year - years[0])))
    if year >= years[-1]:
        slope = (logs[-1] - logs[-2]) / (years[-1] - years[-2])
        return float(np.exp(logs[-1] + 0.7 * slope * (year - years[-1])))
    return float(np.exp(np.interp(year, years, logs)))
