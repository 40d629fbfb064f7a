"""Municipal boundaries from PDOK's CBS gebiedsindelingen (``gemeente_gegeneraliseerd``).

Boundaries are nice to have: when PDOK cannot be reached the run warns and publishes the CBS
data without them (the map then says so). Responses are cached under ``raw/pdok/`` per year.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import requests
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from etl.cbs_client import Progress

LAYER = "gebiedsindelingen:gemeente_gegeneraliseerd"


@dataclass(frozen=True)
class Boundaries:
    year: int | None
    geojson: dict | None
    note: str

    @property
    def available(self) -> bool:
        return self.geojson is not None


def wfs_url(template: str, year: int) -> str:
    return template.format(year=year)


def wfs_params() -> dict[str, str]:
    return {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": LAYER,
        "outputFormat": "application/json",
        "srsName": "EPSG:4326",
    }


def cache_path(raw_dir: Path, year: int) -> Path:
    return raw_dir / "pdok" / f"gemeente_{year}.geojson"


def check_geojson(doc: object) -> dict:
    if not (
        isinstance(doc, dict)
        and doc.get("type") == "FeatureCollection"
        and isinstance(doc.get("features"), list)
        and doc["features"]
        and all("statcode" in (f.get("properties") or {}) for f in doc["features"])
    ):
        raise ValueError("not a FeatureCollection of municipalities with a 'statcode'")
    return doc


def fetch_boundaries(
    template: str,
    raw_dir: Path,
    years: list[int],
    *,
    timeout: float,
    retries: int,
    retry_wait: float,
    progress: Progress,
) -> Boundaries:
    """The newest year PDOK serves among ``years`` (newest first), from cache when present."""
    problems = []
    for year in years:
        path = cache_path(raw_dir, year)
        if path.exists():
            progress(f"boundaries {year}: using the cache")
            return Boundaries(year, json.loads(path.read_text()), f"PDOK gemeente {year}")
        url = wfs_url(template, year)
        try:
            for attempt in Retrying(
                retry=retry_if_exception_type((requests.ConnectionError, requests.Timeout)),
                stop=stop_after_attempt(max(1, retries)),
                wait=wait_exponential(multiplier=retry_wait, max=30),
                reraise=True,
            ):
                with attempt:
                    response = requests.get(url, params=wfs_params(), timeout=timeout)
            response.raise_for_status()
            doc = check_geojson(response.json())
        except (requests.RequestException, ValueError) as exc:
            problems.append(f"{year}: {exc}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc))
        tmp.replace(path)
        progress(f"boundaries {year}: {len(doc['features'])} municipalities from PDOK")
        return Boundaries(year, doc, f"PDOK gemeente {year}")
    note = "PDOK boundaries could not be fetched (" + "; ".join(problems)[:300] + ")"
    progress(f"WARNING: {note}; publishing without a map")
    return Boundaries(None, None, note)


def cached_boundaries(raw_dir: Path) -> Boundaries:
    """The newest cached boundaries, for offline rebuilds."""
    paths = sorted((raw_dir / "pdok").glob("gemeente_*.geojson"))
    if not paths:
        return Boundaries(None, None, "no boundaries in the raw cache")
    path = paths[-1]
    year = int(path.stem.split("_")[-1])
    return Boundaries(year, json.loads(path.read_text()), f"PDOK gemeente {year} (cached)")


def select_municipalities(doc: dict, codes: set[str]) -> dict:
    features = [
        f for f in doc["features"] if str(f["properties"].get("statcode", "")).strip() in codes
    ]
    return {"type": "FeatureCollection", "features": features}
