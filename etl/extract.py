"""Extract: choose each source's table, build its server-side filter from its metadata, and
download it into the raw cache unless that table's ``Modified`` is cached already.

Every table is filtered server-side (03759ned alone holds ~98 million cells) to the regions in
scope, the total member of dimensions we do not break down, and annual periods where a table
also has months.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from etl import raw
from etl.cbs_client import CbsClient, Progress
from etl.metadata import MetadataError, dimension_keys, topic_key, total_code
from etl.sources import SOURCES, TWENTE_MUNICIPALITIES, TWENTE_SCOPE_AGGREGATES, Source

SELECTION_FILE = "selection.json"  # which table played which role in the last extract


@dataclass(frozen=True)
class Extracted:
    role: str
    table_id: str
    folder: Path
    downloaded: bool  # False when the cached copy for this Modified was reused


def scope_filter_terms(scope: str) -> list[str]:
    """Region codes (or code prefixes, for scope 'nl') matched with substringof."""
    if scope == "nl":
        return ["GM", "CR", "PV", "NL01"]
    return [*TWENTE_MUNICIPALITIES, *TWENTE_SCOPE_AGGREGATES]


def _or(terms: list[str]) -> str:
    return "(" + " or ".join(terms) + ")" if len(terms) > 1 else terms[0]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def build_query(source: Source, table_id: str, properties: list[dict],
                entities: dict[str, pd.DataFrame], raw_keys: dict[str, list[str]],
                scope: str) -> tuple[list[str] | None, str]:
    """($select, $filter) for one table, from its metadata; raises MetadataError."""
    clauses: list[str] = []
    for prop in properties:
        kind, key = prop.get("Type"), prop["Key"]
        if kind == "GeoDimension":
            present = set(entities[key]["Key"])
            missing = [code for code in TWENTE_MUNICIPALITIES if code not in present]
            if missing:  # every scope includes Twente, so its municipalities must be there
                raise MetadataError(table_id, f"region(s) {', '.join(missing)} in {key}")
            terms = scope_filter_terms(scope)
            if source.role == "regions":  # Gebieden in Nederland lists municipalities only
                terms = [t for t in terms if t.startswith("GM")]
            clauses.append(_or([f"substringof({_quote(t)},{key})" for t in terms]))
        elif kind == "TimeDimension":
            if source.annual_only:
                clauses.append(f"substringof('JJ',{key})")
        elif kind in ("Dimension",) and key not in source.keep_all:
            code = total_code(table_id, key, entities[key])
            padded = raw_keys[key][list(entities[key]["Key"]).index(code)]
            clauses.append(f"{key} eq {_quote(padded)}")
    if source.topic_prefixes:
        topics = [topic_key(table_id, properties, p) for p in source.topic_prefixes]
        select = [*dimension_keys(properties), *topics]
    else:
        select = None
    return select, " and ".join(clauses)


def choose_table(client: CbsClient, source: Source, progress: Progress) -> str:
    """The newest regular edition of a table found by title in the CBS catalogue."""
    if not source.catalogue_title:
        return source.default_table
    records = client.catalogue(source.catalogue_title)
    candidates = [
        r for r in records
        if str(r.get("Title", "")).startswith(source.catalogue_title)
        and str(r.get("Language", "nl")).lower() == "nl"
        and str(r.get("OutputStatus", "Regulier")) != "Gediscontinueerd"
        and (not source.catalogue_title_also
             or any(w in str(r.get("Title", "")).lower() for w in source.catalogue_title_also))
    ]
    if not candidates:
        progress(f"  catalogue has no '{source.catalogue_title}' table; "
                 f"using {source.default_table}")
        return source.default_table
    newest = max(candidates, key=lambda r: (str(r.get("Modified", "")), str(r["Identifier"])))
    return str(newest["Identifier"])


def extract_table(client: CbsClient, source: Source, table_id: str, raw_dir: Path,
                  scope: str, progress: Progress) -> Extracted:
    info = client.table_info(table_id)
    modified = str(info.get("Modified", ""))
    folder = raw.cached_folder(raw_dir, table_id, modified)
    if folder.exists() and _covers_scope(folder, scope):
        progress(f"{table_id} ({source.role}): unchanged since {modified}, using the cache")
        return Extracted(source.role, table_id, folder, downloaded=False)

    progress(f"{table_id} ({source.role}): {info.get('Title', '')} — modified {modified}")
    properties = client.metadata(table_id, "DataProperties")
    entities, raw_keys = {}, {}
    for key in dimension_keys(properties):
        records = client.metadata(table_id, key)
        raw_keys[key] = [str(r["Key"]) for r in records]
        entities[key] = pd.DataFrame({"Key": [k.strip() for k in raw_keys[key]],
                                      "Title": [str(r.get("Title", "")) for r in records]})
    select, filters = build_query(source, table_id, properties, entities, raw_keys, scope)

    building = folder.parent / f".building-{folder.name}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        client.download(table_id, building, select=select, filters=filters or None)
        _check_download(building, table_id)
        provenance = {
            "table_id": table_id, "role": source.role, "url": client.base_url,
            "modified": modified, "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scope": scope, "select": select, "filter": filters,
            "licence": "CC BY 4.0, Centraal Bureau voor de Statistiek",
        }
        (building / raw.PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2))
        rows = raw.load_raw_table(building).data.shape[0]  # parses once, writes the parquet
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
            raise MetadataError(table_id, f"entity set {name.removesuffix('.json')}")


def _covers_scope(folder: Path, scope: str) -> bool:
    """A cached 'nl' download also serves 'twente'; not the other way round."""
    path = folder / raw.PROVENANCE_FILE
    if not path.exists():
        return True  # demo or hand-made caches carry no provenance: take them as they are
    cached_scope = json.loads(path.read_text()).get("scope", "twente")
    return cached_scope == scope or cached_scope == "nl"


def extract_all(client: CbsClient, raw_dir: Path, scope: str, progress: Progress
                ) -> dict[str, Extracted]:
    extracted = {}
    for source in SOURCES:
        table_id = choose_table(client, source, progress)
        extracted[source.role] = extract_table(client, source, table_id, raw_dir, scope,
                                               progress)
    write_selection(raw_dir, {role: e.table_id for role, e in extracted.items()})
    return extracted


def write_selection(raw_dir: Path, selection: dict[str, str]) -> None:
    raw_dir.mkdir(parents=True, exist_ok=True)
    (raw_dir / SELECTION_FILE).write_text(json.dumps(selection, indent=2))


def cached_selection(raw_dir: Path) -> dict[str, Extracted]:
    """The raw cache as left by the last extract, for offline rebuilds."""
    path = raw_dir / SELECTION_FILE
    selection = json.loads(path.read_text()) if path.exists() else {}
    found = {}
    for source in SOURCES:
        table_id = selection.get(source.role, source.default_table)
        folder = raw.newest_cached_folder(raw_dir, table_id)
        if folder is None:
            raise FileNotFoundError(
                f"the raw cache {raw_dir} has no copy of {table_id} ({source.role}); "
                "run a live refresh once, or use --demo")
        found[source.role] = Extracted(source.role, table_id, folder, downloaded=False)
    return found
