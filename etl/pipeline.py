"""One refresh, start to end. This module only wires the stages:

lock -> programme file -> per table: extract (live, offline or demo) -> transform into its
product -> check it -> (on failure: carry it over from the last store) -> assemble the store
-> checks across tables -> publish.

One table's failure never stops the others: a table that cannot be refreshed (CBS
unreachable after retries, an item no longer where its title should be, figures that do not
pass) is carried over unchanged from the last published store (or its raw cache) and named
in the manifest; only when *every* table fails, or a population table cannot be had at all,
is nothing published.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from etl import __version__, contract, demo, raw
from etl.assemble import StoreFrames, assemble, store_problems
from etl.boundaries import Boundaries, cached_boundaries, fetch_boundaries
from etl.cbs_client import CbsClient, CbsError, CbsSource
from etl.cbs_v4 import CbsV4Client
from etl.extract import (
    Extracted,
    cached_table,
    choose_table,
    extract_table,
    older_cached_folders,
    record_selection,
)
from etl.metadata import MetadataError
from etl.peer_stage import (
    PEER_YEARS,
    PeerFeatures,
    build_peer_features,
    newest_years,
    peer_products,
)
from etl.products import Product, make_product, product_problems, read_product
from etl.programme import (
    TARGETS_PUBLISHED_SCHEMA,
    load_programme,
    programme_schema_problems,
    targets_with_status,
)
from etl.publish import current_store, new_vintage_id, publish, read_manifest
from etl.refresh_lock import refresh_lock
from etl.settings import Settings
from etl.sources import CORE_ROLES, SOURCES, TWENTE_MUNICIPALITIES, Source
from etl.store_writer import StoreContent, check_written, write_store
from etl.validate import ValidationFailed

Progress = Callable[[str], None]
STATUS_PROVISIONAL = {"voorlopig", "nader voorlopig"}
MAX_ASSEMBLIES = len(SOURCES) + 1  # each round holds back at least one more table

EXIT_FRESH, EXIT_NOTHING, EXIT_PARTIAL = 0, 1, 3


class EtlError(RuntimeError):
    """A refresh could not run (e.g. the raw cache for --offline is missing)."""


class NothingPublished(RuntimeError):
    """No new store: every table failed, or a population table cannot be had at all. The
    published store (if any) is untouched. ``problems``: one sentence per table."""

    def __init__(self, reason: str, problems: list[str], kind: str = "changed"):
        self.reason, self.problems, self.kind = reason, problems, kind
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{reason}\n{listed}" if problems else reason)


@dataclass(frozen=True)
class RefreshOptions:
    offline_dir: Path | None = None
    demo: bool = False
    demo_if_unreachable: bool = False


@dataclass
class TableOutcome:
    """What became of one source table in this run (its manifest entry is ``summary``)."""

    role: str
    table_id: str
    outcome: str  # contract.FRESH / KEPT / ABSENT
    summary: dict
    product: Product | None = None
    problem: str | None = None
    problem_kind: str | None = None
    kept_from: str | None = None
    warnings: list[str] = field(default_factory=list)
    downloaded: bool = False
    raw_folder: Path | None = None  # the raw copy used (or that failed): not carried over

    def entry(self) -> dict:
        return {
            **self.summary,
            "role": self.role,
            "outcome": self.outcome,
            "kept_from": self.kept_from,
            "problem": self.problem,
            "problem_kind": self.problem_kind,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class RefreshResult:
    vintage: str
    summary: str
    exit_code: int


@dataclass
class _Run:
    """What every table's stage needs to know about this run."""

    settings: Settings
    mode: str
    progress: Progress
    scratch: Path
    previous: Path | None
    previous_manifest: dict
    clients: tuple[CbsSource, ...] = ()  # live: the APIs to try per table, in this order
    raw_dir: Path | None = None  # where tables are read from (live: the cache they go to)
    demo_folders: dict[str, Path] = field(default_factory=dict)
    demo_reason: str | None = None


# --- the run -----------------------------------------------------------------------------


