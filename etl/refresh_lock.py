"""One refresh at a time per data folder, and nothing half-written left by a crashed one.

A nightly timer and a person can start a refresh at the same moment; two runs writing the
raw cache and swapping the store link would interleave. The lock is a POSIX record lock
(``fcntl.lockf``) on ``<data>/refresh.lock``: the kernel releases it when its process dies,
however it dies (SIGKILL included), so a lock can never outlive its run, and POSIX locks
also hold on NFS, where a data folder shared by several machines lives (docs/deploy.md).
The file also says who holds it (pid, host, start time), for the message a second run
prints while it waits.

Whoever takes the lock first removes what a killed run can leave behind: vintage folders
being built (``vintages/.building-*``), a temporary store link (``.store-*``) and raw
downloads in progress (``raw/<table>/.building-*``). None of these is ever read, so removing
them cannot lose published data.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = "refresh.lock"
POLL_SECONDS = 0.5


class RefreshLocked(RuntimeError):
    """Another refresh held the lock for longer than we were willing to wait."""


def _holder(fd: int) -> dict:
    """Who the lock file says holds it. Read through our own descriptor: closing any other
    descriptor of the file would drop a POSIX lock this process holds."""
    try:
        return json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return {}


def describe_holder(holder: dict) -> str:
    if not holder:
        return "another refresh is running"
    return (
        f"another refresh is running (pid {holder.get('pid', '?')} on "
        f"{holder.get('host', '?')}, started {holder.get('started_at', '?')})"
    )


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def refresh_lock(
    data_dir: Path, wait_seconds: float, progress: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold the data folder's refresh lock for the ``with`` block.

    Waits up to ``wait_seconds`` for another run to finish, saying so once; raises
    :class:`RefreshLocked` (with who holds it) when it is still held after that."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait_seconds)
        told = False
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    raise RefreshLocked(
                        f"{describe_holder(holder)}; waited "
                        f"{wait_seconds:.0f} s (TALENT_LOCK_WAIT_SECONDS)"
                    ) from None
                if not told:
                    progress(f"{describe_holder(holder)}; waiting up to {wait_seconds:.0f} s")
                    told = True
                time.sleep(POLL_SECONDS)
        previous = _holder(fd)
        if previous.get("pid") not in (None, os.getpid()) and (
            previous.get("host") != socket.gethostname() or not _alive(previous["pid"])
        ):
            progress(
                f"A previous refresh (pid {previous.get('pid')}, started "
                f"{previous.get('started_at', '?')}) ended without finishing; "
                "its lock is cleared"
            )
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            ).encode(),
            0,
        )
        removed = clean_leftovers(data_dir)
        if removed:
            progress(f"Removed what an interrupted run left behind: {', '.join(removed)}")
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # released: nobody holds it (the file stays for the next)
    finally:
        os.close(fd)  # closing releases the lock


def clean_leftovers(data_dir: Path) -> list[str]:
    """Remove half-built vintages, temporary store links and raw downloads in progress."""
    removed: list[str] = []
    candidates = [
        *(data_dir / "vintages").glob(".building-*"),
        *data_dir.glob(".store-*"),
        *(data_dir / "raw").glob("*/.building-*"),
        *(data_dir / "raw").glob("peers/*/.building-*"),  # the peer finder's (peer_stage)
        *(data_dir / "raw").glob(".demo-staging"),
    ]
    for path in candidates:
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            continue
        removed.append(str(path.relative_to(data_dir)))
    return removed
