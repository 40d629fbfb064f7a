"""The plotly.js the dashboard serves: npm's basic bundle and the Dutch locale, pinned.

    python tools/vendor_plotly.py            # fetch the pinned files again from npm, verify
    python tools/vendor_plotly.py --check    # verify the files in assets/vendor/plotly (offline)
    python tools/vendor_plotly.py --update   # pin the plotly.js the installed plotly ships

``make vendor-plotly`` runs the first. The files live in ``assets/vendor/plotly/``, where Dash
includes every ``.js`` in the page; ``bundle-lock.json`` there names, for each file, the npm
package and version it comes from, that tarball's npm integrity (sha512) and the file's
sha256. Fetching uses ``npm pack`` (npm's own client, which checks the tarball against the
registry's integrity) and then checks both hashes against the lock, so a file that differs
from the pinned one is never written.

Why these files (issue 12): the app draws only ``scatter`` and ``bar`` traces, which the basic
bundle (``bar``, ``pie``, ``scatter``; 1.2 MB instead of 4.8 MB) has; it must be the plotly.js
version the installed plotly ships (``plotly.offline.get_plotlyjs_version()``), the one
plotly.py's figures are validated against. The basic dist has no locales, so the Dutch one
comes from the ``plotly.js`` package of the same version (its ``dist/plotly-locale-nl.js``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "assets" / "vendor" / "plotly"
LOCK = FOLDER / "bundle-lock.json"
REGISTRY = "https://registry.npmjs.org"

# What --update pins: file name in FOLDER -> (npm package, path inside its tarball).
WANTED = {
    "plotly-basic.min.js": ("plotly.js-basic-dist-min", "package/plotly-basic.min.js"),
    "plotly-locale-nl.js": ("plotly.js", "package/dist/plotly-locale-nl.js"),
    "LICENSE": ("plotly.js-basic-dist-min", "package/LICENSE"),
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def npm_integrity(data: bytes) -> str:
    """npm's ``dist.integrity`` form (Subresource Integrity, sha512)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def read_lock() -> dict:
    return json.loads(LOCK.read_text(encoding="utf-8"))


def check(lock: dict | None = None) -> list[str]:
    """What differs between the files on disk and the lock (empty: all as pinned)."""
    lock = lock or read_lock()
    problems = []
    for name, entry in lock["files"].items():
        path = FOLDER / name
        if not path.exists():
            problems.append(f"{name}: missing")
        elif sha256(path.read_bytes()) != entry["sha256"]:
            problems.append(f"{name}: sha256 differs from bundle-lock.json")
    extra = {p.name for p in FOLDER.iterdir() if p.is_file() and p.name != LOCK.name} - set(
        lock["files"]
    )
    problems += [f"{name}: not in bundle-lock.json" for name in sorted(extra)]
    return problems


def npm_pack(package: str, version: str, folder: Path) -> Path:
    """The registry's tarball of ``package@version``, downloaded by npm into ``folder``."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the plotly.js files (apt-get install npm)")
    result = subprocess.run(
        [npm, "pack", f"{package}@{version}", "--pack-destination", str(folder), "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=folder,
    )
    return folder / json.loads(result.stdout)[0]["filename"]


def member(tarball: Path, path: str) -> bytes:
    with tarfile.open(tarball, "r:gz") as archive:
        extracted = archive.extractfile(path)
        if extracted is None:
            raise SystemExit(f"{tarball.name} has no file {path}")
        return extracted.read()


def fetch(lock: dict) -> None:
    """Download every locked file again and write it only if both hashes match the lock."""
    with tempfile.TemporaryDirectory() as scratch:
        tarballs: dict[tuple[str, str], Path] = {}
        contents: dict[str, bytes] = {}
        for name, entry in lock["files"].items():
            key = (entry["package"], entry["version"])
            if key not in tarballs:
                tarballs[key] = npm_pack(*key, Path(scratch))
                if npm_integrity(tarballs[key].read_bytes()) != entry["integrity"]:
                    raise SystemExit(f"{key[0]}@{key[1]}: the tarball's integrity differs")
            data = member(tarballs[key], entry["path"])
            if sha256(data) != entry["sha256"]:
                raise SystemExit(f"{name}: sha256 differs from bundle-lock.json")
            contents[name] = data
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        (FOLDER / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes, sha256 {sha256(data)[:16]}… as pinned")


def update() -> None:
    """Pin the files at the plotly.js version the installed plotly ships."""
    from plotly.offline import get_plotlyjs_version  # noqa: PLC0415 - only for --update

    version = get_plotlyjs_version()
    files = {}
    with tempfile.TemporaryDirectory() as scratch:
        tarballs: dict[str, Path] = {}
        for name, (package, path) in WANTED.items():
            if package not in tarballs:
                tarballs[package] = npm_pack(package, version, Path(scratch))
            tarball = tarballs[package]
            files[name] = {
                "package": package,
                "version": version,
                "tarball": f"{REGISTRY}/{package}/-/{tarball.name}",
                "integrity": npm_integrity(tarball.read_bytes()),
                "path": path,
                "sha256": sha256(member(tarball, path)),
            }
    lock = {"plotly.js": version, "files": files}
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in FOLDER.iterdir()) - set(files) - {LOCK.name}:
        (FOLDER / stale).unlink()
    LOCK.write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    print(f"pinned plotly.js {version}")
    fetch(lock)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="verify the files (no network)")
    mode.add_argument("--update", action="store_true", help="pin the installed plotly's version")
    args = parser.parse_args(argv)
    if args.update:
        update()
    elif not args.check:
        fetch(read_lock())
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"assets/vendor/plotly: plotly.js {read_lock()['plotly.js']}, every file as pinned")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