def refresh(
    settings: Settings, options: RefreshOptions, progress: Progress = print
) -> RefreshResult:
    """Publish a new store; returns its summary and the exit code (0 every table fresh, 3
    some carried over or absent). Raises NothingPublished (or EtlError, ProgrammeError,
    RefreshLocked) with the published store untouched."""
    with refresh_lock(settings.data_dir, settings.lock_wait_seconds, progress):
        try:
            return _refresh(settings, options, progress)
        except NothingPublished as failure:
            if not (
                options.demo_if_unreachable
                and not options.demo
                and current_store(settings.data_dir) is None
            ):
                raise
            reason = demo_reason(failure)
            progress(
                f"\nNothing could be published from CBS ({failure.reason}).\nNo store "
                "exists yet, so the demo data is published instead; run `make etl` "
                "when CBS is reachable."
            )
            return _refresh(
                settings, dataclasses.replace(options, demo=True), progress, demo_reason=reason
            )


def demo_reason(failure: NothingPublished) -> str:
    """Why the demo is shown instead of CBS's figures (the app's banner says it)."""
    if failure.kind == "unreachable":
        return "CBS kon niet worden bereikt / CBS could not be reached"
    first = failure.problems[0] if failure.problems else failure.reason
    return f"{first}"


def _refresh(
    settings: Settings, options: RefreshOptions, progress: Progress, demo_reason: str | None = None
) -> RefreshResult:
    started = time.monotonic()
    # The programme file first: a bad file stops the run before anything is downloaded.
    progress(f"Reading the programme file {settings.programme_file}")
    programme = load_programme(settings.programme_file)
    previous = current_store(settings.data_dir)
    with tempfile.TemporaryDirectory(prefix="talent-etl-") as scratch:
        run = _start(settings, options, Path(scratch), previous, progress)
        if demo_reason:
            run.demo_reason = demo_reason
        outcomes = {source.role: table_stage(run, source) for source in SOURCES}
        boundaries = _boundaries(run)
        frames = _assemble_checked(run, outcomes)
        fresh = [o for o in outcomes.values() if o.outcome == contract.FRESH]
        programme = dataclasses.replace(
            programme,
            targets=targets_with_status(
                programme.targets, frames.indicators, programme.measurements
            ),
        )
        problems = programme_schema_problems(programme, TARGETS_PUBLISHED_SCHEMA)
        if problems:
            raise ValidationFailed(problems)
        peers = _peer_features(run, outcomes)
        manifest = build_manifest(run, outcomes, boundaries, frames)
        manifest["programme"] = programme.manifest_entry()
        manifest["peer_features"] = peers.entry
        content = StoreContent(
            frames,
            manifest,
            boundaries,
            {o.role: o.product for o in outcomes.values() if o.product},
            programme,
            peer_features=peers.frame,
        )
        vintage = publish(
            settings.data_dir,
            lambda folder: write_store(folder, content),
            lambda folder: check_written(folder, content),
            keep=settings.vintages_kept,
            vintage=manifest["vintage"],
        )
    code = EXIT_FRESH if len(fresh) == len(outcomes) else EXIT_PARTIAL
    return RefreshResult(
        vintage.name,
        _summary(run, vintage.name, frames, outcomes, boundaries, time.monotonic() - started),
        code,
    )


def _start(
    settings: Settings,
    options: RefreshOptions,
    scratch: Path,
    previous: Path | None,
    progress: Progress,
) -> _Run:
    previous_manifest = read_manifest(previous) if previous else {}
    if options.demo:
        progress(f"Generating demo data (scope {settings.scope}) — not real CBS figures")
        run = _Run(settings, "demo", progress, scratch, previous, previous_manifest)
        # scope 'twente' also writes the peer finder's national tables (etl/peer_stage.py)
        written = demo.write_demo_tables(
            scratch / "demo", settings.scope, peers=settings.scope != "nl"
        )
        run.demo_folders = {role: written[table_id] for role, table_id in demo.DEMO_TABLES.items()}
        run.demo_folders.update({k: v for k, v in written.items() if k.startswith("peers/")})
        return run
    if options.offline_dir is not None:
        raw_dir = Path(options.offline_dir)
        if not raw_dir.is_dir():
            raise EtlError(
                f"the raw cache {raw_dir} does not exist; run a live refresh once, or use --demo"
            )
        progress(f"Rebuilding offline from the raw cache in {raw_dir}")
        return _Run(
            settings, "offline", progress, scratch, previous, previous_manifest, raw_dir=raw_dir
        )
    clients = cbs_clients(settings, progress)
    if settings.cbs_api == "auto" and len(clients) == 1:
        progress(
            f"  CBS API auto: no v4 URL is given beside {settings.cbs_url}, so every "
            "table comes from v3 (give --cbs-v4-url to fall back to v4)"
        )
    if previous is None:
        # No store yet: find out quickly whether CBS answers at all before trying every
        # table with full retries (the first `make run` on a machine without internet).
        _probe(
            cbs_clients(settings, progress, retries=1, timeout=min(settings.timeout_seconds, 10))
        )
    feeds = ", then ".join(f"{c.base_url} (CBS {c.api})" for c in clients)
    progress(f"Refreshing from {feeds} (scope {settings.scope})")
    return _Run(
        settings,
        "live",
        progress,
        scratch,
        previous,
        previous_manifest,
        clients=clients,
        raw_dir=settings.raw_dir,
    )


