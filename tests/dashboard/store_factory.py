"""A small, deterministic writer of a valid store exactly as docs/store.md describes it.

The dashboard's tests, benchmarks and manual checks use it while the ETL is being written, so
the app can rely on the contract alone. Numbers are invented but internally consistent:
counts are generated for the 14 Twente municipalities plus "the rest of Overijssel" and "the
rest of the Netherlands", aggregates are sums of counts, and every ratio is computed from the
summed counts (as DESIGN.md requires), never averaged.

Usage::

    python tests/dashboard/store_factory.py /tmp/talent-data          # hexagon boundaries
    python tests/dashboard/store_factory.py /tmp/talent-data --real-boundaries \
        ../shared/data/geo/gemeente_2023.geojson
    TALENT_DATA_DIR=/tmp/talent-data .venv/bin/python app.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_VINTAGE = "20250301T120000Z"
YEARS = list(range(2012, 2025))
PROVISIONAL_YEARS = [2024]
FORECAST_YEARS = list(range(2025, 2051))
LABOUR_FIRST_YEAR = 2015  # the labour table starts later: the app must cope with gaps
OPEN_AGE = 100  # "100 jaar of ouder": the open top group carries its lower bound

# code: (name, inhabitants around 2012, approximate centroid lon/lat for the hexagon map)
TWENTE = {
    "GM0141": ("Almelo", 72_600, (6.66, 52.36)),
    "GM0147": ("Borne", 21_600, (6.75, 52.30)),
    "GM1774": ("Dinkelland", 26_000, (6.97, 52.38)),
    "GM0153": ("Enschede", 158_600, (6.89, 52.22)),
    "GM0158": ("Haaksbergen", 24_300, (6.74, 52.15)),
    "GM0163": ("Hellendoorn", 35_800, (6.45, 52.39)),
    "GM0164": ("Hengelo", 81_000, (6.79, 52.26)),
    "GM1735": ("Hof van Twente", 35_000, (6.57, 52.22)),
    "GM0168": ("Losser", 22_600, (7.01, 52.27)),
    "GM0173": ("Oldenzaal", 31_900, (6.93, 52.32)),
    "GM1742": ("Rijssen-Holten", 37_700, (6.45, 52.30)),
    "GM0183": ("Tubbergen", 21_200, (6.80, 52.42)),
    "GM1700": ("Twenterand", 33_900, (6.60, 52.46)),
    "GM0189": ("Wierden", 23_900, (6.58, 52.35)),
}
REST_OF_OVERIJSSEL = ("rest_pv23", 600_000)
REST_OF_NETHERLANDS = ("rest_nl01", 15_600_000)
AGGREGATES = {"CR12": "Twente", "PV23": "Overijssel", "NL01": "Nederland"}

TABLES = {
    "03759ned": "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
    "37259ned": "Bevolkingsontwikkeling; levend geborenen, overledenen en migratie per regio",
    "84547NED": "Verhuisde personen; geslacht, leeftijd en regio per maand",
    "85451NED": "Immi- en emigratie; geslacht, leeftijd, nationaliteit, regio",
    "86008NED": "Arbeidsdeelname; gemeenten",
    "85173NED": "Regionale prognose 2023-2050; bevolking, intervallen",
}


def _entry(id_, topic, title_nl, title_en, unit, unit_nl, unit_en, decimals, sources, formula,
           definition_nl, definition_en):
    return {"id": id_, "title_nl": title_nl, "title_en": title_en, "unit": unit,
            "unit_nl": unit_nl, "unit_en": unit_en, "definition_nl": definition_nl,
            "definition_en": definition_en, "sources": sources, "formula": formula,
            "decimals": decimals, "topic": topic}


# Units and `sources` as the ETL's catalogue writes them: `unit` is "aantal", "%", "per 100"
# or "per 1.000"; `sources` are roles, mapped to CBS tables by the manifest's `role`.
PERSONS = ("aantal", "personen", "people")
PERCENT = ("%", "%", "%")
PER_1000 = ("per 1.000", "per 1.000", "per 1,000")
PER_100 = ("per 100", "per 100", "per 100")
ROLES = {"population_by_age": "03759ned", "dynamics": "37259ned", "domestic_moves": "84547NED",
         "international_migration": "85451NED", "labour": "86008NED", "forecast": "85173NED"}
TABLE_ROLES = {table: role for role, table in ROLES.items()}

CATALOGUE = [
    _entry("population", "overzicht", "Bevolking", "Population", *PERSONS, 0, ["population_by_age"],
           "Ptot", "Aantal inwoners op 1 januari.", "Number of inhabitants on 1 January."),
    _entry("count_18_35", "overzicht", "Aantal 18–35-jarigen", "Number of 18–35-year-olds",
           *PERSONS, 0, ["population_by_age"], "sum P(18..35)",
           "Inwoners van 18 tot en met 35 jaar op 1 januari.",
           "Inhabitants aged 18 up to and including 35 on 1 January."),
    _entry("share_18_35", "overzicht", "Aandeel 18–35-jarigen", "Share of 18–35-year-olds",
           *PERCENT, 1, ["population_by_age"], "sum P(18..35) / Ptot * 100",
           "Inwoners van 18 tot en met 35 jaar als percentage van alle inwoners.",
           "Inhabitants aged 18 up to and including 35 as a percentage of all inhabitants."),
    _entry("share_15_74", "arbeidsmarkt", "Potentiële beroepsbevolking",
           "Potential labour force", *PERCENT, 1, ["population_by_age"],
           "sum P(15..74) / Ptot * 100",
           "Inwoners van 15 tot 75 jaar als percentage van alle inwoners.",
           "Inhabitants aged 15 to 75 as a percentage of all inhabitants."),
    _entry("share_18_35_of_15_74", "arbeidsmarkt", "18–35-jarigen in de potentiële "
           "beroepsbevolking", "18–35-year-olds in the potential labour force", *PERCENT, 1,
           ["population_by_age"], "sum P(18..35) / sum P(15..74) * 100",
           "Inwoners van 18 tot en met 35 jaar als percentage van de inwoners van 15 tot 75 jaar.",
           "Inhabitants aged 18 to 35 inclusive as a percentage of those aged 15 to 75."),
    _entry("share_65plus", "vergrijzing", "Aandeel 65-plussers", "Share of people aged 65+",
           *PERCENT, 1, ["population_by_age"], "(Ptot - sum P(0..64)) / Ptot * 100",
           "Inwoners van 65 jaar of ouder als percentage van alle inwoners.",
           "Inhabitants aged 65 or over as a percentage of all inhabitants."),
    _entry("share_80plus", "vergrijzing", "Aandeel 80-plussers", "Share of people aged 80+",
           *PERCENT, 1, ["population_by_age"], "(Ptot - sum P(0..79)) / Ptot * 100",
           "Inwoners van 80 jaar of ouder als percentage van alle inwoners.",
           "Inhabitants aged 80 or over as a percentage of all inhabitants."),
    _entry("double_ageing", "vergrijzing", "Dubbele vergrijzing", "Double ageing", *PERCENT, 1,
           ["population_by_age"], "P(80+) / P(65+) * 100",
           "80-plussers als percentage van de 65-plussers.",
           "People aged 80+ as a percentage of those aged 65+."),
    _entry("grey_pressure", "vergrijzing", "Grijze druk", "Old-age dependency ratio", *PER_100,
           1, ["population_by_age"], "P(65+) / P(20..64) * 100",
           "65-plussers per 100 inwoners van 20 tot 65 jaar.",
           "People aged 65+ per 100 inhabitants aged 20 to 65."),
    _entry("green_pressure", "vergrijzing", "Groene druk", "Youth dependency ratio", *PER_100,
           1, ["population_by_age"], "P(0..19) / P(20..64) * 100",
           "Jongeren tot 20 jaar per 100 inwoners van 20 tot 65 jaar.",
           "Young people under 20 per 100 inhabitants aged 20 to 65."),
    _entry("births", "geboorte", "Aantal levend geborenen", "Live births", *PERSONS, 0,
           ["dynamics"], "LevendGeborenKinderen", "Aantal levend geboren kinderen in het jaar.",
           "Number of live births in the year."),
    _entry("birth_rate", "geboorte", "Geboortecijfer", "Birth rate", *PER_1000, 1,
           ["dynamics", "population_by_age"], "births / mean population * 1000",
           "Levend geborenen per 1.000 inwoners (gemiddelde bevolking).",
           "Live births per 1,000 inhabitants (mean population)."),
    _entry("general_fertility_rate", "geboorte", "Algemeen vruchtbaarheidscijfer",
           "General fertility rate", *PER_1000, 1, ["dynamics", "population_by_age"],
           "births / women P(15..49) * 1000",
           "Levend geborenen per 1.000 vrouwen van 15 tot en met 49 jaar.",
           "Live births per 1,000 women aged 15 to 49."),
    _entry("deaths", "geboorte", "Aantal overledenen", "Deaths", *PERSONS, 0, ["dynamics"],
           "Overledenen", "Aantal overledenen in het jaar.", "Number of deaths in the year."),
    _entry("natural_increase", "geboorte", "Natuurlijke aanwas", "Natural increase", *PERSONS, 0,
           ["dynamics"], "births - deaths", "Levend geborenen min overledenen.",
           "Live births minus deaths."),
    _entry("net_migration", "migratie", "Migratiesaldo", "Net migration", *PERSONS, 0,
           ["dynamics"], "VestigingsoverschotInclusiefCorrecties",
           "Vestiging min vertrek, inclusief correcties.",
           "Settlement minus departure, including corrections."),
    _entry("net_domestic_migration", "migratie", "Binnenlands migratiesaldo",
           "Net domestic migration", *PERSONS, 0, ["dynamics"], "UitAndereGemeente - "
           "NaarAndereGemeente", "Vestiging uit minus vertrek naar andere gemeenten.",
           "Moves in from minus moves out to other municipalities."),
    _entry("net_international_migration", "migratie", "Buitenlands migratiesaldo",
           "Net international migration", *PERSONS, 0, ["dynamics"],
           "Immigratie - Emigratie", "Immigratie min emigratie (inclusief administratieve "
           "correcties).", "Immigration minus emigration (including administrative "
           "corrections)."),
    _entry("net_domestic_migration_18_35", "migratie", "Binnenlands migratiesaldo 20–35 jaar",
           "Net domestic migration aged 20–35", *PERSONS, 0, ["domestic_moves"],
           "Gevestigd - Vertrokken, leeftijd 20 tot 35 jaar",
           "Binnenlandse vestiging min vertrek van personen van 20 tot 35 jaar (de CBS-"
           "leeftijdsklassen die 18–35 het dichtst benaderen).",
           "Domestic moves in minus out of people aged 20 to 35 (the CBS age classes closest "
           "to 18–35)."),
    _entry("net_international_migration_18_35", "migratie",
           "Buitenlands migratiesaldo 20–35 jaar", "Net international migration aged 20–35",
           *PERSONS, 0, ["international_migration"], "Migratiesaldo, leeftijd 20 tot 35 jaar",
           "Immigratie min emigratie van personen van 20 tot 35 jaar.",
           "Immigration minus emigration of people aged 20 to 35."),
    _entry("youth_net_migration_rate", "migratie", "Migratiesaldo jongeren per 1.000",
           "Youth net migration per 1,000", *PER_1000, 1,
           ["domestic_moves", "international_migration", "population_by_age"],
           "(domestic + international net, 20..35) / P(20..35) * 1000",
           "Binnenlands en buitenlands migratiesaldo van 20- tot 35-jarigen per 1.000 inwoners "
           "van die leeftijd.", "Domestic and international net migration of people aged 20 "
           "to 35 per 1,000 inhabitants of that age."),
    _entry("net_labour_participation", "arbeidsmarkt", "Netto arbeidsparticipatie",
           "Net labour participation", *PERCENT, 1, ["labour"],
           "NettoArbeidsparticipatie", "Werkzame beroepsbevolking als percentage van de "
           "bevolking van 15 tot 75 jaar.", "Employed labour force as a percentage of the "
           "population aged 15 to 75."),
    _entry("employed_labour_force", "arbeidsmarkt", "Werkzame beroepsbevolking",
           "Employed labour force", *PERSONS, 0, ["labour"], "WerkzameBeroepsbevolking",
           "Personen van 15 tot 75 jaar met betaald werk.",
           "People aged 15 to 75 in paid work."),
    _entry("population_forecast", "prognose", "Bevolkingsprognose", "Population forecast",
           *PERSONS, 0, ["forecast"], "TotaleBevolking * 1000",
           "Verwachte bevolking op 1 januari met het 67%-prognose-interval.",
           "Expected population on 1 January with the 67% forecast interval."),
]


def _rng(key: str) -> np.random.Generator:
    """A generator seeded from a string, stable across runs and Python versions."""
    return np.random.default_rng(zlib.crc32(key.encode()))


def _unit_counts(unit: str, base_size: int) -> dict[int, dict]:
    """Generated counts per year for one base unit: pyramid by sex and age plus flows."""
    rng = _rng(unit)
    youth_bias = 1.25 if unit == "GM0153" else rng.uniform(0.85, 1.05)  # Enschede: university
    growth = rng.uniform(-0.002, 0.006)
    ages = np.arange(0, OPEN_AGE + 1)
    counts: dict[int, dict] = {}
    for step, year in enumerate(YEARS):
        profile = np.where(ages < 55, 1.0, np.exp(-(((ages - 55) / 24.0) ** 2)))
        profile = profile * (1 + 0.012 * step * (ages >= 65)) * (1 + 0.02 * step * (ages >= 80))
        band = (ages >= 18) & (ages <= 35)
        profile = profile * np.where(band, youth_bias * (1 - 0.006 * step), 1.0)
        profile[ages < 18] *= 1 - 0.008 * step
        profile[OPEN_AGE] = profile[OPEN_AGE - 1] * 0.4
        total = base_size * (1 + growth) ** step
        persons = profile / profile.sum() * total
        men = np.round(persons * np.where(ages < 70, 0.505, 0.44)).astype("int64")
        women = np.round(persons).astype("int64") - men
        pop = int(men.sum() + women.sum())
        women_15_49 = int(women[15:50].sum())
        births = int(round(pop * (10.8 - 0.12 * step) / 1000 * rng.uniform(0.97, 1.03)))
        deaths = int(round(pop * (8.6 + 0.14 * step) / 1000 * rng.uniform(0.97, 1.03)))
        domestic = int(round(pop * rng.normal(0.0, 2.0) / 1000))
        international = int(round(pop * (2.0 + 0.25 * step + rng.normal(0, 0.8)) / 1000))
        band_pop = int((men + women)[20:36].sum())
        domestic_young = int(round(band_pop * ((12 if unit == "GM0153" else -9) +
                                               rng.normal(0, 3)) / 1000))
        international_young = int(round(band_pop * (6 + 0.4 * step + rng.normal(0, 2)) / 1000))
        pop_15_74 = int((men + women)[15:75].sum())
        participation = 0.655 + 0.004 * step + rng.uniform(-0.01, 0.01)
        counts[year] = {
            "men": men, "women": women, "births": births, "deaths": deaths,
            "domestic": domestic, "international": international, "band_20_35": band_pop,
            "domestic_young": domestic_young, "international_young": international_young,
            "employed": int(round(pop_15_74 * participation)), "women_15_49": women_15_49,
        }
    return counts


def _aggregate(parts: list[dict[int, dict]]) -> dict[int, dict]:
    """Sum the counts of several units year by year (aggregates are sums of counts)."""
    return {year: {key: sum(part[year][key] for part in parts) for key in parts[0][year]}
            for year in YEARS}


def _all_region_counts() -> dict[str, dict[int, dict]]:
    units = {code: _unit_counts(code, size) for code, (_, size, _) in TWENTE.items()}
    twente = _aggregate(list(units.values()))
    overijssel = _aggregate([twente, _unit_counts(*REST_OF_OVERIJSSEL)])
    netherlands = _aggregate([overijssel, _unit_counts(*REST_OF_NETHERLANDS)])
    return {**units, "CR12": twente, "PV23": overijssel, "NL01": netherlands}


def _indicator_values(c: dict) -> dict[str, float]:
    """Every indicator of one region and year, computed from its counts."""
    people = c["men"] + c["women"]
    total = float(people.sum())
    age = lambda lo, hi: float(people[lo:hi + 1].sum())  # noqa: E731 - inclusive age band
    p65, p80, p20_64 = total - age(0, 64), total - age(0, 79), age(20, 64)
    p15_74 = age(15, 74)
    return {
        "population": total,
        "count_18_35": age(18, 35),
        "share_18_35": age(18, 35) / total * 100,
        "share_15_74": p15_74 / total * 100,
        "share_18_35_of_15_74": age(18, 35) / p15_74 * 100,
        "share_65plus": p65 / total * 100,
        "share_80plus": p80 / total * 100,
        "double_ageing": p80 / p65 * 100,
        "grey_pressure": p65 / p20_64 * 100,
        "green_pressure": age(0, 19) / p20_64 * 100,
        "births": c["births"],
        "birth_rate": c["births"] / total * 1000,
        "general_fertility_rate": c["births"] / c["women_15_49"] * 1000,
        "deaths": c["deaths"],
        "natural_increase": c["births"] - c["deaths"],
        "net_migration": c["domestic"] + c["international"],
        "net_domestic_migration": c["domestic"],
        "net_international_migration": c["international"],
        "net_domestic_migration_18_35": c["domestic_young"],
        "net_international_migration_18_35": c["international_young"],
        "youth_net_migration_rate": (c["domestic_young"] + c["international_young"])
        / c["band_20_35"] * 1000,
        "net_labour_participation": c["employed"] / p15_74 * 100,
        "employed_labour_force": c["employed"],
    }


def _status(year: int) -> str:
    return "voorlopig" if year in PROVISIONAL_YEARS else "definitief"


def _source(indicator_id: str) -> str:
    """The rows' `source` column holds CBS table ids (docs/store.md), not roles."""
    entry = next(e for e in CATALOGUE if e["id"] == indicator_id)
    return "+".join(ROLES[role] for role in entry["sources"])


