"""Each source table on its own: raw table -> its *product* -> checked -> kept in the store.

A product is what one CBS table contributes, before tables are combined: count frames, the
age classes of a migration table, the membership of municipalities. Products are made,
checked and published per table, so a table that fails (CBS unreachable, a changed item,
figures that do not pass) can be carried over unchanged from the last published store while
every other table is refreshed. The store keeps each table's product under
``sources/<role>/`` (docs/store.md); the dashboard does not read them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from etl import contract
from etl.metadata import REGION_CODE
from etl.raw import RawTable
from etl.sources import TWENTE_MUNICIPALITIES, TWENTE_SCOPE_AGGREGATES
from etl.transform import (
    activity_counts,
    domestic_class_counts,
    domestic_totals,
    dynamics_counts,
    forecast_counts,
    international_class_counts,
    labour_counts,
    municipality_membership,
    population_by_age,
    population_totals,
    region_titles,
)
from etl.transform.flows import flow_counts

Product = dict[str, pd.DataFrame]
# Parts the store already publishes for the dashboard are not written twice.
PUBLISHED_PARTS = {
    ("population_by_age", "by_age"): contract.POPULATION_BY_AGE_FILE,
    ("flows", "flows"): contract.FLOWS_FILE,
}
# Counts of people or events that can never be negative. Not in it: balances, and emigration
# "inclusief administratieve correcties" -- the real 37259ned has -1 for GM0088 in 2012
# (../shared/cbs-snapshot/37259ned), as corrections can outweigh the emigrants.
NON_NEGATIVE_COLUMNS = frozenset(
    {
        "p_total",
        "mean_population",
        "population",
        "population_jan1",
        "population_dec31",
        "births",
        "deaths",
        "labour_population",
        "employed",
        "forecast",
        "forecast_lower",
        "forecast_upper",
        "settled",
        "departed",
        "settled_all",
        "departed_all",
        "youth_total",
        "youth_working",
        "youth_in_education",
        "youth_neet",
    }
)


def _population(t: RawTable) -> Product:
    return {"by_age": population_by_age(t), "totals": population_totals(t)}


def _dynamics(t: RawTable) -> Product:
    return {"counts": dynamics_counts(t), "region_titles": region_titles(t)}


MAKERS: dict[str, Callable[[RawTable], Product]] = {
    "population_by_age": _population,
    "dynamics": _dynamics,
    "domestic_moves": lambda t: {
        "classes": domestic_class_counts(t),
        "totals": domestic_totals(t),  # all ages: the mover shares' denominators
    },
    "international_migration": lambda t: {"classes": international_class_counts(t)},
    "labour": lambda t: {"counts": labour_counts(t)},
    "forecast": lambda t: {"counts": forecast_counts(t)},
    "regions": lambda t: {"membership": municipality_membership(t)},
    "flows": lambda t: {"flows": flow_counts(t)},
    "youth_activity": lambda t: {"counts": activity_counts(t)},
}
PARTS = {
    "population_by_age": ("by_age", "totals"),
    "dynamics": ("counts", "region_titles"),
    "domestic_moves": ("classes", "totals"),
    "international_migration": ("classes",),
    "labour": ("counts",),
    "forecast": ("counts",),
    "regions": ("membership",),
    "flows": ("flows",),
    "youth_activity": ("counts",),
}


def in_scope(codes: pd.Series, scope: str) -> pd.Series:
    """Which region codes a store of ``scope`` keeps: every municipality, COROP area,
    province and the country (nl), or Twente's municipalities, CR12, PV23 and NL01."""
    if scope == "nl":
        return codes.astype(str).str.match(r"^(GM|CR|PV)\d+$|^NL01$")
    return codes.isin([*TWENTE_MUNICIPALITIES, *TWENTE_SCOPE_AGGREGATES])


def scoped(product: Product, scope: str) -> Product:
    """Region rows outside the scope dropped (names and membership are kept whole); flows
    keep the pairs with a scope municipality as origin or as destination."""
    return {name: _scoped(frame, scope) for name, frame in product.items()}


def _in_scope_by_code(codes: pd.Series, scope: str) -> np.ndarray:
    """:func:`in_scope` decided once per distinct code (flows repeat a few hundred codes
    over hundreds of thousands of rows)."""
    cat = pd.Categorical(codes)
    decided = in_scope(pd.Series(cat.categories.astype(str)), scope).to_numpy(dtype=bool)
    return np.append(decided, False)[cat.codes]


def _scoped(frame: pd.DataFrame, scope: str) -> pd.DataFrame:
    if "origin" in frame and "destination" in frame:
        either = _in_scope_by_code(frame["origin"], scope) | _in_scope_by_code(
            frame["destination"], scope
        )
        return frame.loc[either].reset_index(drop=True)
    if "region_code" in frame and "year" in frame:
        return frame.loc[in_scope(frame["region_code"], scope)].reset_index(drop=True)
    return frame


def make_product(role: str, table: RawTable, scope: str) -> Product:
    """The table's product within ``scope``; raises MetadataError (an item is not where its
    title should be) or ValueError (the figures do not fit together)."""
    return scoped(MAKERS[role](table), scope)


def product_problems(role: str, table_id: str, product: Product) -> list[str]:
    """What is wrong with one table's figures, one plain sentence each (empty: fine)."""
    problems = []
    if role == "flows":
        return flow_problems(table_id, product["flows"])
    for name, frame in product.items():
        if "year" not in frame:
            continue
        problems += _frame_problems(table_id, name, frame)
    counted = product.get("counts", product.get("classes", product.get("totals")))
    if counted is not None and role != "regions":
        present = set(counted["region_code"])
        missing = [code for code in TWENTE_MUNICIPALITIES if code not in present]
        if missing:
            problems.append(
                f"CBS table {table_id} has no figures for region(s) "
                f"{', '.join(missing)}, which every store needs"
            )
    if role == "regions":
        membership = product["membership"]
        missing = [c for c in TWENTE_MUNICIPALITIES if c not in set(membership["region_code"])]
        if missing:
            problems.append(
                f"CBS table {table_id} does not list municipality(ies) {', '.join(missing)}"
            )
    return problems


def flow_problems(table_id: str, flows: pd.DataFrame) -> list[str]:
    """What is wrong with 81734NED's flows: none at all, codes that are not municipalities,
    years out of range, or a Twente municipality with no flow in any year."""
    if flows.empty:
        return [f"CBS table {table_id}: no flows in scope"]
    problems = []
    codes = set(pd.unique(flows["origin"])) | set(pd.unique(flows["destination"]))
    bad = sorted(c for c in codes if not str(c).startswith("GM") or not REGION_CODE.match(c))
    if bad:
        problems.append(
            f"CBS table {table_id}: {', '.join(bad[:5])} are not municipality codes (GM0000)"
        )
    if ((flows["year"] < 1900) | (flows["year"] > 2100)).any():
        problems.append(f"CBS table {table_id}: years outside 1900-2100 (flows)")
    missing = [code for code in TWENTE_MUNICIPALITIES if code not in codes]
    if missing:
        problems.append(
            f"CBS table {table_id} has no flows from or to {', '.join(missing)}, "
            "which every store needs"
        )
    return problems


def _frame_problems(table_id: str, name: str, frame: pd.DataFrame) -> list[str]:
    problems = []
    if frame.empty:
        return [f"CBS table {table_id}: no rows in scope ({name})"]
    codes = pd.unique(frame["region_code"].astype(str))  # a few hundred among millions of rows
    bad_codes = sorted(c for c in codes if not REGION_CODE.match(c))
    if bad_codes:
        problems.append(
            f"CBS table {table_id}: region codes {', '.join(bad_codes[:5])} are not "
            "CBS region codes (GM0000, CR00, PV00, NL01)"
        )
    years = frame["year"]
    if ((years < 1900) | (years > 2100)).any():
        problems.append(f"CBS table {table_id}: years outside 1900-2100 ({name})")
    numeric = [
        c
        for c in frame.columns
        if c not in ("year", "age", "age_lower", "age_upper")
        and pd.api.types.is_numeric_dtype(frame[c])
        and frame[c].dtype != bool
    ]
    for column in numeric:
        values = frame[column].to_numpy(dtype="float64")
        if np.isinf(values).any():
            problems.append(f"CBS table {table_id}: {column} holds an infinite value")
        if column in NON_NEGATIVE_COLUMNS and (values < 0).any():
            row = frame.loc[values < 0].iloc[0]
            problems.append(
                f"CBS table {table_id}: {column} is negative "
                f"({row['region_code']} {row['year']}: {row[column]:g})"
            )
    return problems


def product_file(folder: Path, role: str, part: str) -> Path:
    published = PUBLISHED_PARTS.get((role, part))
    if published:
        return folder / published
    return folder / contract.SOURCES_FOLDER / role / f"{part}.parquet"


def write_product(folder: Path, role: str, product: Product) -> None:
    for part, frame in product.items():
        if (role, part) in PUBLISHED_PARTS:
            continue  # the store writer publishes it under its own name
        path = product_file(folder, role, part)
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path, index=False)


def read_product(folder: Path, role: str, scope: str) -> Product | None:
    """A table's product as an earlier store published it, or None if that store has none
    (stores from before products were kept, or a table that was absent there)."""
    paths = {part: product_file(folder, role, part) for part in PARTS[role]}
    if not all(path.exists() for path in paths.values()):
        return None
    return scoped({part: pd.read_parquet(path) for part, path in paths.items()}, scope)
