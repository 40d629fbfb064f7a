"""One refresh, start to end: extract (live, offline or demo) -> transform -> indicators ->
validate -> publish. Each stage is a function of its inputs; this module only wires them."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from etl import __version__, demo, raw
from etl.boundaries import (
    Boundaries,
    cached_boundaries,
    fetch_boundaries,
    select_municipalities,
)
from etl.catalogue import load_catalogue, render
from etl.cbs_client import CbsClient, CbsError
from etl.extract import Extracted, cached_selection, extract_all
from etl.indicators import compute_indicators
from etl.programme import (
    EVENTS_SCHEMA,
    INDICATORS_SCHEMA,
    MEASUREMENTS_SCHEMA,
    MILESTONES_SCHEMA,
    TARGETS_PUBLISHED_SCHEMA,
    Programme,
    load_programme,
    programme_schema_problems,
)
from etl.programme_status import targets_with_status
from etl.publish import MANIFEST, current_store, new_vintage_id, publish
from etl.settings import Settings
from etl.sources import TWENTE_MUNICIPALITIES, TWENTE_SCOPE_AGGREGATES
from etl.transform import (
    domestic_moves_counts,
    dynamics_counts,
    forecast_counts,
    international_counts,
    labour_counts,
    population_by_age,
    population_counts,
    population_totals,
    regions,
    youth_band,
)
from etl.validate import (
    INDICATORS,
    POPULATION_BY_AGE,
    REGIONS,
    ValidationFailed,
    coverage_problems,
    schema_problems,
    share_problems,
    totals_problems,
)

Progress = Callable[[str], None]
STATUS_PROVISIONAL = {"Voorlopig", "Nader voorlopig"}


class EtlError(RuntimeError):
    """A refresh could not run (e.g. the raw cache for --offline is missing)."""


@dataclass(frozen=True)
class RefreshOptions:
    offline_dir: Path | None = None
    demo: bool = False
    demo_if_unreachable: bool = False


@dataclass(frozen=True)
class StoreFrames:
    indicators: pd.DataFrame
    population_by_age: pd.DataFrame
    regions: pd.DataFrame
    catalogue: list[dict]
    counts: dict[str, pd.DataFrame]  # per source role; checked, not published
    programme: Programme | None = None  # the programme file, targets with their status


def refresh(settings: Settings, options: RefreshOptions, progress: Progress = print) -> str:
    """Publish a new store; returns a one-paragraph summary. Raises on any failure, with
    the published store untouched."""
    started = time.monotonic()
    # The programme file first: a bad file stops the run before anything is downloaded.
    progress(f"Reading the programme file {settings.programme_file}")
    programme = load_programme(settings.programme_file)
    with tempfile.TemporaryDirectory(prefix="talent-etl-") as scratch:
        mode, extracted, boundaries = _extract(settings, options, Path(scratch), progress)
        progress("Transforming and computing indicators")
        tables = {role: raw.load_raw_table(e.folder) for role, e in extracted.items()}
        frames = build_store_frames(tables, settings.scope)
        frames = dataclasses.replace(frames, programme=with_target_status(programme, frames))
        progress("Validating")
        check_frames(frames)
        manifest = build_manifest(mode, settings.scope, extracted, tables, boundaries)
        manifest["programme"] = programme.manifest_entry()
        vintage = publish(
            settings.data_dir,
            lambda folder: write_store(folder, frames, manifest, boundaries),
            lambda folder: check_written(folder, frames),
            keep=settings.vintages_kept,
            vintage=manifest["vintage"],
        )
    downloaded = [e.table_id for e in extracted.values() if e.downloaded]
    regions_count = frames.indicators["region_code"].nunique()
    return (f"\nPublished store {vintage.name} ({mode}, scope {settings.scope}) in "
            f"{time.monotonic() - started:.1f} s: {len(frames.indicators):,} indicator values "
            f"for {regions_count} regions; downloaded {len(downloaded)} table(s)"
            f"{': ' + ', '.join(downloaded) if downloaded else ''}; "
            f"boundaries: {'yes' if boundaries.available else 'no'}.\n"
            f"Store: {settings.store_dir}  (see `python -m etl status`)")


def _extract(settings: Settings, options: RefreshOptions, scratch: Path, progress: Progress
             ) -> tuple[str, dict[str, Extracted], Boundaries]:
    if options.demo:
        return "demo", *demo_tables(scratch, settings.scope, progress)
    if options.offline_dir is not None:
        raw_dir = Path(options.offline_dir)
        progress(f"Rebuilding offline from the raw cache in {raw_dir}")
        try:
            extracted = cached_selection(raw_dir)
        except FileNotFoundError as exc:
            raise EtlError(str(exc)) from exc
        return "offline", extracted, cached_boundaries(raw_dir)

    client = cbs_client(settings, progress)
    if options.demo_if_unreachable and current_store(settings.data_dir) is None:
        probe = cbs_client(settings, progress, retries=1, timeout=min(settings.timeout_seconds,
                                                                        10))
        try:
            probe.table_info("37259ned")
        except CbsError as exc:
            progress(f"CBS cannot be reached ({exc}).\nNo store exists yet, so the demo data "
                     "is published instead; run `make etl` when CBS is reachable.")
            return "demo", *demo_tables(scratch, settings.scope, progress)
    progress(f"Refreshing from {settings.cbs_url} (scope {settings.scope})")
    extracted = extract_all(client, settings.raw_dir, settings.scope, progress)
    this_year = datetime.now(UTC).year
    boundaries = fetch_boundaries(
        settings.pdok_url, settings.raw_dir, list(range(this_year, this_year - 4, -1)),
        timeout=settings.timeout_seconds, retries=settings.retries,
        retry_wait=settings.retry_wait_seconds, progress=progress)
    return "live", extracted, boundaries


def cbs_client(settings: Settings, progress: Progress, *, retries: int | None = None,
               timeout: float | None = None) -> CbsClient:
    return CbsClient(settings.cbs_url, timeout=timeout or settings.timeout_seconds,
                     retries=retries or settings.retries,
                     retry_wait=settings.retry_wait_seconds, progress=progress)


def demo_tables(scratch: Path, scope: str, progress: Progress
                ) -> tuple[dict[str, Extracted], Boundaries]:
    progress(f"Generating demo data (scope {scope}) — not real CBS figures")
    written = demo.write_demo_tables(scratch / "demo", scope)
    extracted = {role: Extracted(role, table_id, written[table_id], downloaded=False)
                 for role, table_id in demo.DEMO_TABLES.items()}
    year = datetime.now(UTC).year
    path = scratch / f"gemeente_{year}.geojson"
    codes = list(TWENTE_MUNICIPALITIES) if scope == "twente" else [
        str(k) for k in raw.load_raw_table(written["85385NED"]).dimensions["RegioS"]["Key"]]
    demo.write_demo_boundaries(path, codes, year)
    return extracted, Boundaries(year, json.loads(path.read_text()),
                                 "demo polygons, not real boundaries")


def in_scope(codes: pd.Series, scope: str) -> pd.Series:
    if scope == "nl":
        return codes.str.match(r"^(GM|CR|PV)\d+$|^NL01$")
    return codes.isin([*TWENTE_MUNICIPALITIES, *TWENTE_SCOPE_AGGREGATES])


def build_store_frames(tables: dict[str, raw.RawTable], scope: str) -> StoreFrames:
    """Transform and compute every indicator; pure apart from reading the catalogue file."""
    band = youth_band(tables["domestic_moves"], tables["international_migration"])
    by_age = population_by_age(tables["population_by_age"])
    totals = population_totals(tables["population_by_age"])
    counts = {
        "population_by_age": population_counts(by_age, totals, band),
        "dynamics": dynamics_counts(tables["dynamics"]),
        "domestic_moves": domestic_moves_counts(tables["domestic_moves"], band),
        "international_migration": international_counts(tables["international_migration"],
                                                        band),
        "labour": labour_counts(tables["labour"]),
        "forecast": forecast_counts(tables["forecast"]),
    }
    counts = {role: frame[in_scope(frame["region_code"], scope)]
              for role, frame in counts.items()}
    region_titles = tables["dynamics"].dimensions["RegioS"][["Key", "Title"]]
    region_frame = regions(tables["regions"], region_titles)
    catalogue = render(load_catalogue(), band)
    indicators = compute_indicators(counts, region_frame, catalogue)
    indicators = indicators[in_scope(indicators["region_code"], scope)]
    stored = set(indicators["region_code"])
    region_frame = region_frame[region_frame["region_code"].isin(stored)]
    return StoreFrames(
        indicators=indicators.sort_values(["indicator", "region_code", "year"],
                                          ignore_index=True),
        population_by_age=by_age[by_age["region_code"].isin(stored)].reset_index(drop=True),
        regions=region_frame.reset_index(drop=True),
        catalogue=catalogue.records(),
        counts=counts,
    )


def with_target_status(programme: Programme, frames: StoreFrames) -> Programme:
    """The programme with each target's status against the indicators just computed."""
    return dataclasses.replace(programme, targets=targets_with_status(
        programme.targets, frames.indicators, programme.measurements))


