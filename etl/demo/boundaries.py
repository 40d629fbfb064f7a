"""Synthetic municipal boundaries in the shape of PDOK's ``gemeente_gegeneraliseerd`` GeoJSON.

Twente's municipalities get Voronoi-like cells around their (rough) real town centres, clipped
to a circle that matches their land area, so the map looks like Twente without pretending to
be exact; every other municipality gets a square on a tidy grid over the Netherlands. Every
feature carries ``"demo": true``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from .regions import TWENTE, World

_KM_PER_DEG_LAT = 111.2
_COS_LAT = math.cos(math.radians(52.3))
_NL_BOX = (3.6, 50.85, 7.05, 53.45)  # lon/lat of the grid for invented municipalities
_TWENTE_BOX = (6.3, 52.05, 7.15, 52.6)  # kept free of grid cells


def _to_km(lon: float, lat: float) -> tuple[float, float]:
    return lon * _KM_PER_DEG_LAT * _COS_LAT, lat * _KM_PER_DEG_LAT


def _to_deg(x: float, y: float) -> list[float]:
    return [round(x / (_KM_PER_DEG_LAT * _COS_LAT), 4), round(y / _KM_PER_DEG_LAT, 4)]


def _clip(polygon: list[tuple[float, float]], a: float, b: float, c: float):
    """Keep the part of a convex polygon where a*x + b*y <= c (Sutherland-Hodgman)."""
    out = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _twente_cells() -> dict[str, list[list[float]]]:
    # Every Twente municipality carries its location (etl/demo/regions.py)
    centres = {m.code: _to_km(m.lon or 0.0, m.lat or 0.0) for m in TWENTE}
    cells = {}
    for m in TWENTE:
        cx, cy = centres[m.code]
        radius = 1.45 * math.sqrt(m.area_km2 / math.pi)
        poly = [
            (
                cx + radius * math.cos(2 * math.pi * k / 32),
                cy + radius * math.sin(2 * math.pi * k / 32),
            )
            for k in range(32)
        ]
        for other, (ox, oy) in centres.items():
            if other == m.code:
                continue
            # half-plane of points closer to this centre than to the other one
            a, b = ox - cx, oy - cy
            poly = _clip(poly, a, b, (ox * ox + oy * oy - cx * cx - cy * cy) / 2)
        ring = [_to_deg(x, y) for x, y in poly]
        cells[m.code] = [*ring, ring[0]]
    return cells


def _grid_cells(n: int) -> list[list[list[float]]]:
    west, south, east, north = _NL_BOX
    tw, ts, te, tn = _TWENTE_BOX
    area = (east - west) * _COS_LAT * (north - south)
    side = math.sqrt(area / max(n, 1)) * 0.9  # degrees of latitude
    while True:
        cells = []
        lat = north - side
        while lat >= south - 1e-9:
            lon = west
            while lon + side / _COS_LAT <= east + 1e-9:
                cx, cy = lon + side / _COS_LAT / 2, lat + side / 2
                if not (tw <= cx <= te and ts <= cy <= tn):
                    cells.append((lon, lat))
                lon += side / _COS_LAT
            lat -= side
        if len(cells) >= n:
            break
        side *= 0.95
    out = []
    for lon, lat in cells[:n]:
        w, e, s, nn = lon, lon + side / _COS_LAT * 0.96, lat, lat + side * 0.96
        out.append(
            [
                [round(w, 4), round(s, 4)],
                [round(e, 4), round(s, 4)],
                [round(e, 4), round(nn, 4)],
                [round(w, 4), round(nn, 4)],
                [round(w, 4), round(s, 4)],
            ]
        )
    return out


def write_demo_boundaries(
    dest_file: Path, region_codes: list[str], year: int, world: World | None = None
) -> None:
    """Write a FeatureCollection (WGS84 lon/lat) with one polygon per municipality code.

    Codes may be padded; codes that are not municipalities (CR.., PV.., NL01) are skipped.
    """
    from .regions import build_world

    world = world or build_world(20240701)
    names = {m.code: m.name for m in world.municipalities}
    codes = list(dict.fromkeys(c.strip() for c in region_codes if c.strip().startswith("GM")))
    twente = _twente_cells()
    others = [c for c in codes if c not in twente]
    grid = dict(zip(others, _grid_cells(len(others)), strict=True))
    features = []
    for i, code in enumerate(codes, start=1):
        ring = twente.get(code) or grid[code]
        name = names.get(code, f"Demogemeente {code[2:]}")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "statcode": code,
                    "jrstatcode": f"{year}{code}",
                    "statnaam": name.removesuffix(" (O.)"),
                    "rubriek": "gemeente",
                    "id": i,
                    "FID": f"gemeente_gegeneraliseerd.demo-{code}",
                    "demo": True,
                },
                "id": code,
            }
        )
    dest_file = Path(dest_file)
    dest_file.parent.mkdir(parents=True, exist_ok=True)
    with open(dest_file, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