def _probe(clients: tuple[CbsSource, ...]) -> None:
    """Raises NothingPublished when no API answers at all (any answer, even a 404, will do)."""
    failures = []
    for client in clients:
        try:
            client.table_info(SOURCES[1].default_table)
            return
        except CbsError as exc:
            if exc.reason != "unreachable":
                return
            failures.append(exc)
    reasons = "; ".join(str(f) for f in failures)
    raise NothingPublished(
        f"CBS cannot be reached ({reasons})", [], kind="unreachable"
    ) from failures[-1]


def cbs_client(
    settings: Settings,
    progress: Progress,
    *,
    retries: int | None = None,
    timeout: float | None = None,
) -> CbsClient:
    """The v3 client (cbsodata)."""
    return CbsClient(
        settings.cbs_url,
        timeout=timeout or settings.timeout_seconds,
        retries=retries or settings.retries,
        retry_wait=settings.retry_wait_seconds,
        progress=progress,
    )


def cbs_clients(
    settings: Settings,
    progress: Progress,
    *,
    retries: int | None = None,
    timeout: float | None = None,
) -> tuple[CbsSource, ...]:
    """The APIs to read each table from, in order (``TALENT_CBS_API``): v3, v4, or for
    'auto' v3 then v4 (v4 only where settings.v4_pairs_with_v3 allows it)."""
    v3 = cbs_client(settings, progress, retries=retries, timeout=timeout)
    v4 = CbsV4Client(
        settings.cbs_v4_url,
        timeout=timeout or settings.timeout_seconds,
        retries=retries or settings.retries,
        retry_wait=settings.retry_wait_seconds,
        progress=progress,
    )
    if settings.cbs_api == "v3":
        return (v3,)
    if settings.cbs_api == "v4":
        return (v4,)
    return (v3, v4) if settings.v4_pairs_with_v3() else (v3,)


def _boundaries(run: _Run) -> Boundaries:
    if run.mode == "demo":
        year = datetime.now(UTC).year
        path = run.scratch / f"gemeente_{year}.geojson"
        codes = (
            list(TWENTE_MUNICIPALITIES)
            if run.settings.scope == "twente"
            else [
                str(k)
                for k in raw.load_raw_table(run.demo_folders["regions"]).dimensions["RegioS"]["Key"]
            ]
        )
        demo.write_demo_boundaries(path, codes, year)
        return Boundaries(year, json.loads(path.read_text()), "demo polygons, not real boundaries")
    if run.mode == "offline":
        assert run.raw_dir is not None
        return cached_boundaries(run.raw_dir)
    this_year = datetime.now(UTC).year
    settings = run.settings
    return fetch_boundaries(
        settings.pdok_url,
        settings.raw_dir,
        list(range(this_year, this_year - 4, -1)),
        timeout=settings.timeout_seconds,
        retries=settings.retries,
        retry_wait=settings.retry_wait_seconds,
        progress=run.progress,
    )


def _peer_features(run: _Run, outcomes: dict[str, TableOutcome]) -> PeerFeatures:
    """The peer finder's features for every municipality: from this store's own products
    for scope 'nl', else from the narrow national extracts (etl/peer_stage.py)."""
    started = time.monotonic()
    if run.settings.scope == "nl":
        products: dict[str, Product] = {
            role: newest_years(role, product)
            for role in PEER_YEARS
            if (product := outcomes[role].product) is not None
        }
        dynamics = outcomes["dynamics"].product
        titles = dynamics["region_titles"] if dynamics is not None else None
        problems = {r: outcomes[r].problem or "" for r in PEER_YEARS if r not in products}
    else:
        run.progress("Peer features: the national extracts of " + ", ".join(PEER_YEARS))
        products, titles, problems = peer_products(
            run.mode,
            table_ids={role: outcomes[role].table_id for role in PEER_YEARS},
            raw_dir=run.raw_dir,
            clients=run.clients,
            demo_folders=run.demo_folders,
            progress=run.progress,
        )
    peers = build_peer_features(products, titles, problems, run.previous)
    run.progress(
        f"  peer features: {peers.entry.get('municipalities', 0)} municipalities "
        f"({peers.entry['outcome']}) in {time.monotonic() - started:.1f} s"
    )
    return peers