def check_frames(frames: StoreFrames) -> None:
    """Everything that must hold before publishing; raises ValidationFailed listing all."""
    problems = [
        *schema_problems(INDICATORS, frames.indicators),
        *schema_problems(POPULATION_BY_AGE, frames.population_by_age),
        *schema_problems(REGIONS, frames.regions),
        *share_problems(frames.indicators, frames.catalogue),
    ]
    population, dynamics = frames.counts["population_by_age"], frames.counts["dynamics"]
    problems += coverage_problems(frames.indicators, population[["region_code", "year"]],
                                  "population", "03759ned")
    problems += coverage_problems(frames.indicators, dynamics[["region_code", "year"]],
                                  "births", "37259ned")
    problems += totals_problems(population[["region_code", "year", "p_total"]].dropna(),
                                dynamics[["region_code", "year", "population_jan1"]].dropna())
    if frames.programme is not None:
        problems += programme_schema_problems(frames.programme, TARGETS_PUBLISHED_SCHEMA)
    if problems:
        raise ValidationFailed(problems)


def build_manifest(mode: str, scope: str, extracted: dict[str, Extracted],
                   tables: dict[str, raw.RawTable], boundaries: Boundaries) -> dict:
    now = datetime.now(UTC)
    return {
        "vintage": new_vintage_id(now),
        "created_at": now.isoformat(timespec="seconds"),
        "etl_version": __version__,
        "mode": mode,
        "scope": scope,
        "boundaries": {"available": boundaries.available, "year": boundaries.year,
                       "note": boundaries.note},
        "tables": {e.table_id: table_summary(role, tables[role], e.folder)
                   for role, e in extracted.items()},
    }


