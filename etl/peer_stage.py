"""The peer finder's features for every Dutch municipality, in every refresh (issue 15).

A scope 'twente' store holds figures for Twente only, but "gemeenten zoals Hengelo" are
looked for in the whole country. So beside the scope's tables the refresh reads a second,
*narrow* extract of the four tables the features come from: every municipality (no COROP
areas or provinces), both sexes together, the newest few years only (:data:`PEER_YEARS`),
and only the topics the features need. A scope 'nl' store already has every municipality:
its own products are used and nothing more is downloaded.

The narrow copies are cached apart from the scope's (``raw/peers/<table>/<Modified>/``), so
they never stand in for a full copy when a table is carried over. A table whose narrow
extract fails leaves its features NaN (the peer finder leaves them out with a note); when
the population table fails, the last published store's features are kept, else there are
none. What happened is in the manifest (``peer_features``), never an error of the refresh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import contract, demo, raw
from etl.cbs_client import CbsError, CbsSource
from etl.extract import cached_table, extract_table, record_selection
from etl.metadata import MetadataError
from etl.products import Product, make_product
from etl.sources import AGE, SOURCES_BY_ROLE, Source
from etl.transform import region_titles
from etl.transform.peers import peer_features
from etl.transform.youth import YouthBand, youth_band

Progress = Callable[[str], None]
PEERS_FOLDER = "peers"  # raw/peers/<table>/<Modified>/: the narrow national copies
# Annual periods asked for per role: the population on 1 January of five years covers the
# youth band's denominators of three migration years even when the population table runs a
# year ahead of the migration tables (as CBS's do); labour: the newest two, in case the
# newest is not yet published for every municipality.
PEER_YEARS = {
    "population_by_age": 5,
    "domestic_moves": 3,
    "international_migration": 3,
    "labour": 2,
}


@dataclass
class PeerFeatures:
    frame: pd.DataFrame | None  # contract.PEER_FEATURE_COLUMNS, or None: no features
    entry: dict = field(default_factory=dict)  # the manifest's ``peer_features``


def narrow_source(role: str) -> Source:
    """The role's source with every dimension but age held at its total (both sexes)."""
    source = SOURCES_BY_ROLE[role]
    return dataclasses.replace(source, keep_all=source.keep_all & {AGE, "Leeftijd31December"})


def peer_products(
    mode: str,
    *,
    table_ids: Mapping[str, str],
    raw_dir: Path | None,
    clients: tuple[CbsSource, ...] = (),
    demo_folders: Mapping[str, Path] | None = None,
    progress: Progress = print,
) -> tuple[dict[str, Product], pd.DataFrame | None, dict[str, str]]:
    """(products per role, the population table's region titles, problems per role) of
    the narrow national extracts; ``mode``: 'live', 'offline' or 'demo'."""
    products: dict[str, Product] = {}
    titles = None
    problems: dict[str, str] = {}
    for role, years in PEER_YEARS.items():
        table_id = table_ids.get(role, SOURCES_BY_ROLE[role].default_table)
        try:
            folder = _narrow_folder(
                mode, role, table_id, years, raw_dir, clients, demo_folders, progress
            )
            table = raw.load_raw_table(folder)
            products[role] = make_product(role, table, "nl")
            if role == "population_by_age":
                titles = region_titles(table)
        except (CbsError, MetadataError, FileNotFoundError, KeyError, ValueError) as exc:
            problems[role] = f"{table_id}: {exc}"
            progress(f"  peers: the national extract of {table_id} ({role}) failed: {exc}")
    return products, titles, problems


def _narrow_folder(
    mode: str,
    role: str,
    table_id: str,
    years: int,
    raw_dir: Path | None,
    clients: tuple[CbsSource, ...],
    demo_folders: Mapping[str, Path] | None,
    progress: Progress,
) -> Path:
    if mode == "demo":
        assert demo_folders is not None
        return demo_folders[f"{demo.PEER_FOLDER}/{demo.DEMO_TABLES[role]}"]
    assert raw_dir is not None
    peers_dir = raw_dir / PEERS_FOLDER
    source = narrow_source(role)
    if mode == "offline":
        return cached_table(peers_dir, source).folder
    failure: CbsError | None = None
    for client in clients:
        try:
            extracted = extract_table(
                client, source, table_id, peers_dir, "nl", progress, last_years=years
            )
        except CbsError as exc:
            failure = exc
            continue
        record_selection(peers_dir, role, table_id)
        return extracted.folder
    raise failure or CbsError(f"no CBS API to read {table_id} from", "unreachable")


def newest_years(role: str, product: Product) -> Product:
    """A scope 'nl' product cut to what the narrow extract would hold: its newest
    :data:`PEER_YEARS` years, both sexes together (03759ned's by_age), so the features cost
    no more memory than the narrow extract's (a copy of every year of 03759ned would)."""
    cut = {}
    for part, frame in product.items():
        if "year" in frame and len(frame):
            frame = frame.loc[frame["year"] > frame["year"].max() - PEER_YEARS[role]]
            if "sex" in frame:
                frame = frame.loc[frame["sex"] == "totaal"]
        cut[part] = frame
    return cut


def build_peer_features(
    products: Mapping[str, Product],
    titles: pd.DataFrame | None,
    problems: Mapping[str, str],
    previous_store: Path | None,
) -> PeerFeatures:
    """The features from the products at hand; without a population product the previous
    store's file (kept) or none (absent)."""
    population = products.get("population_by_age")
    try:
        made = _made(products, population, titles) if population is not None else None
    except (MetadataError, KeyError, ValueError) as exc:  # e.g. no municipality in the extract
        problems = {**problems, "population_by_age": f"peer features: {exc}"}
        made = None
    if made is None or titles is None:
        kept = _previous(previous_store)
        entry: dict[str, object] = {
            "outcome": contract.KEPT if kept is not None else contract.ABSENT,
            "problems": dict(problems),
            "municipalities": 0 if kept is None else len(kept),
        }
        return PeerFeatures(kept, entry)
    frame, band = made
    sources = {role: _source_id(product) for role, product in products.items()}
    entry = {
        "outcome": contract.FRESH,
        "municipalities": len(frame),
        "population_year": int(frame["population_year"].max()) if len(frame) else None,
        "youth_band": [band.lower, band.upper_inclusive],
        "sources": sources,
        "problems": dict(problems),
    }
    return PeerFeatures(frame, entry)


def _made(
    products: Mapping[str, Product], population: Product, titles: pd.DataFrame | None
) -> tuple[pd.DataFrame, YouthBand] | None:
    if titles is None:
        return None
    classes = [
        products[role]["classes"]
        for role in ("domestic_moves", "international_migration")
        if role in products
    ]
    both = len(classes) == 2
    try:
        band = youth_band(*classes) if both else youth_band()
    except MetadataError:  # no common youth band: the migration rate is left out, not all
        band, both = youth_band(), False
    domestic = products.get("domestic_moves") if both else None
    international = products.get("international_migration") if both else None
    labour = products["labour"]["counts"] if "labour" in products else None
    if not population["totals"]["region_code"].astype(str).str.startswith("GM").any():
        raise ValueError("the population extract holds no municipality")
    return peer_features(population, band, titles, domestic, international, labour), band


def _source_id(product: Product) -> str | None:
    for frame in product.values():
        if "source" in frame and len(frame):
            return str(frame["source"].iloc[0])
    return None


def _previous(store: Path | None) -> pd.DataFrame | None:
    path = store / contract.PEER_FEATURES_FILE if store is not None else None
    return pd.read_parquet(path) if path is not None and path.exists() else None