# --- one table -----------------------------------------------------------------------------

PROBLEM_KIND_OF_CBS = {
    "unreachable": "unreachable",
    "not_found": "changed",
    "bad_answer": "changed",
}


def table_stage(run: _Run, source: Source) -> TableOutcome:
    """Refresh one table; on any failure carry it over (or mark it absent). Never raises
    for a table's own fault."""
    table_id, failed_folder = source.default_table, None
    try:
        table_id, extracted = _extract(run, source)
        failed_folder = extracted.folder
        table = raw.load_raw_table(extracted.folder)
        product = make_product(source.role, table, run.settings.scope)
        problems = product_problems(source.role, table.table_id, product)
        if problems:
            raise ValidationFailed(problems)
    except CbsError as exc:
        kind = PROBLEM_KIND_OF_CBS.get(getattr(exc, "reason", "unreachable"), "unreachable")
        return carry_over(run, source, table_id, str(exc), kind, failed_folder)
    except MetadataError as exc:
        return carry_over(run, source, table_id, str(exc), "changed", failed_folder)
    except ValidationFailed as exc:
        return carry_over(
            run, source, table_id, _one_sentence(exc.problems), "invalid", failed_folder
        )
    except (FileNotFoundError, EtlError) as exc:
        return carry_over(run, source, table_id, str(exc), "unreachable", failed_folder)
    except Exception as exc:  # noqa: BLE001 - a bug on one table's data must spare the rest
        log = _error_log(run, source.role)
        return carry_over(
            run,
            source,
            table_id,
            f"CBS table {table_id}: unexpected {type(exc).__name__}: {exc} (details in {log})",
            "error",
            failed_folder,
        )
    for warning in table.warnings:
        run.progress(f"  WARNING: {warning}")
    return TableOutcome(
        source.role,
        table.table_id,
        contract.FRESH,
        table_summary(table, extracted.folder),
        product=product,
        warnings=list(table.warnings),
        downloaded=extracted.downloaded,
        raw_folder=extracted.folder,
    )


def _extract(run: _Run, source: Source) -> tuple[str, Extracted]:
    if run.mode == "demo":
        folder = run.demo_folders[source.role]
        return demo.DEMO_TABLES[source.role], Extracted(
            source.role, demo.DEMO_TABLES[source.role], folder, downloaded=False
        )
    assert run.raw_dir is not None
    if run.mode == "offline":
        extracted = cached_table(run.raw_dir, source)
        return extracted.table_id, extracted
    assert run.clients
    failures: list[CbsError] = []
    for number, client in enumerate(run.clients, 1):
        try:
            table_id = choose_table(client, source, run.progress)
            extracted = extract_table(
                client, source, table_id, run.raw_dir, run.settings.scope, run.progress
            )
        except CbsError as exc:
            failures.append(exc)
            if number == len(run.clients) or exc.reason not in FALLBACK_REASONS:
                raise _all_failed(failures, run.clients) from exc
            run.progress(
                f"  {source.role}: CBS {client.api} failed ({exc.reason}); "
                f"trying CBS {run.clients[number].api}"
            )
            continue
        record_selection(run.raw_dir, source.role, table_id)
        return table_id, extracted
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


# 'auto' reads a table from v4 when v3 did not answer after its retries, or has no such
# table (some tables are on v4 only: ../shared/CBS-API.md); any other fault (an HTML page,
# empty JSON) is v3 answering wrongly, and is a table's failure as before.
FALLBACK_REASONS = {"unreachable", "not_found"}


def _all_failed(failures: list[CbsError], clients: tuple[CbsSource, ...]) -> CbsError:
    """One error for a table every API failed: each API's message; unreachable when any
    API was (the table may well be there when CBS answers again), else the last reason."""
    if len(failures) == 1:
        return failures[0]
    message = "; ".join(f"CBS {c.api}: {f}" for c, f in zip(clients, failures, strict=False))
    unreachable = any(f.reason == "unreachable" for f in failures)
    return CbsError(message, "unreachable" if unreachable else failures[-1].reason)


