"""Data access: the published store (docs/store.md), loaded once per worker and kept in memory.

Callbacks never read files. :data:`STORE` hands out a :class:`Store` whose frames are
pre-split by indicator and region, so a callback only looks up small frames. At most every
few seconds it checks where ``data/store`` points (and the manifest's mtime); when the ETL
has published a new vintage the next request gets it, without restarting gunicorn. A link
with ``versie`` reads ``data/vintages/<versie>/`` instead (a few pinned vintages are cached).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard.settings import settings
from etl.contract import (
    BOUNDARIES_FILE,
    CATALOGUE_FILE,
    FLOW_COLUMNS,
    FLOWS_FILE,
    INDICATOR_COLUMNS,
    INDICATORS_FILE,
    MANIFEST,
    MODES,
    POPULATION_BY_AGE_COLUMNS,
    POPULATION_BY_AGE_FILE,
    PROGRAMME_FRAME_FILES,
    PROGRAMME_INDICATORS_FILE,
    REGION_COLUMNS,
    REGION_LEVELS,
    REGIONS_FILE,
    RETENTION_GAP_COLUMNS,
    RETENTION_GAPS_FILE,
    SEXES,
    STATUSES,
    STORE_LINK,
    VINTAGE_RE,
    VINTAGES_FOLDER,
)

log = logging.getLogger(__name__)

PINNED_CACHE_SIZE = 3  # pinned vintages kept in memory besides the current one

# The contract's codes by name (etl/contract.py lists them in this order).
FINAL, PROVISIONAL, FORECAST = STATUSES  # a value's status
TOTAL, MEN, WOMEN = SEXES  # population_by_age ``sex``; the pyramid's columns
GEMEENTE, COROP, PROVINCIE, LANDSDEEL, LAND = REGION_LEVELS  # regions ``level``
LIVE, OFFLINE, DEMO = MODES  # manifest ``mode``


@dataclass(frozen=True)
class SeriesData:
    """A series as tuples: callbacks loop over a dozen values, faster than any frame op."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    statuses: tuple[str, ...]
    lowers: tuple[float | None, ...]
    uppers: tuple[float | None, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> SeriesData:
        def optional(column: str) -> tuple[float | None, ...]:
            return tuple(None if pd.isna(v) else float(v) for v in frame[column])

        return cls(
            years=tuple(int(y) for y in frame["year"]),
            values=tuple(float(v) for v in frame["value"]),
            statuses=tuple(str(v) for v in frame["status"]),
            lowers=optional("lower"),
            uppers=optional("upper"),
        )

    def value_in(self, year: int) -> float | None:
        try:
            return self.values[self.years.index(year)]
        except ValueError:
            return None


@dataclass(frozen=True)
class Programme:
    """The programme file as published (docs/store.md, ``programme_*``); frames read-only."""

    targets: pd.DataFrame
    measurements: pd.DataFrame
    milestones: pd.DataFrame
    events: pd.DataFrame
    indicators: dict[str, dict]  # id -> entry of programme_indicators.json, in file order


def load_programme(folder: Path) -> Programme | None:
    """The ``programme_*`` files of a vintage, or None when it predates them."""
    files = [folder / name for name in PROGRAMME_FRAME_FILES]
    listing = folder / PROGRAMME_INDICATORS_FILE
    if not all(f.exists() for f in files) or not listing.exists():
        return None
    try:
        frames = [pd.read_parquet(f) for f in files]
        entries = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"cannot read the programme files in {folder}: {error}") from error
    targets, measurements, milestones, events = frames  # PROGRAMME_FRAME_FILES' order
    return Programme(
        targets, measurements, milestones, events, indicators={e["id"]: e for e in entries}
    )


class StoreError(RuntimeError):
    """A store folder exists but breaks the contract; the message says what is wrong."""


