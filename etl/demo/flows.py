"""Demo 81734NED: people who moved between municipalities, by origin and destination.

The flows are consistent with the demo population: for every municipality and year, the sum
over destinations is exactly its moves to other municipalities in the demo 37259ned
(``NaarAndereGemeente``), and the sum over origins exactly its moves from other
municipalities (``UitAndereGemeente``), because both come from the same model counts
(``Simulation.moved_out`` / ``moved_in``). The pattern between them is a gravity model:
sizes times an affinity that falls with distance (Twente's real town centres) or with
leaving the COROP area and the province; iterative proportional fitting makes it meet both
margins, and an integer rounding keeps the margins exact.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._io import Column
from .cbsformat import Dim, Topic, members, table_info, write_table, year_periods
from .regions import COROPS, TWENTE, World, exists, pad
from .tables import Context

FIRST_YEAR = 2011  # 81734NED starts in 2011 (see etl/sources.py for the sources)
TOPIC = Topic("TussenGemeentenVerhuisdePersonen_1", "Tussen gemeenten verhuisde personen", "aantal")


def affinity(world: World) -> np.ndarray:
    """(L, L) how much more likely a move between two municipalities is than between two
    far apart, before sizes: by distance where both have a location, else by area."""
    ms = world.municipalities
    n = len(ms)
    out = np.full((n, n), 0.004)
    corop = np.array([m.corop for m in ms])
    province = np.array([COROPS[m.corop][1] for m in ms])
    out[province[:, None] == province[None, :]] = 0.05
    out[corop[:, None] == corop[None, :]] = 0.6
    located = [i for i, m in enumerate(ms) if m.lat is not None and m.lon is not None]
    for i in located:
        for j in located:
            a, b = ms[i], ms[j]
            km = np.hypot((a.lat - b.lat) * 111.0, (a.lon - b.lon) * 68.0)  # type: ignore[operator]
            out[i, j] = 0.15 + 1.2 * np.exp(-km / 12.0)
    np.fill_diagonal(out, 0.0)
    return out


def fitted(seed: np.ndarray, out: np.ndarray, into: np.ndarray) -> np.ndarray:
    """Iterative proportional fitting of ``seed`` (zero diagonal) to row sums ``out`` and
    column sums ``into`` (equal totals)."""
    m = seed.astype(float).copy()
    for _ in range(500):
        rows = m.sum(axis=1)
        m *= np.divide(out, rows, out=np.zeros_like(rows), where=rows > 0)[:, None]
        cols = m.sum(axis=0)
        m *= np.divide(into, cols, out=np.zeros_like(cols), where=cols > 0)[None, :]
        if np.abs(m.sum(axis=1) - out).max() < 1e-6:
            break
    return m


def rounded(m: np.ndarray, out: np.ndarray, into: np.ndarray) -> np.ndarray:
    """Integers with exactly the row sums ``out`` and column sums ``into`` and a zero
    diagonal: floors, then the missing units to the largest cells of each row (so the
    units rounding leaves go to the big partners, not to a thousand cells of one person)."""
    n = len(out)
    flows = np.floor(m + 1e-9).astype(np.int64)
    need_row = out - flows.sum(axis=1)
    need_col = into - flows.sum(axis=0)
    if (need_row < 0).any() or (need_col < 0).any():
        raise ValueError("flows: the fitted matrix exceeds its margins")
    weight = m.copy()
    for o in np.argsort(-need_row, kind="stable"):
        while need_row[o] > 0:
            open_cols = np.flatnonzero((need_col > 0) & (np.arange(n) != o))
            if open_cols.size == 0:
                break
            take = open_cols[np.argsort(-weight[o, open_cols], kind="stable")][: need_row[o]]
            flows[o, take] += 1
            need_col[take] -= 1
            need_row[o] -= take.size
    stuck = np.flatnonzero(need_row > 0)
    for o in stuck:  # only o's own column is left: move k units through another cell
        k = int(need_row[o])
        others = flows.copy()
        others[o, :] = -1
        others[:, o] = -1
        o2, d = np.unravel_index(int(np.argmax(others)), others.shape)
        if others[o2, d] < k:
            raise ValueError("flows: no cell to move the last units through")
        flows[o2, d] -= k
        flows[o2, o] += k
        flows[o, d] += k
        need_row[o] = need_col[o] = 0
    assert (flows.sum(axis=1) == out).all() and (flows.sum(axis=0) == into).all()
    assert (np.diag(flows) == 0).all()
    return flows


def year_flows(ctx: Context, year: int, seed: np.ndarray) -> np.ndarray:
    """(L, L) persons who moved from municipality o to d in ``year`` (model counts)."""
    t = year - ctx.sim.first_year
    out = ctx.sim.moved_out[t].sum(axis=(1, 2)).astype(np.int64)
    into = ctx.sim.moved_in[t].sum(axis=(1, 2)).astype(np.int64)
    if out.sum() != into.sum():  # calibrated to a real 37259ned: outside Twente absorbs it
        twente = np.isin(ctx.world.codes, [m.code for m in TWENTE])
        rest = int(np.argmax(np.where(twente, -1, out)))
        out[rest] += into.sum() - out.sum()
    size = ctx.sim.population[t].sum(axis=(1, 2)).astype(float)
    return rounded(fitted(seed * np.sqrt(size)[:, None] * size[None, :], out, into), out, into)


def flows_table(ctx: Context, dest: Path) -> Path:
    """81734NED in CBS's layout. Scope 'twente' writes every pair with a Twente
    municipality on either side and the pairs within the rest of Overijssel (rows a
    server-side filter to Twente must refuse); scope 'nl' every pair. Pairs without movers
    are left out (a sparse cube, to keep the demo small)."""
    world = ctx.world
    codes = world.codes
    years = list(range(max(FIRST_YEAR, ctx.first_year), ctx.last_year))
    listed = [i for i, m in enumerate(world.municipalities) if any(exists(m, y) for y in years)]
    region_members = members([(pad(codes[i]), world.municipalities[i].name) for i in listed])
    dims = [
        Dim("RegioVanVertrek", "Regio van vertrek", region_members, "GeoDimension"),
        Dim("RegioVanVestiging", "Regio van vestiging", region_members, "GeoDimension"),
        Dim("Perioden", "Perioden", year_periods(years), "TimeDimension"),
    ]
    position = {i: k for k, i in enumerate(listed)}
    n = len(codes)
    wanted = np.ones((n, n), dtype=bool)
    if len(ctx.regions) < n:  # scope twente
        twente = np.isin(codes, [m.code for m in TWENTE])
        overijssel = np.array([COROPS[m.corop][1] == "PV23" for m in world.municipalities])
        wanted = twente[:, None] | twente[None, :] | (overijssel[:, None] & overijssel[None, :])
    seed = affinity(world)
    origin, destination, period, persons = [], [], [], []
    for p, year in enumerate(years):
        flows = year_flows(ctx, year, seed)
        o, d = np.nonzero(flows)
        keep = wanted[o, d]
        origin.append([position[i] for i in o[keep]])
        destination.append([position[i] for i in d[keep]])
        period.append(np.full(int(keep.sum()), p))
        persons.append(flows[o[keep], d[keep]])
    index = [np.concatenate(origin), np.concatenate(destination), np.concatenate(period)]
    index = [np.asarray(i, dtype=np.int64) for i in index]
    ids = np.ravel_multi_index(index, [len(d.members) for d in dims])
    order = np.argsort(ids, kind="stable")
    index, ids = [i[order] for i in index], ids[order]
    values = {TOPIC.key: Column(TOPIC.key, "int", np.concatenate(persons)[order])}
    info = table_info(
        "81734NED",
        "Tussen gemeenten verhuisde personen",
        "Tussen gemeenten verhuisde personen",
        "Verhuisde personen naar gemeente van vertrek en gemeente van vestiging",
        ctx.modified("06-18"),
        f"{years[0]}-{years[-1]}",
    )
    return write_table(dest, info, dims, [TOPIC], index, ids, values)