def build_indicators(counts: dict[str, dict[int, dict]]) -> pd.DataFrame:
    rows = []
    for region, per_year in counts.items():
        for year, c in per_year.items():
            for indicator, value in _indicator_values(c).items():
                if indicator in ("net_labour_participation", "employed_labour_force") and \
                        year < LABOUR_FIRST_YEAR:
                    continue
                rows.append((indicator, region, year, float(value), _status(year),
                             _source(indicator), None, None))
        last = float((per_year[YEARS[-1]]["men"] + per_year[YEARS[-1]]["women"]).sum())
        growth = _rng("forecast" + region).uniform(-0.001, 0.004)
        for step, year in enumerate(FORECAST_YEARS, start=1):
            value = last * (1 + growth) ** step
            spread = value * 0.006 * math.sqrt(step)
            rows.append(("population_forecast", region, year, value, "prognose",
                         _source("population_forecast"), value - spread, value + spread))
    frame = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value", "status",
                                        "source", "lower", "upper"])
    return frame.astype({"indicator": "str", "region_code": "str", "year": "int64",
                         "value": "float64", "status": "str", "source": "str",
                         "lower": "float64", "upper": "float64"})


def build_population_by_age(counts: dict[str, dict[int, dict]]) -> pd.DataFrame:
    parts = []
    for region, per_year in counts.items():
        for year, c in per_year.items():
            for sex, values in (("man", c["men"]), ("vrouw", c["women"]),
                                ("totaal", c["men"] + c["women"])):
                ages = np.arange(0, OPEN_AGE + 1)
                parts.append(pd.DataFrame({
                    "region_code": region, "year": year, "sex": sex, "age": ages,
                    "age_open": ages == OPEN_AGE, "population": values.astype("int64"),
                    "status": _status(year)}))
    frame = pd.concat(parts, ignore_index=True)
    return frame.astype({"region_code": "str", "year": "int64", "sex": "str", "age": "int64",
                         "age_open": "bool", "population": "int64", "status": "str"})


def build_regions() -> pd.DataFrame:
    rows = [(code, name, "gemeente", "CR12", "PV23", True) for code, (name, _, _) in
            TWENTE.items()]
    rows += [("CR12", "Twente", "corop", "CR12", "PV23", True),
             ("PV23", "Overijssel", "provincie", None, "PV23", False),
             ("NL01", "Nederland", "land", None, None, False)]
    frame = pd.DataFrame(rows, columns=["region_code", "name", "level", "corop_code",
                                        "province_code", "in_twente"])
    return frame.astype({"corop_code": "string", "province_code": "string"})


def _hexagon(lon: float, lat: float, radius: float = 0.045) -> list[list[float]]:
    """A closed ring, clockwise like the PDOK files (longitude squeezed by the latitude)."""
    ring = []
    for k in range(6):
        angle = -math.pi / 3 * k  # negative: clockwise
        ring.append([round(lon + radius * 1.6 * math.cos(angle), 5),
                     round(lat + radius * math.sin(angle), 5)])
    return ring + [ring[0]]


def build_boundaries(real_geojson: Path | None = None) -> dict:
    if real_geojson is not None:
        source = json.loads(Path(real_geojson).read_text())
        features = [f for f in source["features"] if f["properties"]["statcode"] in TWENTE]
        return {"type": "FeatureCollection", "features": features}
    features = [{"type": "Feature", "properties": {"statcode": code, "statnaam": name},
                 "geometry": {"type": "Polygon", "coordinates": [_hexagon(*centre)]}}
                for code, (name, _, centre) in TWENTE.items()]
    return {"type": "FeatureCollection", "features": features}


def build_manifest(vintage: str, mode: str, boundaries_available: bool,
                   indicators: pd.DataFrame) -> dict:
    created = f"{vintage[0:4]}-{vintage[4:6]}-{vintage[6:8]}T{vintage[9:11]}:" \
              f"{vintage[11:13]}:{vintage[13:15]}Z"
    tables = {}
    for table_id, title in TABLES.items():
        rows = indicators[indicators["source"].str.contains(table_id, regex=False)]
        forecast = table_id == "85173NED"
        first = LABOUR_FIRST_YEAR if table_id == "86008NED" else YEARS[0]
        periods = [FORECAST_YEARS[0], FORECAST_YEARS[-1]] if forecast else [first, YEARS[-1]]
        tables[table_id] = {
            "title": title, "modified": "2025-02-14T02:00:00", "fetched_at": created,
            "rows": int(len(rows)), "periods": periods,
            "provisional_periods": [] if forecast else list(PROVISIONAL_YEARS),
            "role": TABLE_ROLES[table_id],
        }
    return {
        "vintage": vintage, "created_at": created, "etl_version": "store-factory",
        "mode": mode, "scope": "twente",
        "boundaries": {"available": boundaries_available, "year": 2023,
                       "note": "" if boundaries_available else "PDOK niet bereikbaar"},
        "tables": tables,
    }


