"""``python -m etl`` (also the ``etl`` command): refresh the store, or show its status."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from etl import __version__
from etl.cbs_client import CbsError
from etl.metadata import MetadataError
from etl.pipeline import EtlError, RefreshOptions, refresh
from etl.programme import ProgrammeError
from etl.publish import MANIFEST, current_store, list_vintages
from etl.settings import Settings
from etl.validate import ValidationFailed

UNCHANGED = "The published store is unchanged."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="CBS open data -> validated local store for the Talentopgave dashboard.")
    parser.add_argument("--version", action="version", version=f"etl {__version__}")
    parser.add_argument("--data-dir", type=Path,
                        help="data folder (default: $TALENT_DATA_DIR or ./data)")
    commands = parser.add_subparsers(dest="command", required=True)

    r = commands.add_parser("refresh", help="download (or rebuild) and publish a new store")
    source = r.add_mutually_exclusive_group()
    source.add_argument("--cbs-url", help="CBS OData v3 base URL (default: $TALENT_CBS_URL or "
                        "https://opendata.cbs.nl), e.g. http://127.0.0.1:8765")
    source.add_argument("--offline", type=Path, metavar="DIR",
                        help="rebuild from a raw cache folder (e.g. data/raw); no network")
    source.add_argument("--demo", action="store_true",
                        help="publish generated demo data (no network); mode 'demo'")
    r.add_argument("--pdok-url", help="PDOK gebiedsindelingen WFS URL with {year}")
    r.add_argument("--scope", choices=["twente", "nl"],
                   help="'twente' (default): 14 municipalities, CR12, PV23, NL01; "
                        "'nl': every municipality")
    r.add_argument("--demo-if-unreachable", action="store_true",
                   help="when CBS cannot be reached and no store exists yet, publish the "
                        "demo instead (used by `make run`)")
    r.add_argument("--programme", type=Path, metavar="FILE", dest="programme_file",
                   help="programme file: .xlsx or a folder of CSVs (default: "
                        "$TALENT_PROGRAMME_FILE or programme/talentopgave.xlsx)")

    commands.add_parser("status", help="show the published store's manifest")
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    for field in ("cbs_url", "pdok_url", "scope", "programme_file"):
        if getattr(args, field, None):
            overrides[field] = getattr(args, field)
    return Settings(**overrides)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    if args.command == "status":
        return show_status(settings)
    options = RefreshOptions(offline_dir=args.offline, demo=args.demo,
                             demo_if_unreachable=args.demo_if_unreachable)
    return run_refresh(settings, options)


def say(message: str) -> None:
    print(message, flush=True)


def fail(message: str, advice: str) -> int:
    print(f"\nETL failed: {message}\n{UNCHANGED} {advice}", file=sys.stderr, flush=True)
    return 1


def fail_programme(error: ProgrammeError) -> int:
    """In Dutch: the advisers who keep the programme file read this."""
    listed = "\n".join(f"  - {p}" for p in error.problems)
    print(f"\nETL failed: Het programmabestand bevat fouten; niets gepubliceerd.\n"
          f"Bestand: {error.path}\n{listed}\n"
          "De gepubliceerde store is ongewijzigd. Verbeter het bestand (uitleg in "
          "programme/README.md) en start de refresh opnieuw.", file=sys.stderr, flush=True)
    return 1


def run_refresh(settings: Settings, options: RefreshOptions) -> int:
    try:
        summary = refresh(settings, options, progress=say)
    except CbsError as exc:
        return fail(str(exc), "CBS may be down: try again later, or rebuild from the cache "
                    f"with `python -m etl refresh --offline {settings.raw_dir}`.")
    except MetadataError as exc:
        return fail(str(exc), "CBS changed the table; adjust etl/sources.py or the transform "
                    "to the new metadata.")
    except ValidationFailed as exc:
        return fail(str(exc), "Nothing was published; the data above needs a look.")
    except ProgrammeError as exc:
        return fail_programme(exc)
    except EtlError as exc:
        return fail(str(exc), "")
    except KeyboardInterrupt:
        print(f"\nInterrupted. {UNCHANGED}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a trace
        log = settings.data_dir / "etl-error.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc())
        return fail(f"unexpected {type(exc).__name__}: {exc}",
                    f"Details are in {log}; please report them.")
    say(summary)
    return 0


def show_status(settings: Settings) -> int:
    store = current_store(settings.data_dir)
    if store is None:
        print(f"No published store in {settings.data_dir}. Run `python -m etl refresh` "
              "(or `--demo` without internet).")
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
        "",
        f"{'table':<10} {'role':<25} {'CBS modified':<20} {'periods':<11} "
        f"{'provisional':<14} {'rows':>10}",
    ]
    for table_id, t in manifest["tables"].items():
        periods = "-".join(str(p) for p in t.get("periods", [])) or "-"
        provisional = ", ".join(str(y) for y in t.get("provisional_periods", [])) or "-"
        lines.append(f"{table_id:<10} {t.get('role', ''):<25} {t.get('modified', ''):<20} "
                     f"{periods:<11} {provisional:<14} {t.get('rows', 0):>10,}")
    if programme := manifest.get("programme"):
        rows = ", ".join(f"{sheet} {n}" for sheet, n in programme["rows"].items())
        lines += ["", f"Programme file: {programme['file']} (sha256 "
                      f"{programme['sha256'][:12]}): {rows}"]
    return "\n".join(lines)
