"""Running ``python -m etl`` in-process, as a user would, and fingerprinting a data folder."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from pathlib import Path

from etl.cli import main

FAST_RETRIES = {
    "TALENT_RETRIES": "3",
    "TALENT_RETRY_WAIT_SECONDS": "0.01",
    "TALENT_TIMEOUT_SECONDS": "60",
    "TALENT_LOCK_WAIT_SECONDS": "5",
}


def run_etl(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run ``python -m etl --data-dir DATA ARGS`` in-process; returns (exit code, stdout +
    stderr). Retries are fast unless ``env`` says otherwise."""
    saved = dict(os.environ)
    os.environ.update({**FAST_RETRIES, **(env or {})})
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            code = main(["--data-dir", str(data_dir), *args])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return code, buffer.getvalue()


def fingerprint(data_dir: Path) -> dict[str, str]:
    """Every published file's hash plus where the store link points."""
    prints = {"store ->": os.readlink(data_dir / "store")}
    for path in sorted((data_dir / "vintages").rglob("*")):
        if path.is_file():
            prints[str(path.relative_to(data_dir))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints
