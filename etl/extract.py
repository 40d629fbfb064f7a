"""Extract: choose each source's table, build its server-side filter from its metadata, and
download it into the raw cache unless that table's ``Modified`` is cached already.

Every table is filtered server-side (03759ned alone holds ~98 million cells) to the regions in
scope, the total member of dimensions we do not break down (found by its title), and annual
periods where a table also has months. What to ask for is decided here once, from the
table's metadata (:func:`plan_query`); each API's client words it in its own dialect (v3
``substringof``, v4 ``Measure eq``/``startswith``/``contains``). Either client hands over
v3-shaped metadata and writes v3's raw layout, so this module does not care which API it
talks to. One table at a time: the pipeline decides what a failure means for the others.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from etl import raw
from etl.cbs_client import (
    CbsSource,
    Clause,
    MemberClause,
    PairClause,
    PeriodClause,
    PeriodsClause,
    Progress,
    Query,
    RegionClause,
    v3_query,
)
from etl.metadata import (
    MetadataError,
    dimension_keys,
    find_dimension,
    find_topic,
    find_total,
    normalised,
)
from etl.sources import SOURCES, TWENTE_MUNICIPALITIES, TWENTE_SCOPE_AGGREGATES, Source

SELECTION_FILE = "selection.json"  # which table played which role in the last extract
# Catalogue statuses of a table that is no longer kept up: v3's OutputStatus and v4's Status
# ('Regulier' / 'Gediscontinueerd' / 'Vervallen' in the v4 catalogue, in third-party notes of
# live calls in 2026 (an "ADR 025" whose repository the code index does not name) [3rd];
# 'Vervallen' has not been seen on v3, and excluding it there costs nothing).
ENDED_STATUSES = frozenset({"Gediscontinueerd", "Vervallen"})


@dataclass(frozen=True)
class Extracted:
    role: str
    table_id: str
    folder: Path
    downloaded: bool  # False when the cached copy for this Modified was reused


@dataclass
class TableMeta:
    """A table's metadata as fetched before its data: what the lookups of etl.metadata need."""

    table_id: str
    properties: list[dict]
    dimensions: dict[str, pd.DataFrame]
    raw_keys: dict[str, list[str]]  # the keys as CBS sends them, padding included
    warnings: list[str] = field(default_factory=list)


def scope_filter_terms(scope: str) -> list[str]:
    """Region codes (or code prefixes, for scope 'nl') matched with substringof."""
    if scope == "nl":
        return ["GM", "CR", "PV", "NL01"]
    return [*TWENTE_MUNICIPALITIES, *TWENTE_SCOPE_AGGREGATES]


def plan_query(source: Source, meta: TableMeta, scope: str, last_years: int | None = None) -> Query:
    """What to ask CBS for one table, from its metadata; raises MetadataError.

    ``last_years``: the peer finder's narrow national extract (etl/peer_stage.py): every
    municipality (no COROP areas or provinces) and only the newest ``last_years`` annual
    periods the table's metadata lists."""
    clauses: list[Clause] = []
    paired: list[str] = []
    if source.pairs is not None:
        paired = [find_dimension(meta, d.key_prefix, d.title) for d in source.pairs]
        clauses.append(_pair_clause(meta, paired, scope))
    for prop in meta.properties:
        kind, key = prop.get("Type"), prop["Key"]
        if key in paired:
            continue
        if kind == "GeoDimension":
            clause = _region_clause(source, meta, key, scope)
            if last_years is not None:
                clause = RegionClause(key, ("GM",), clause.sent_as)
            clauses.append(clause)
        elif kind == "TimeDimension" and last_years is not None:
            sent = _sent_as(meta, key)
            years = sorted(code for code in sent if "JJ" in code)[-last_years:]
            clauses.append(PeriodsClause(key, tuple(sent[code] for code in years)))
        elif kind == "TimeDimension":
            if source.annual_only:
                clauses.append(PeriodClause(key, "JJ"))
        elif kind == "Dimension" and key not in source.keep_all:
            code = find_total(meta, key)
            clauses.append(MemberClause(key, _sent_as(meta, key)[code]))
    topics = (
        tuple(find_topic(meta, item.key_prefix, item.title) for item in source.topics)
        if source.topics
        else None
    )
    return Query(meta.table_id, tuple(dimension_keys(meta.properties)), topics, tuple(clauses))


def _region_clause(source: Source, meta: TableMeta, key: str, scope: str) -> RegionClause:
    present = set(meta.dimensions[key]["Key"])
    missing = [code for code in TWENTE_MUNICIPALITIES if code not in present]
    if missing:  # every scope includes Twente, so its municipalities must be there
        raise MetadataError(
            meta.table_id, f"region(s) {', '.join(missing)} missing from dimension {key}"
        )
    terms = scope_filter_terms(scope)
    if source.role == "regions":  # Gebieden in Nederland lists municipalities only
        terms = [t for t in terms if t.startswith("GM")]
    return RegionClause(key, tuple(terms), _sent_as(meta, key))


def _pair_clause(meta: TableMeta, dimensions: list[str], scope: str) -> PairClause:
    """Rows whose origin or destination is a municipality in scope: Twente's 14 codes one by
    one (``eq``), or for scope 'nl' every municipality (the prefix 'GM')."""
    for key in dimensions:
        present = set(meta.dimensions[key]["Key"])
        missing = [code for code in TWENTE_MUNICIPALITIES if code not in present]
        if missing:
            raise MetadataError(
                meta.table_id, f"municipality(ies) {', '.join(missing)} missing from {key}"
            )
    terms = tuple(t for t in scope_filter_terms(scope) if t.startswith("GM"))
    return PairClause(tuple(dimensions), terms, {key: _sent_as(meta, key) for key in dimensions})


def _sent_as(meta: TableMeta, key: str) -> dict[str, str]:
    """Each member's stripped code -> the code as CBS sent it (padding included)."""
    return dict(zip(meta.dimensions[key]["Key"], meta.raw_keys[key], strict=True))


def build_query(source: Source, meta: TableMeta, scope: str) -> tuple[list[str] | None, str]:
    """($select, $filter) for one table in OData v3, from its metadata; raises
    MetadataError."""
    return v3_query(plan_query(source, meta, scope))


def choose_table(client: CbsSource, source: Source, progress: Progress) -> str:
    """The newest regular edition of a table whose catalogue title starts with the source's
    ``catalogue_title`` ("Arbeidsdeelname; gemeenten (regio-indeling 2024)"). The id is
    returned as the catalogue spells it: v4 ids are case-sensitive."""
    if not source.catalogue_title:
        return source.default_table
    # CBS writes one title with and without parentheses ("Arbeidsmarktsituatie jongeren (15
    # tot 27 jaar)…" and "…jongeren 15 tot 27 jaar; regio 2024" for 86087NED, etl/sources.py):
    # the server is asked for the words before any parenthesis, and titles are compared
    # normalised (etl/metadata.py: punctuation as spaces).
    records = client.catalogue(source.catalogue_title.split("(", 1)[0].strip())
    wanted = normalised(source.catalogue_title)
    candidates = [
        r
        for r in records
        if normalised(r.get("Title", "")).startswith(wanted)
        and str(r.get("Language", "nl")).lower() == "nl"
        and str(r.get("OutputStatus", "Regulier")) not in ENDED_STATUSES
    ]
    if not candidates:
        progress(
            f"  catalogue has no table titled '{source.catalogue_title}…'; "
            f"using {source.default_table}"
        )
        return source.default_table
    newest = max(candidates, key=lambda r: (str(r.get("Modified", "")), str(r["Identifier"])))
    return str(newest["Identifier"])


def fetch_metadata(client: CbsSource, table_id: str) -> TableMeta:
    properties = client.metadata(table_id, "DataProperties")
    entities, raw_keys = {}, {}
    for key in dimension_keys(properties):
        records = client.metadata(table_id, key)
        raw_keys[key] = [str(r["Key"]) for r in records]
        entities[key] = pd.DataFrame(
            {
                "Key": [k.strip() for k in raw_keys[key]],
                "Title": [str(r.get("Title", "")) for r in records],
            }
        )
    return TableMeta(table_id, properties, entities, raw_keys)