def _one_sentence(problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


def _error_log(run: _Run, role: str) -> Path:
    path = run.settings.data_dir / "etl-error.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')} {role}\n")
        f.write(traceback.format_exc())
    return path


def carry_over(
    run: _Run, source: Source, table_id: str, problem: str, kind: str, failed_folder: Path | None
) -> TableOutcome:
    """The table as the last published store has it, else from an older copy in the raw
    cache, else absent. ``problem`` is said in the manifest, the summary and the app."""
    run.progress(f"  {table_id} ({source.role}) could not be refreshed: {problem}")
    role = source.role
    kept = _kept_from_store(run, role, problem, kind)
    if kept is None:
        kept = _kept_from_raw(run, source, table_id, problem, kind, failed_folder)
    if kept is not None:
        run.progress(f"  {kept.table_id}: kept as published before ({kept.kept_from})")
        return kept
    run.progress(f"  {table_id}: no earlier copy to keep; its figures are absent")
    return TableOutcome(
        role, table_id, contract.ABSENT, {"title": None}, problem=problem, problem_kind=kind
    )


def _kept_from_store(run: _Run, role: str, problem: str, kind: str) -> TableOutcome | None:
    if run.previous is None:
        return None
    entries = run.previous_manifest.get("tables") or {}
    for table_id, entry in entries.items():
        if entry.get("role") != role or entry.get("outcome", contract.FRESH) == contract.ABSENT:
            continue
        product = read_product(run.previous, role, run.settings.scope)
        if product is None:
            return None
        kept_from = entry.get("kept_from") if entry.get("outcome") == contract.KEPT else None
        summary = {
            k: v
            for k, v in entry.items()
            if k not in ("outcome", "kept_from", "problem", "problem_kind", "warnings", "role")
        }
        return TableOutcome(
            role,
            table_id,
            contract.KEPT,
            summary,
            product=product,
            problem=problem,
            problem_kind=kind,
            kept_from=kept_from or run.previous_manifest.get("vintage"),
        )
    return None


def _kept_from_raw(
    run: _Run, source: Source, table_id: str, problem: str, kind: str, failed_folder: Path | None
) -> TableOutcome | None:
    raw_dirs = [d for d in (run.raw_dir, run.settings.raw_dir) if d is not None]
    for raw_dir in dict.fromkeys(raw_dirs):
        for folder in older_cached_folders(raw_dir, table_id, failed_folder):
            try:
                table = raw.load_raw_table(folder)
                product = make_product(source.role, table, run.settings.scope)
                if product_problems(source.role, table.table_id, product):
                    continue
            except Exception:  # noqa: BLE001, S112 - an older copy that fails is not a candidate
                continue
            return TableOutcome(
                source.role,
                table.table_id,
                contract.KEPT,
                table_summary(table, folder),
                product=product,
                problem=problem,
                problem_kind=kind,
                kept_from=f"raw/{table.table_id}/{folder.name}",
                warnings=list(table.warnings),
            )
    return None


# --- the whole store -------------------------------------------------------------------------


def _assemble_checked(run: _Run, outcomes: dict[str, TableOutcome]) -> StoreFrames:
    """Assemble; a check across tables that fails holds back its first fresh table (carried
    over like any failed table), and the store is assembled again."""
    for _ in range(MAX_ASSEMBLIES):
        _require_publishable(outcomes)
        products = {role: o.product for role, o in outcomes.items() if o.product is not None}
        frames = assemble(products, run.settings.scope)
        general, across = store_problems(frames)
        if general:
            raise ValidationFailed(general)
        held_back = False
        for problem in across:
            role = next(
                (
                    r
                    for r in problem.roles
                    if r in outcomes and outcomes[r].outcome == contract.FRESH
                ),
                None,
            )
            if role is None:
                run.progress(f"  WARNING (carried over as published before): {problem.message}")
                continue
            outcome = outcomes[role]
            outcomes[role] = carry_over(
                run,
                next(s for s in SOURCES if s.role == role),
                outcome.table_id,
                problem.message,
                "invalid",
                outcome.raw_folder,
            )
            held_back = True
            break
        if not held_back:
            for warning in frames.warnings:
                run.progress(f"  WARNING: {warning}")
            return frames
    raise ValidationFailed(["the checks across tables kept failing"])  # pragma: no cover