def table_summary(role: str, table: raw.RawTable, folder: Path) -> dict:
    """Manifest entry: CBS Modified, fetch time, rows, first/last year, provisional years."""
    provenance_path = folder / raw.PROVENANCE_FILE
    provenance = json.loads(provenance_path.read_text()) if provenance_path.exists() else {}
    periods = next((p["Key"] for p in table.properties if p.get("Type") == "TimeDimension"),
                   None)
    years, provisional = [], []
    if periods is not None and periods in table.data:
        present = {str(key) for key in table.data[periods].unique()}
        entity = table.dimensions[periods]
        statuses = entity["Status"] if "Status" in entity else pd.Series("", index=entity.index)
        for key, status in zip(entity["Key"], statuses, strict=True):
            if "JJ" in key and key in present:
                years.append(int(key[:4]))
                if status in STATUS_PROVISIONAL:
                    provisional.append(int(key[:4]))
    return {
        "role": role,
        "title": table.title,
        "modified": table.modified,
        "fetched_at": provenance.get("fetched_at"),
        "rows": int(len(table.data)),
        "periods": [min(years), max(years)] if years else [],
        "provisional_periods": sorted(provisional),
    }


def write_store(folder: Path, frames: StoreFrames, manifest: dict,
                boundaries: Boundaries) -> None:
    frames.indicators.to_parquet(folder / "indicators.parquet", index=False)
    frames.population_by_age.to_parquet(folder / "population_by_age.parquet", index=False)
    frames.regions.to_parquet(folder / "regions.parquet", index=False)
    (folder / "catalogue.json").write_text(
        json.dumps(frames.catalogue, ensure_ascii=False, indent=2))
    if boundaries.available:
        codes = set(frames.regions.loc[frames.regions["level"] == "gemeente", "region_code"])
        (folder / "boundaries.geojson").write_text(
            json.dumps(select_municipalities(boundaries.geojson, codes)))
    if frames.programme is not None:
        write_programme(folder, frames.programme)
    # The manifest goes last: a vintage folder with a manifest is complete.
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))


PROGRAMME_FILES = {
    "programme_targets.parquet": TARGETS_PUBLISHED_SCHEMA,
    "programme_measurements.parquet": MEASUREMENTS_SCHEMA,
    "programme_milestones.parquet": MILESTONES_SCHEMA,
    "programme_events.parquet": EVENTS_SCHEMA,
}
PROGRAMME_INDICATORS_FILE = "programme_indicators.json"


def write_programme(folder: Path, programme: Programme) -> None:
    frames = (programme.targets, programme.measurements, programme.milestones,
              programme.events)
    for name, frame in zip(PROGRAMME_FILES, frames, strict=True):
        frame.to_parquet(folder / name, index=False)
    (folder / PROGRAMME_INDICATORS_FILE).write_text(
        json.dumps(programme.indicator_records(), ensure_ascii=False, indent=2))


def check_written(folder: Path, frames: StoreFrames) -> None:
    """Read back what was written before the swap: every file parses, and each table has the
    rows and columns that were validated in memory (re-validating 3 M rows would double the
    cost of the check for nothing)."""
    problems = []
    for name, frame in (("indicators", frames.indicators),
                        ("population_by_age", frames.population_by_age),
                        ("regions", frames.regions)):
        metadata = pq.read_metadata(folder / f"{name}.parquet")
        if metadata.num_rows != len(frame) or metadata.schema.names != list(frame.columns):
            problems.append(f"{name}.parquet was not written completely")
    for name in ("catalogue.json", MANIFEST):
        json.loads((folder / name).read_text())
    if frames.programme is not None:  # a few hundred rows: validated again as read back
        for name, schema in PROGRAMME_FILES.items():
            problems += schema_problems(schema, pd.read_parquet(folder / name))
        problems += schema_problems(INDICATORS_SCHEMA, pd.DataFrame(
            json.loads((folder / PROGRAMME_INDICATORS_FILE).read_text())))
    if problems:
        raise ValidationFailed(problems)