def _dates(*texts: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)), dtype="datetime64[ns]")


def write_programme(folder: Path) -> None:
    """The five ``programme_*`` files (docs/store.md) with hand-set targets and status."""
    nan = float("nan")
    targets = pd.DataFrame({
        "indicator": ["population", "share_18_35", "budget_committed_wonen"],
        "indicator_kind": ["cbs", "cbs", "programma"],
        "region_code": ["GM0164"] * 3,
        "baseline_year": [2020, 2020, 2023], "baseline_value": [80000.0, 20.0, 0.0],
        "target_year": [2040, 2035, 2027], "target_value": [100000.0, 24.0, 700000.0],
        "source": ["Ambitie Talentopgave", "Voorbeeld", "Zomernota 2023–2027"],
        "example": [True, True, False], "note": [None, None, None],
        "baseline_from_data": [False, False, False],
        "status": ["behind", None, "ahead"],
        "latest_year": pd.array([2024, None, 2024], dtype="Int64"),
        "latest_value": [81000.0, nan, 400000.0], "path_value": [84000.0, nan, 175000.0],
        "gap_amount": [-3000.0, nan, 225000.0], "gap_years": [-3.0, nan, 1.3]})
    targets = targets.astype({"status": "string", "note": "string"})
    measurements = pd.DataFrame({
        "indicator": ["budget_committed_wonen", "budget_committed_wonen", "budget_spent_wonen"],
        "date": _dates("2023-12-31", "2024-06-30", "2024-06-30"),
        "value": [150000.0, 400000.0, 90000.0], "note": pd.array([None] * 3, dtype="string"),
        "example": [False, False, True]})
    milestones = pd.DataFrame({
        "date": _dates("2023-03-31", "2026-06-30"),
        "title": ["Programmaplan aangeboden", "Evaluatie wonen"],
        "pillar": ["programma", "wonen"], "status": ["gereed", "gepland"],
        "note": pd.array([None, None], dtype="string"), "example": [False, True]})
    events = pd.DataFrame({
        "date": _dates("2015-01-01", "2023-07-01", "2023-10-01"),
        "title": ["Nieuwe leeftijdsindeling", "Zomernota 2023–2027", "Programma gestart"],
        "kind": ["databreuk", "beleid", "beleid"],
        "link": pd.array([None, "https://www.hengelo.nl", None], dtype="string"),
        "note": pd.array([None] * 3, dtype="string"), "example": [True, False, False]})
    for name, frame in (("targets", targets), ("measurements", measurements),
                        ("milestones", milestones), ("events", events)):
        frame.to_parquet(folder / f"programme_{name}.parquet", index=False)
    indicators = [
        {"id": f"budget_{what}_wonen", "title_nl": f"Budget {what} wonen",
         "title_en": f"Budget {what} housing", "unit": "euro", "definition_nl": "Opgeteld.",
         "definition_en": "Cumulative.", "pillar": "wonen"} for what in ("committed", "spent")]
    (folder / "programme_indicators.json").write_text(json.dumps(indicators))


