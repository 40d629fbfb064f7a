"""Combine the tables' products into the store's frames, and check what only the whole shows.

Pure functions: products (fresh or carried over, see :mod:`etl.products`) in, the frames of
the store out. An indicator is computed only when every table it draws on has a product; a
table that is absent leaves its indicators out, never the store.

Checks across tables (03759ned and 37259ned must agree on the population; shares must lie
within 0-100) name the tables involved in the order in which they are to be held back:
the pipeline carries the first *fresh* one over from the last store and assembles again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from etl.catalogue import Catalogue, load_catalogue, render
from etl.indicators import compute_indicators
from etl.products import Product, in_scope
from etl.transform import (
    YouthBand,
    domestic_moves_counts,
    international_counts,
    population_counts,
    regions,
    youth_band,
)
from etl.transform.retention import retention_gaps
from etl.validate import (
    INDICATORS,
    POPULATION_BY_AGE,
    REGIONS,
    coverage_problems,
    schema_problems,
    share_problems,
    totals_problems,
)

CLASS_ROLES = ("domestic_moves", "international_migration")


@dataclass(frozen=True)
class StoreFrames:
    indicators: pd.DataFrame
    population_by_age: pd.DataFrame
    regions: pd.DataFrame
    catalogue: list[dict]  # every indicator, computed or not (definitions for the app)
    counts: dict[str, pd.DataFrame]  # per source role; checked, not published
    band: YouthBand
    warnings: list[str] = field(default_factory=list)
    # Why retention_18_25 / _30 have no value somewhere (contract.RETENTION_GAP_COLUMNS)
    retention_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class Problem:
    """A check across tables that failed; ``roles``: whom to hold back, first to last."""

    message: str
    roles: tuple[str, ...]


def counts_from(products: Mapping[str, Product], band: YouthBand) -> dict[str, pd.DataFrame]:
    """One count frame per role that has a product (the indicators' inputs)."""
    counts: dict[str, pd.DataFrame] = {}
    population = products["population_by_age"]
    counts["population_by_age"] = population_counts(
        population["by_age"], population["totals"], band
    )
    counts["dynamics"] = products["dynamics"]["counts"]
    if "domestic_moves" in products:
        moves = products["domestic_moves"]
        counts["domestic_moves"] = domestic_moves_counts(
            moves["classes"], band, moves.get("totals")
        )
    if "international_migration" in products:
        counts["international_migration"] = international_counts(
            products["international_migration"]["classes"], band
        )
    for role in ("labour", "forecast", "youth_activity"):
        if role in products:
            counts[role] = products[role]["counts"]
    return counts


def assemble(
    products: Mapping[str, Product], scope: str, catalogue: Catalogue | None = None
) -> StoreFrames:
    """The store's frames from the products at hand (the population tables are required)."""
    warnings: list[str] = []
    class_frames = [products[r]["classes"] for r in CLASS_ROLES if r in products]
    ids = "+".join(str(f["source"].iloc[0]) for f in class_frames if len(f))
    band = youth_band(*class_frames, ids=ids)
    counts = {
        role: frame.loc[in_scope(frame["region_code"], scope)]
        for role, frame in counts_from(products, band).items()
    }
    membership = products["regions"]["membership"] if "regions" in products else None
    if membership is None:
        warnings.append(
            "Gebieden in Nederland is not available: only Twente's membership of "
            "COROP area and province is known"
        )
    titles = products["dynamics"]["region_titles"]
    region_frame = regions(membership, titles, _table_id(counts["dynamics"]), warnings)
    full = render(catalogue or load_catalogue(), band)
    computable = [i for i in full.indicators if all(s in counts for s in i.sources)]
    indicators = compute_indicators(counts, region_frame, computable)
    indicators = indicators[in_scope(indicators["region_code"], scope)]
    stored = set(indicators["region_code"])
    by_age = products["population_by_age"]["by_age"]
    gaps = retention_gaps(
        counts["population_by_age"], indicators, int(by_age["year"].min()) if len(by_age) else None
    )
    return StoreFrames(
        indicators=indicators.sort_values(["indicator", "region_code", "year"], ignore_index=True),
        population_by_age=by_age[by_age["region_code"].isin(stored)].reset_index(drop=True),
        regions=region_frame[region_frame["region_code"].isin(stored)].reset_index(drop=True),
        catalogue=full.records(),
        counts=counts,
        band=band,
        warnings=warnings,
        retention_gaps=gaps[gaps["region_code"].isin(stored)].reset_index(drop=True),
    )


def store_problems(frames: StoreFrames) -> tuple[list[str], list[Problem]]:
    """(problems no table can be blamed for, problems across tables with whom to hold back).

    The first list means a fault in the ETL itself: nothing is published."""
    general = [
        *schema_problems(INDICATORS, frames.indicators),
        *schema_problems(POPULATION_BY_AGE, frames.population_by_age),
        *schema_problems(REGIONS, frames.regions),
    ]
    across: list[Problem] = []
    sources = {c["id"]: tuple(c["sources"]) for c in frames.catalogue}
    for message, indicator in share_problems(frames.indicators, frames.catalogue):
        roles = sources.get(indicator, ())
        # Hold back the table that is not a population table first: its figures are the
        # likelier to be wrong than CBS's population counts that every other table agrees to.
        across.append(
            Problem(
                message, tuple(sorted(roles, key=lambda r: r in ("population_by_age", "dynamics")))
            )
        )
    population, dynamics = frames.counts["population_by_age"], frames.counts["dynamics"]
    for message in coverage_problems(
        frames.indicators, population[["region_code", "year"]], "population", _table_id(population)
    ):
        across.append(Problem(message, ("population_by_age",)))
    for message in coverage_problems(
        frames.indicators, dynamics[["region_code", "year"]], "births", _table_id(dynamics)
    ):
        across.append(Problem(message, ("dynamics",)))
    for message in totals_problems(
        population[["region_code", "year", "p_total"]].dropna(),
        dynamics[["region_code", "year", "population_jan1"]].dropna(),
        _table_id(population),
        _table_id(dynamics),
    ):
        across.append(Problem(message, ("dynamics", "population_by_age")))
    return general, across


def _table_id(counts: pd.DataFrame) -> str:
    return str(counts["source"].iloc[0]) if len(counts) else "?"