def _require_publishable(outcomes: dict[str, TableOutcome]) -> None:
    problems = [o.problem or "" for o in outcomes.values() if o.outcome != contract.FRESH]
    if not any(o.outcome == contract.FRESH for o in outcomes.values()):
        kinds = {o.problem_kind for o in outcomes.values()}
        raise NothingPublished(
            "every table failed; nothing new is published",
            problems,
            kind="unreachable" if kinds == {"unreachable"} else "changed",
        )
    missing = [
        o for o in outcomes.values() if o.role in CORE_ROLES and o.outcome == contract.ABSENT
    ]
    if missing:
        raise NothingPublished(
            "the population tables are needed for any store, and "
            + ", ".join(o.table_id for o in missing)
            + " cannot be had",
            [o.problem or "" for o in missing],
        )


def build_manifest(
    run: _Run, outcomes: dict[str, TableOutcome], boundaries: Boundaries, frames: StoreFrames
) -> dict:
    now = datetime.now(UTC)
    manifest: dict[str, object] = {
        "vintage": new_vintage_id(now),
        "created_at": now.isoformat(timespec="seconds"),
        "etl_version": __version__,
        "mode": run.mode,
        "scope": run.settings.scope,
        "youth_band": [frames.band.lower, frames.band.upper_inclusive],
        "boundaries": {
            "available": boundaries.available,
            "year": boundaries.year,
            "note": boundaries.note,
        },
        "tables": {o.table_id: o.entry() for o in outcomes.values()},
    }
    if run.mode == "demo":
        manifest["demo_reason"] = run.demo_reason
    return manifest


def table_summary(table: raw.RawTable, folder: Path) -> dict:
    """Manifest entry: CBS Modified, fetch time, rows, first/last year, provisional years."""
    provenance_path = folder / raw.PROVENANCE_FILE
    provenance = json.loads(provenance_path.read_text()) if provenance_path.exists() else {}
    periods = next((p["Key"] for p in table.properties if p.get("Type") == "TimeDimension"), None)
    years, provisional = [], []
    if periods is not None and periods in table.data:
        present = {str(key).strip() for key in table.data[periods].unique()}
        entity = table.dimensions[periods]
        statuses = entity["Status"] if "Status" in entity else pd.Series("", index=entity.index)
        for key, status in zip(entity["Key"], statuses, strict=True):
            if "JJ" in key and key in present:
                years.append(int(key[:4]))
                if str(status).strip().lower() in STATUS_PROVISIONAL:
                    provisional.append(int(key[:4]))
    return {
        "title": table.title,
        "modified": table.modified,
        "fetched_at": provenance.get("fetched_at"),
        "rows": int(len(table.data)),
        "periods": [min(years), max(years)] if years else [],
        "provisional_periods": sorted(provisional),
        # Which CBS API and table URL the figures came from (provenance from before v4:
        # v3, its base URL). Demo tables carry no provenance: None.
        "api": provenance.get("api", "v3") if provenance else None,
        "url": provenance.get("table_url") or provenance.get("url"),
    }


def _summary(
    run: _Run,
    vintage: str,
    frames: StoreFrames,
    outcomes: dict[str, TableOutcome],
    boundaries: Boundaries,
    seconds: float,
) -> str:
    downloaded = [o.table_id for o in outcomes.values() if o.downloaded]
    regions_count = frames.indicators["region_code"].nunique()
    lines = [
        f"\nPublished store {vintage} ({run.mode}, scope {run.settings.scope}) in "
        f"{seconds:.1f} s: {len(frames.indicators):,} indicator values for "
        f"{regions_count} regions; downloaded {len(downloaded)} table(s)"
        f"{': ' + ', '.join(downloaded) if downloaded else ''}; "
        f"boundaries: {'yes' if boundaries.available else 'no'}."
    ]
    for o in outcomes.values():
        if o.outcome == contract.KEPT:
            lines.append(f"  KEPT {o.table_id} ({o.role}), figures of {o.kept_from}: {o.problem}")
        elif o.outcome == contract.ABSENT:
            lines.append(f"  ABSENT {o.table_id} ({o.role}): {o.problem}")
    if run.demo_reason:
        lines.append(f"  Demo instead of CBS because: {run.demo_reason}")
    lines.append(f"Store: {run.settings.store_dir}  (see `python -m etl status`)")
    return "\n".join(lines)
