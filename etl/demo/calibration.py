"""Calibrating the model to a real 37259ned (e.g. ``../shared/cbs-snapshot/37259ned``).

CBS's totals replace the model's for every year the real table has: per sex, the population on
1 January (and 31 December of the last year, which is the next 1 January), moves from and to
other municipalities, immigration and emigration. The model only supplies how those totals
split by age. Calibration units are the 14 Twente municipalities, the rest of Overijssel
(PV23 - CR12) and the rest of the country (NL01 - PV23), so Twente, Overijssel and Nederland
equal CBS exactly and still are sums of their members. Years outside the real table are the
model's, scaled by the unit's ratio CBS/model in the nearest real year.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from .population import Simulation, calibrate
from .regions import TWENTE, World

SEXES = {"3000": 0, "4000": 1}
# Model flow -> 37259ned topic giving its total.
FLOW_TOPICS = {
    "moved_in": "UitAndereGemeente_11",
    "moved_out": "NaarAndereGemeente_16",
    "immigration": "Immigratie_10",
    "emigration": "EmigratieInclusiefAdministratieveC_14",
}
POPULATION_START = "BevolkingOp1Januari_1"
POPULATION_END = "BevolkingOp31December_20"


def read_dynamics(folder: Path) -> dict[tuple[str, str, int], dict]:
    """The real table's rows by (region code without padding, sex key, year)."""
    with open(folder / "TypedDataSet.json") as f:
        rows = json.load(f)
    out = {}
    for row in rows:
        period = str(row["Perioden"])
        if period.endswith("JJ00"):
            out[(str(row["RegioS"]).strip(), str(row["Geslacht"]).strip(), int(period[:4]))] = row
    return out


def _units(world: World) -> tuple[np.ndarray, list[str]]:
    """Unit of every municipality: Twente's own, then rest of Overijssel, rest of country."""
    twente = [m.code for m in TWENTE]
    unit_of = np.empty(len(world.municipalities), dtype=np.int64)
    for i, m in enumerate(world.municipalities):
        if m.code in twente:
            unit_of[i] = twente.index(m.code)
        elif m.corop in ("CR10", "CR11"):
            unit_of[i] = len(twente)
        else:
            unit_of[i] = len(twente) + 1
    return unit_of, [*twente, "PV23-CR12", "NL01-PV23"]


def _real_total(rows: dict, unit: str, sex: str, year: int, topic: str) -> int | None:
    def value(region: str) -> int | None:
        row = rows.get((region, sex, year))
        if row is None:
            return None
        v = row.get(topic)
        if v is None:
            raise ValueError(f"37259ned has no {topic} for {region}, {sex}, {year}")
        return int(v)

    if "-" not in unit:
        return value(unit)
    whole, part = unit.split("-")
    a, b = value(whole), value(part)
    return None if a is None or b is None else a - b


def calibrate_to_dynamics(sim: Simulation, world: World, folder: Path) -> Simulation:
    rows = read_dynamics(folder)
    real_years = sorted({y for (_, _, y) in rows})
    needed = [m.code for m in TWENTE] + ["CR12", "PV23", "NL01"]
    missing = [c for c in needed if (c, "3000", real_years[-1]) not in rows]
    if missing:
        raise ValueError(f"{folder}: 37259ned lacks region(s) {', '.join(missing)}")
    unit_of, units = _units(world)
    n_units = len(units)
    onehot = np.zeros((n_units, len(unit_of)), dtype=np.int64)
    onehot[unit_of, np.arange(len(unit_of))] = 1

    def targets_for(model: np.ndarray, years: list[int], topic_of_year) -> np.ndarray:
        """Targets (years, units, 2): CBS where it has the year, else the scaled model."""
        model_totals = np.einsum("ul,yls->yus", onehot, model.sum(axis=-1))
        real = np.full(model_totals.shape, -1, dtype=np.int64)
        for k, year in enumerate(years):
            topic = topic_of_year(year)
            if topic is None:
                continue
            for u, unit in enumerate(units):
                for sex, s in SEXES.items():
                    total = _real_total(rows, unit, sex, topic[1], topic[0])
                    if total is not None:
                        real[k, u, s] = total
        have = real[:, 0, 0] >= 0
        if not have.any():
            raise ValueError(f"{folder}: no year of 37259ned overlaps the demo's years")
        known = np.flatnonzero(have)
        out = real.copy()
        for missing_year in np.flatnonzero(~have):
            closest = int(known[np.argmin(np.abs(known - missing_year))])
            ratio = real[closest] / np.maximum(model_totals[closest], 1)
            out[missing_year] = np.round(model_totals[missing_year] * ratio).astype(np.int64)
        return out

    def apply(model: np.ndarray, targets: np.ndarray) -> np.ndarray:
        out = np.empty_like(model)
        for k in range(model.shape[0]):
            for s in (0, 1):
                out[k, :, s] = calibrate(model[k, :, s], unit_of, targets[k, :, s])
        return out

    pop_years = [sim.first_year + k for k in range(sim.population.shape[0])]
    last_real = real_years[-1]

    def population_topic(year: int):
        if year in real_years:
            return POPULATION_START, year
        if year == last_real + 1:
            return POPULATION_END, last_real
        return None

    population = apply(sim.population, targets_for(sim.population, pop_years, population_topic))
    flow_years = pop_years[:-1]
    flows: dict[str, Any] = {}
    for name, topic in FLOW_TOPICS.items():
        model = getattr(sim, name)
        flows[name] = apply(
            model,
            targets_for(model, flow_years, lambda y, t=topic: (t, y) if y in real_years else None),
        )
    # Moves within a municipality are not in 37259ned: follow the population's scaling.
    scale = population[:-1].sum(axis=(2, 3)) / np.maximum(sim.population[:-1].sum(axis=(2, 3)), 1)
    within = np.round(sim.moved_within * scale[:, :, None, None]).astype(np.int64)
    return replace(
        sim,
        population=population,
        moved_within=within,
        **flows,
        extra={**sim.extra, "calibrated_years": real_years},
    )
