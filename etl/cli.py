"""``python -m etl`` (also the ``etl`` command): refresh the store, or show its status."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

from etl import __version__
from etl.contract import FRESH, MANIFEST
from etl.pipeline import EXIT_NOTHING, EtlError, NothingPublished, RefreshOptions, refresh
from etl.programme import ProgrammeError
from etl.publish import current_store, list_vintages, read_manifest
from etl.refresh_lock import RefreshLocked
from etl.settings import Settings
from etl.validate import ValidationFailed

UNCHANGED = "The published store is unchanged."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="CBS open data -> validated local store for the Talentopgave dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"etl {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, help="data folder (default: $TALENT_DATA_DIR or ./data)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    r = commands.add_parser("refresh", help="download (or rebuild) and publish a new store")
    source = r.add_mutually_exclusive_group()
    source.add_argument(
        "--cbs-url",
        help="CBS OData v3 base URL (default: $TALENT_CBS_URL or "
        "https://opendata.cbs.nl), e.g. http://127.0.0.1:8765",
    )
    source.add_argument(
        "--offline",
        type=Path,
        metavar="DIR",
        help="rebuild from a raw cache folder (e.g. data/raw); no network",
    )
    source.add_argument(
        "--demo", action="store_true", help="publish generated demo data (no network); mode 'demo'"
    )
    r.add_argument(
        "--cbs-v4-url",
        help="CBS OData v4 catalogue URL (default: "
        "$TALENT_CBS_V4_URL or https://datasets.cbs.nl/odata/v1/CBS), e.g. "
        "http://127.0.0.1:8766",
    )
    r.add_argument(
        "--cbs-api",
        choices=["v3", "v4", "auto"],
        help="which CBS API to read (default: $TALENT_CBS_API or 'auto': per "
        "table v3 first, v4 when v3 cannot be reached or lacks the table)",
    )
    r.add_argument("--pdok-url", help="PDOK gebiedsindelingen WFS URL with {year}")
    r.add_argument(
        "--scope",
        choices=["twente", "nl"],
        help="'twente' (default): 14 municipalities, CR12, PV23, NL01; 'nl': every municipality",
    )
    r.add_argument(
        "--demo-if-unreachable",
        action="store_true",
        help="when CBS cannot be reached and no store exists yet, publish the "
        "demo instead (used by `make run`)",
    )
    r.add_argument(
        "--programme",
        type=Path,
        metavar="FILE",
        dest="programme_file",
        help="programme file: .xlsx or a folder of CSVs (default: "
        "$TALENT_PROGRAMME_FILE or programme/talentopgave.xlsx)",
    )

    commands.add_parser("status", help="show the published store's manifest")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    for field in ("cbs_url", "cbs_v4_url", "cbs_api", "pdok_url", "scope", "programme_file"):
        if getattr(args, field, None):
            overrides[field] = getattr(args, field)
    return Settings(**overrides)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    if args.command == "status":
        return show_status(settings)
    options = RefreshOptions(
        offline_dir=args.offline, demo=args.demo, demo_if_unreachable=args.demo_if_unreachable
    )
    return run_refresh(settings, options)


def say(message: str) -> None:
    print(message, flush=True)


def fail(message: str, advice: str, settings: Settings | None = None) -> int:
    unchanged = unchanged_store(settings) if settings is not None else UNCHANGED
    print(f"\nETL failed: {message}\n{unchanged} {advice}".rstrip(), file=sys.stderr, flush=True)
    return EXIT_NOTHING


def unchanged_store(settings: Settings) -> str:
    """'The published store is unchanged', with its age: what `make run` serves next."""
    store = current_store(settings.data_dir)
    if store is None:
        return "No store has been published yet."
    manifest = read_manifest(store)
    created = str(manifest.get("created_at", ""))
    try:
        age = datetime.now(UTC) - datetime.fromisoformat(created)
        days = age.days
        when = "today" if days < 1 else "1 day ago" if days == 1 else f"{days} days ago"
    except ValueError:
        when = "at an unknown time"
    return (
        f"{UNCHANGED} It is vintage {manifest.get('vintage', store.name)} "
        f"({manifest.get('mode', '?')}), published {when}."
    )


def fail_programme(error: ProgrammeError) -> int:
    """In Dutch: the advisers who keep the programme file read this."""
    listed = "\n".join(f"  - {p}" for p in error.problems)
    print(
        f"\nETL failed: Het programmabestand bevat fouten; niets gepubliceerd.\n"
        f"Bestand: {error.path}\n{listed}\n"
        "De gepubliceerde store is ongewijzigd. Verbeter het bestand (uitleg in "
        "programme/README.md) en start de refresh opnieuw.",
        file=sys.stderr,
        flush=True,
    )
    return 1


def run_refresh(settings: Settings, options: RefreshOptions) -> int:
    """Exit codes (README, for cron and monitoring): 0 every table fresh; 3 published, with
    tables kept from an earlier store or absent (the summary says which and why); 1 nothing
    published (the store is unchanged); 130 interrupted."""
    try:
        result = refresh(settings, options, progress=say)
    except NothingPublished as exc:
        advice = (
            "CBS may be down: try again later."
            if exc.kind == "unreachable"
            else "See the table(s) named above; docs/cbs-tables.md lists what each table must hold."
        )
        return fail(str(exc), advice, settings)
    except RefreshLocked as exc:
        return fail(str(exc), "Try again when it has finished.", settings)
    except ValidationFailed as exc:
        return fail(str(exc), "Nothing was published; the data above needs a look.", settings)
    except ProgrammeError as exc:
        return fail_programme(exc)
    except EtlError as exc:
        return fail(str(exc), "", settings)
    except KeyboardInterrupt:
        print(f"\nInterrupted. {UNCHANGED}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a trace
        log = settings.data_dir / "etl-error.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc())
        return fail(
            f"unexpected {type(exc).__name__}: {exc}",
            f"Details are in {log}; please report them.",
            settings,
        )
    say(result.summary)
    return result.exit_code


def show_status(settings: Settings) -> int:
    store = current_store(settings.data_dir)
    if store is None:
        print(
            f"No published store in {settings.data_dir}. Run `python -m etl refresh` "
            "(or `--demo` without internet)."
        )
        return 1
    manifest = json.loads((store / MANIFEST).read_text())
    print(format_manifest(manifest))
    vintages = [p.name for p in list_vintages(settings.data_dir)]
    print(f"\nVintages kept ({len(vintages)}): {', '.join(vintages)}")
    return 0


def format_manifest(manifest: dict) -> str:
    boundaries = manifest.get("boundaries", {})
    lines = [
        f"Store vintage {manifest['vintage']}  (created {manifest['created_at']}, "
        f"etl {manifest['etl_version']})",
        f"Mode: {manifest['mode']}   scope: {manifest.get('scope', '?')}   "
        f"boundaries: {'yes' if boundaries.get('available') else 'no'} "
        f"({boundaries.get('note', '')})",
    ]
    if manifest.get("demo_reason"):
        lines.append(f"Demo because: {manifest['demo_reason']}")
    lines += [
        "",
        f"{'table':<10} {'role':<25} {'outcome':<8} {'api':<4} {'CBS modified':<25} "
        f"{'periods':<11} {'provisional':<14} {'rows':>10}",
    ]
    notes = []
    for table_id, t in manifest["tables"].items():
        periods = "-".join(str(p) for p in t.get("periods", [])) or "-"
        provisional = ", ".join(str(y) for y in t.get("provisional_periods", [])) or "-"
        outcome = t.get("outcome", FRESH)
        lines.append(
            f"{table_id:<10} {t.get('role', ''):<25} {outcome:<8} "
            f"{t.get('api') or '-':<4} {t.get('modified') or '-':<25} {periods:<11} "
            f"{provisional:<14} {t.get('rows') or 0:>10,}"
        )
        if outcome != FRESH:
            kept = f" (figures of {t['kept_from']})" if t.get("kept_from") else ""
            notes.append(f"  {table_id} {outcome}{kept}: {t.get('problem')}")
    lines += notes
    if programme := manifest.get("programme"):
        rows = ", ".join(f"{sheet} {n}" for sheet, n in programme["rows"].items())
        lines += [
            "",
            f"Programme file: {programme['file']} (sha256 {programme['sha256'][:12]}): {rows}",
        ]
    if peers := manifest.get("peer_features"):  # issue 15: every municipality
        lines.append(
            f"Peer features: {peers.get('municipalities', 0)} municipalities "
            f"({peers.get('outcome')}, population {peers.get('population_year') or '-'})"
        )
        lines += [f"  {role}: {problem}" for role, problem in peers.get("problems", {}).items()]
    return "\n".join(lines)
