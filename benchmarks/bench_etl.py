"""ETL benchmark: transform, validate and publish for every Dutch municipality from a raw cache.

    .venv/bin/python benchmarks/bench_etl.py [--runs 3] [--keep DIR]

Generates a demo raw cache for scope 'nl' (342 municipalities, 40 COROP areas, 12 provinces,
2000-2025) once, then times `python -m etl refresh --offline` in fresh processes:
- cold: the first read of the raw JSON (03759ned alone is ~0.7 GB), which also writes the
  columnar sidecars;
- warm: later rebuilds, which read the sidecars (median of --runs).
Prints wall time and peak memory (max RSS) per run. Targets (DESIGN.md): <= 30 s, <= 2 GB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS, TARGET_GB = 30.0, 2.0

CHILD = """
import json, resource, sys, time
from pathlib import Path
from etl.cli import main
start = time.perf_counter()
code = main(["--data-dir", sys.argv[1], "refresh", "--offline", sys.argv[2], "--scope", "nl"])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "max_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6}))
"""


def run_child(data_dir: Path, raw_dir: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), str(raw_dir)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"refresh failed:\n{done.stdout}\n{done.stderr}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="use/keep the raw cache in this folder")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from etl.demo.cache import write_demo_raw_cache  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="bench-etl-") as tmp:
        raw_dir = args.keep or Path(tmp) / "raw"
        if not (raw_dir / "selection.json").exists():
            start = time.perf_counter()
            write_demo_raw_cache(raw_dir, "nl")
            print(f"generated the nl raw cache in {time.perf_counter() - start:.1f} s "
                  f"({sum(p.stat().st_size for p in raw_dir.rglob('*') if p.is_file()) / 1e9:.2f}"
                  " GB)")
        for sidecar in raw_dir.rglob("*.parquet"):
            sidecar.unlink()
        cold = run_child(Path(tmp) / "data-cold", raw_dir)
        warm = [run_child(Path(tmp) / f"data-warm-{i}", raw_dir) for i in range(args.runs)]

    warm_s = statistics.median(r["seconds"] for r in warm)
    warm_gb = max(r["max_rss_gb"] for r in warm)
    print(f"\n{'run':<28}{'wall s':>10}{'peak GB':>10}")
    print(f"{'cold (parse raw JSON)':<28}{cold['seconds']:>10.1f}{cold['max_rss_gb']:>10.2f}")
    for i, r in enumerate(warm, 1):
        print(f"{f'warm {i}':<28}{r['seconds']:>10.1f}{r['max_rss_gb']:>10.2f}")
    print(f"{'warm median / max':<28}{warm_s:>10.1f}{warm_gb:>10.2f}")
    print(f"\ntarget {TARGET_SECONDS:.0f} s / {TARGET_GB:.0f} GB: warm median is "
          f"{warm_s / TARGET_SECONDS:.0%} of the time and {warm_gb / TARGET_GB:.0%} of the memory "
          f"budget; cold is {cold['seconds'] / TARGET_SECONDS:.0%} / "
          f"{cold['max_rss_gb'] / TARGET_GB:.0%}.")


if __name__ == "__main__":
    main()