@dataclass
class Store:
    """One loaded vintage. Frames are read-only by convention: callbacks must not mutate."""

    path: Path
    manifest: dict
    # sha256 of the manifest file as it was read: with the vintage id, what this store *is*
    # (the render cache's keys, dashboard/server/render_cache.py); every publish writes a
    # new manifest (its created_at at least), so a re-written vintage has another hash.
    manifest_sha256: str
    catalogue: dict[str, dict]  # id -> entry, in catalogue order
    indicators: pd.DataFrame
    regions: pd.DataFrame
    population_by_age: pd.DataFrame | None
    boundaries: dict | None
    region_names: dict[str, str] = field(default_factory=dict)
    programme: Programme | None = None  # None: a vintage from before the programme file
    # Issue 14. None: the vintage has no such file (an older store; 81734NED not refreshed
    # and nothing to keep, which the manifest's tables say).
    flows: pd.DataFrame | None = None  # moves between municipalities, all ages
    retention_gaps: pd.DataFrame | None = None  # why a retention value is absent
    # Row positions per key, computed once; the small frames themselves are built on first
    # use and cached, so loading stays fast even for all ~340 Dutch municipalities.
    _series_rows: dict = field(default_factory=dict, repr=False)
    _indicator_rows: dict = field(default_factory=dict, repr=False)
    _pyramid_rows: dict = field(default_factory=dict, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def vintage(self) -> str:
        return str(self.manifest.get("vintage") or self.path.name)

    @property
    def mode(self) -> str:
        return str(self.manifest.get("mode", ""))

    # cached_property: these are asked on every request; the frames never change once loaded.
    @cached_property
    def observed_years(self) -> tuple[int, ...]:
        observed = self.indicators.loc[self.indicators["status"] != FORECAST, "year"]
        return tuple(sorted(int(y) for y in observed.unique()))

    @cached_property
    def gemeenten(self) -> list[str]:
        """Municipality codes, sorted by name (the order of the focus dropdown)."""
        rows = self.regions[self.regions["level"] == GEMEENTE].sort_values("name")
        return rows["region_code"].tolist()

    @cached_property
    def twente_gemeenten(self) -> list[str]:
        rows = self.regions[(self.regions["level"] == GEMEENTE) & self.regions["in_twente"]]
        return rows.sort_values("name")["region_code"].tolist()

    def name(self, code: str) -> str:
        return self.region_names.get(code, code)

    def memo(self, key: tuple, build):
        """Compute once per store (frames are immutable once loaded)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = build()  # a race only builds the same frame twice
            return value

    def get_series(self, indicator: str, region: str) -> SeriesData | None:
        """One indicator in one region as plain tuples, in year order."""
        rows = self._series_rows.get((indicator, region))
        if rows is None:
            return None
        return self.memo(
            ("series", indicator, region), lambda: SeriesData.from_frame(self.indicators.iloc[rows])
        )

    def source_tables(self, indicator: str) -> list[str]:
        """Distinct CBS table ids in the ``source`` column of an indicator's rows."""

        def build() -> list[str]:
            frame = self.indicator_frame(indicator)
            if frame is None:
                return []
            tables: list[str] = []
            for joined in frame["source"].dropna().unique():
                tables += [t for t in str(joined).split("+") if t and t not in tables]
            return tables

        return self.memo(("source_tables", indicator), build)

    def year_values(self, indicator: str, year: int) -> list[tuple[str, float, str]]:
        """``(region_code, value, status)`` of every region in one year (rankings, maps)."""

        def build() -> dict[int, list[tuple[str, float, str]]]:
            frame = self.indicator_frame(indicator)
            result: dict[int, list] = {}
            if frame is not None:
                for code, y, value, status in zip(
                    frame["region_code"],
                    frame["year"],
                    frame["value"],
                    frame["status"],
                    strict=True,
                ):
                    result.setdefault(int(y), []).append((str(code), float(value), str(status)))
            return result

        return self.memo(("year_values", indicator), build).get(year, [])

    def indicator_frame(self, indicator: str) -> pd.DataFrame | None:
        """All regions and years of one indicator (for rankings and maps)."""
        rows = self._indicator_rows.get(indicator)
        if rows is None:
            return None
        return self.memo(
            ("indicator", indicator), lambda: self.indicators.iloc[rows].reset_index(drop=True)
        )

    def pyramid(self, region: str, year: int) -> pd.DataFrame | None:
        """One row per age: ``age``, a column per sex (``man``, ``vrouw``, ``totaal``),
        ``age_open``, ``status``; None when absent."""
        rows = self._pyramid_rows.get((region, year))
        if rows is None or self.population_by_age is None:
            return None
        return self.memo(
            ("pyramid", region, year), lambda: _pyramid_frame(self.population_by_age.iloc[rows])
        )


def _require(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StoreError(f"{name}: missing columns {', '.join(missing)} (see docs/store.md)")
    return frame


def _optional_frame(path: Path, columns: tuple[str, ...]) -> pd.DataFrame | None:
    """A parquet file a vintage may lack (None then), checked against its columns."""
    if not path.exists():
        return None
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as error:
        raise StoreError(f"cannot read {path}: {error}") from error
    if frame.empty and frame.columns.empty:
        return None  # written from an empty frame: nothing in it, nothing to check
    return _require(frame, columns, path.name)


def _pyramid_frame(ages: pd.DataFrame) -> pd.DataFrame:
    wide = ages.pivot_table(index="age", columns="sex", values="population", aggfunc="sum")
    flags = ages.groupby("age").agg(age_open=("age_open", "max"), status=("status", "first"))
    wide = wide.join(flags).reset_index().sort_values("age").reset_index(drop=True)
    for sex in (MEN, WOMEN, TOTAL):
        if sex not in wide.columns:
            wide[sex] = 0
    return wide


def load_store(path: Path | str) -> Store:
    """Read one vintage folder into memory. Raises :class:`StoreError` on a broken contract."""
    folder = Path(path).resolve()
    try:
        manifest_bytes = (folder / MANIFEST).read_bytes()
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        catalogue_list = json.loads((folder / CATALOGUE_FILE).read_text(encoding="utf-8"))
        indicators = _require(
            pd.read_parquet(folder / INDICATORS_FILE), INDICATOR_COLUMNS, INDICATORS_FILE
        )
        regions = _require(pd.read_parquet(folder / REGIONS_FILE), REGION_COLUMNS, REGIONS_FILE)
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise StoreError(f"cannot read the store in {folder}: {error}") from error
    ages_file = folder / POPULATION_BY_AGE_FILE
    ages = (
        _require(pd.read_parquet(ages_file), POPULATION_BY_AGE_COLUMNS, ages_file.name)
        if ages_file.exists()
        else None
    )
    boundaries_file = folder / BOUNDARIES_FILE
    boundaries = (
        json.loads(boundaries_file.read_text(encoding="utf-8"))
        if boundaries_file.exists()
        else None
    )

    # Sorted once so every per-series slice comes out in year order.
    indicators = (
        indicators.astype({"year": "int64", "value": "float64"})
        .sort_values(["indicator", "region_code", "year"])
        .reset_index(drop=True)
    )
    regions = regions.assign(in_twente=regions["in_twente"].fillna(False).astype(bool))
    store = Store(
        path=folder,
        manifest=manifest,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        catalogue={entry["id"]: entry for entry in catalogue_list},
        indicators=indicators,
        regions=regions,
        population_by_age=ages,
        boundaries=rewind_for_plotly(boundaries) if boundaries else None,
    )
    store._series_rows = indicators.groupby(["indicator", "region_code"], sort=False).indices
    store._indicator_rows = indicators.groupby("indicator", sort=False).indices
    if ages is not None:
        store._pyramid_rows = {
            (str(r), int(y)): rows
            for (r, y), rows in ages.groupby(["region_code", "year"], sort=False).indices.items()
        }
    store.region_names = dict(zip(regions["region_code"], regions["name"], strict=True))
    store.programme = load_programme(folder)
    store.flows = _optional_frame(folder / FLOWS_FILE, FLOW_COLUMNS)
    store.retention_gaps = _optional_frame(folder / RETENTION_GAPS_FILE, RETENTION_GAP_COLUMNS)
    return store


def _signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def rewind_for_plotly(geojson: dict) -> dict:
    """Outer rings clockwise, holes counter-clockwise: the winding plotly's d3-geo expects.

    GeoJSON (RFC 7946) prescribes the opposite, and a polygon wound the "wrong" way is drawn
    by d3 as the whole globe minus the municipality, so normalise whatever the ETL wrote.
    """

    def fix(polygon: list) -> list:
        rings = []
        for position, ring in enumerate(polygon):
            clockwise = _signed_area(ring) < 0
            want_clockwise = position == 0
            rings.append(ring if clockwise == want_clockwise else list(reversed(ring)))
        return rings

    features = []
    for feature in geojson.get("features", []):
        geometry = dict(feature.get("geometry") or {})
        if geometry.get("type") == "Polygon":
            geometry["coordinates"] = fix(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            geometry["coordinates"] = [fix(p) for p in geometry["coordinates"]]
        features.append({**feature, "geometry": geometry})
    return {**geojson, "features": features}


class StoreProvider:
    """The current store of this worker, refreshed when a new vintage is published."""

    def __init__(self, data_dir: Path | None = None, check_seconds: float | None = None):
        self._lock = threading.Lock()
        self.configure(data_dir, check_seconds)

    def configure(
        self, data_dir: Path | str | None = None, check_seconds: float | None = None
    ) -> None:
        """Point at another data folder (tests, benchmarks) and forget what was loaded."""
        with self._lock:
            self._data_dir = Path(data_dir) if data_dir is not None else None
            self._check_seconds = check_seconds
            self._store: Store | None = None
            self._key: tuple | None = None
            self._checked_at = float("-inf")
            self._pinned: OrderedDict[str, Store] = OrderedDict()
            self._vintages: frozenset[str] = frozenset()
            # vintage -> (manifest stat, manifest sha256): a manifest is hashed again only
            # when its size or mtime changed, so the content key costs no hashing per request.
            self._vintage_manifests: dict[str, tuple[tuple[int, int], str]] = {}
            self._content_key = ""

    @property
    def data_dir(self) -> Path:
        """The folder given to :meth:`configure`, else ``TALENT_DATA_DIR``."""
        return self._data_dir if self._data_dir is not None else settings().data_dir

    @property
    def check_seconds(self) -> float:
        if self._check_seconds is not None:
            return self._check_seconds
        return settings().store_check_seconds

    def _published_key(self) -> tuple | None:
        """Where ``store`` points and when its manifest changed; None when there is none."""
        try:
            target = (self.data_dir / STORE_LINK).resolve(strict=True)
            return (str(target), (target / MANIFEST).stat().st_mtime_ns)
        except (OSError, RuntimeError):
            return None

    def _list_vintages(self) -> dict[str, tuple[int, int]]:
        """Each vintage folder with a manifest, and that manifest's (size, mtime)."""
        found = {}
        try:
            for folder in (self.data_dir / VINTAGES_FOLDER).iterdir():
                if VINTAGE_RE.match(folder.name):
                    try:
                        stat = (folder / MANIFEST).stat()
                    except OSError:
                        continue  # being written or pruned: not a vintage (yet)
                    found[folder.name] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            pass
        return found

    def _hash_vintages(self, listing: dict[str, tuple[int, int]]) -> None:
        """Bring ``_vintage_manifests`` up to ``listing``; a vintage whose manifest changed
        is also dropped from the pinned ones, so that it is read again."""
        hashes = {}
        for name, stat in listing.items():
            known = self._vintage_manifests.get(name)
            if known is not None and known[0] == stat:
                hashes[name] = known
                continue
            try:
                digest = hashlib.sha256(
                    (self.data_dir / VINTAGES_FOLDER / name / MANIFEST).read_bytes()
                )
            except OSError:
                continue
            hashes[name] = (stat, digest.hexdigest())
            if known is not None and known[1] != hashes[name][1]:
                self._pinned.pop(name, None)
        self._vintage_manifests = hashes
        self._vintages = frozenset(hashes)

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self.check_seconds:
            return
        with self._lock:
            if now - self._checked_at < self.check_seconds:
                return
            self._checked_at = now
            key = self._published_key()
            self._hash_vintages(self._list_vintages())
            if key != self._key:
                self._load(key)
            self._content_key = self._describe()

    def _load(self, key: tuple | None) -> None:
        if key is None:
            self._store, self._key = None, None
            return
        try:
            self._store = load_store(key[0])
            self._key = key
            log.info(
                "store loaded: vintage %s (%s, manifest sha256 %s) from %s",
                self._store.vintage,
                self._store.mode,
                self._store.manifest_sha256[:12],
                key[0],
            )
        except StoreError:
            # Keep serving what we had: a broken publish must not take the app down.
            log.exception("could not load the published store; keeping the previous one")

    def _describe(self) -> str:
        """What a page could show, as text: the current vintage and its manifest's hash,
        and every available vintage with its manifest's hash (a page lists them and a link
        may pin one). Only content: the same folder gives the same text in every process."""
        current = self._store
        return json.dumps(
            {
                "current": [current.vintage, current.manifest_sha256] if current else None,
                "vintages": sorted(
                    (name, h) for name, (_stat, h) in self._vintage_manifests.items()
                ),
            }
        )

    def content_key(self) -> str:
        """Changes whenever the published store, the set of vintages or any vintage's
        manifest does; equal for every process reading the same data folder."""
        self._refresh()
        return self._content_key

    def current(self) -> Store | None:
        self._refresh()
        return self._store

    def vintages(self) -> frozenset[str]:
        self._refresh()
        return self._vintages

    def get(self, versie: str | None = None) -> Store | None:
        """The store for a view: the pinned vintage when ``versie`` names one, else current."""
        current = self.current()
        if not versie or (current is not None and current.vintage == versie):
            return current
        if not VINTAGE_RE.match(versie) or versie not in self._vintages:
            return current
        with self._lock:
            if versie in self._pinned:
                self._pinned.move_to_end(versie)
                return self._pinned[versie]
        try:
            pinned = load_store(self.data_dir / VINTAGES_FOLDER / versie)
        except StoreError:
            log.exception("pinned vintage %s is unreadable", versie)
            return current
        with self._lock:
            self._pinned[versie] = pinned
            while len(self._pinned) > PINNED_CACHE_SIZE:
                self._pinned.popitem(last=False)
        return pinned


STORE = StoreProvider()