def extract_table(
    client: CbsSource,
    source: Source,
    table_id: str,
    raw_dir: Path,
    scope: str,
    progress: Progress,
    last_years: int | None = None,
) -> Extracted:
    info = client.table_info(table_id)
    modified = str(info.get("Modified", ""))
    folder = raw.cached_folder(raw_dir, table_id, modified)
    if folder.exists() and _covers_scope(folder, scope, last_years):
        progress(f"{table_id} ({source.role}): unchanged since {modified}, using the cache")
        return Extracted(source.role, table_id, folder, downloaded=False)

    progress(
        f"{table_id} ({source.role}): {info.get('Title', '')} — modified {modified} "
        f"(CBS {client.api})"
    )
    meta = fetch_metadata(client, table_id)
    select, filters = client.render_query(plan_query(source, meta, scope, last_years))
    for warning in meta.warnings:
        progress(f"  WARNING: {warning}")

    building = folder.parent / f".building-{folder.name}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        client.download(table_id, building, select=select, filters=filters or None)
        _check_download(building, table_id)
        provenance = {
            "table_id": table_id,
            "role": source.role,
            "api": client.api,
            "url": client.base_url,
            "table_url": client.table_url(table_id),
            "modified": modified,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scope": scope,
            "last_years": last_years,
            "select": select,
            "filter": filters,
            "licence": "CC BY 4.0, Centraal Bureau voor de Statistiek",
        }
        (building / raw.PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2))
        rows = raw.data_row_count(building)  # from the sidecar written during the download
        progress(f"  {table_id}: {rows:,} rows")
        if folder.exists():
            shutil.rmtree(folder)
        building.rename(folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return Extracted(source.role, table_id, folder, downloaded=True)


def _check_download(folder: Path, table_id: str) -> None:
    for name in ("TableInfos.json", "DataProperties.json", raw.DATA_FILE):
        if not (folder / name).exists():
            raise MetadataError(table_id, f"entity set {name.removesuffix('.json')} missing")


def _covers_scope(folder: Path, scope: str, last_years: int | None = None) -> bool:
    """A cached 'nl' download also serves 'twente'; not the other way round. A narrow copy
    (``last_years``) serves only a request for as many years."""
    path = folder / raw.PROVENANCE_FILE
    if not path.exists():
        return True  # demo or hand-made caches carry no provenance: take them as they are
    provenance = json.loads(path.read_text())
    if provenance.get("last_years") != last_years:
        return False
    cached_scope = provenance.get("scope", "twente")
    return cached_scope == scope or cached_scope == "nl"


def read_selection(raw_dir: Path) -> dict[str, str]:
    path = raw_dir / SELECTION_FILE
    try:
        return json.loads(path.read_text()) if path.exists() else {}
    except ValueError:
        return {}


def record_selection(raw_dir: Path, role: str, table_id: str) -> None:
    """Remember which table served a role, for offline rebuilds (others stay as they were)."""
    selection = read_selection(raw_dir)
    selection[role] = table_id
    write_selection(raw_dir, selection)


def write_selection(raw_dir: Path, selection: dict[str, str]) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    tmp = raw_dir / f".{SELECTION_FILE}.tmp"
    tmp.write_text(json.dumps(selection, indent=2))
    tmp.replace(raw_dir / SELECTION_FILE)


def cached_table(raw_dir: Path, source: Source) -> Extracted:
    """The raw cache's copy of a role's table as left by the last extract (offline rebuilds);
    raises FileNotFoundError naming the table when there is none."""
    table_id = read_selection(raw_dir).get(source.role, source.default_table)
    folder = raw.newest_cached_folder(raw_dir, table_id)
    if folder is None:
        raise FileNotFoundError(
            f"the raw cache {raw_dir} has no copy of {table_id} ({source.role}); "
            "run a live refresh once, or use --demo"
        )
    return Extracted(source.role, table_id, folder, downloaded=False)


def older_cached_folders(raw_dir: Path, table_id: str, besides: Path | None) -> list[Path]:
    """Cached copies of a table other than ``besides``, newest first (carry-over candidates)."""
    table_dir = raw_dir / table_id
    if not table_dir.is_dir():
        return []
    folders = sorted(
        (p for p in table_dir.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True
    )
    return [p for p in folders if besides is None or p.resolve() != besides.resolve()]


__all__ = [
    "SOURCES",
    "Extracted",
    "TableMeta",
    "build_query",
    "cached_table",
    "choose_table",
    "extract_table",
    "fetch_metadata",
    "older_cached_folders",
    "plan_query",
    "read_selection",
    "record_selection",
    "scope_filter_terms",
    "write_selection",
]