def write_vintage(folder: Path, *, vintage: str = DEFAULT_VINTAGE, mode: str = "demo",
                  boundaries: bool = True, real_boundaries: Path | None = None,
                  programme: bool = True) -> Path:
    """Write one complete vintage into ``folder`` and return it (``programme=False``: a
    vintage from before the programme file)."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = _all_region_counts()
    indicators = build_indicators(counts)
    indicators.to_parquet(folder / "indicators.parquet", index=False)
    build_population_by_age(counts).to_parquet(folder / "population_by_age.parquet", index=False)
    build_regions().to_parquet(folder / "regions.parquet", index=False)
    (folder / "catalogue.json").write_text(json.dumps(CATALOGUE, ensure_ascii=False, indent=2))
    if boundaries:
        geo = build_boundaries(real_boundaries)
        (folder / "boundaries.geojson").write_text(json.dumps(geo))
    if programme:
        write_programme(folder)
    manifest = build_manifest(vintage, mode, boundaries, indicators)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def publish(data_dir: Path, vintage: str) -> None:
    """Point ``data_dir/store`` at ``vintages/<vintage>``, swapping the link atomically."""
    link = data_dir / "store"
    temporary = data_dir / f".store-{vintage}"
    if temporary.is_symlink():
        temporary.unlink()
    os.symlink(Path("vintages") / vintage, temporary)
    os.replace(temporary, link)


def write_store(data_dir: Path, *, vintage: str = DEFAULT_VINTAGE, mode: str = "demo",
                boundaries: bool = True, real_boundaries: Path | None = None,
                programme: bool = True) -> Path:
    """Write ``data_dir/vintages/<vintage>/`` and publish it as ``data_dir/store``."""
    data_dir = Path(data_dir)
    write_vintage(data_dir / "vintages" / vintage, vintage=vintage, mode=mode,
                  boundaries=boundaries, real_boundaries=real_boundaries, programme=programme)
    publish(data_dir, vintage)
    return data_dir / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--vintage", default=DEFAULT_VINTAGE)
    parser.add_argument("--mode", default="demo", choices=["demo", "offline", "live"])
    parser.add_argument("--no-boundaries", action="store_true")
    parser.add_argument("--real-boundaries", type=Path, default=None,
                        help="take the Twente features from a PDOK-shaped GeoJSON file")
    args = parser.parse_args()
    store = write_store(args.data_dir, vintage=args.vintage, mode=args.mode,
                        boundaries=not args.no_boundaries, real_boundaries=args.real_boundaries)
    print(f"store written: {store} -> {os.readlink(store)}")


if __name__ == "__main__":
    main()
