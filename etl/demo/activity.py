"""Demo 86223NED: young people aged 15 up to 27 by education and work, per region and year.

The total is the demo population aged 15 to 26 on 1 January (03759ned), so the table agrees
with the demo population; how it splits into in education / working / neither follows the
municipality's kind (students in university towns, work in suburbs) with a slow trend.
Cells are counted per municipality and summed into the regions, so every aggregate is the
sum of its members; a cell and its totals add up (Totaal = the members of each dimension).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._io import Column
from .cbsformat import Dim, Topic, cube, members, table_info, write_table, year_periods
from .tables import Context

FIRST_YEAR = 2015
EDUCATION = [
    ("T001560", "Totaal"),
    ("A028780", "Onderwijsvolgend"),
    ("A028781", "Niet-onderwijsvolgend"),
]
WORK = [("T001561", "Totaal"), ("A028782", "Werkzaam"), ("A028783", "Niet-werkzaam")]
BENEFIT = [("T001562", "Totaal"), ("A028784", "Met uitkering"), ("A028785", "Zonder uitkering")]
REGISTERED = [
    ("T001563", "Totaal"),
    ("A028786", "Geregistreerd"),
    ("A028787", "Niet geregistreerd"),
]
TOPIC = Topic("Jongeren_1", "Jongeren (15 tot 27 jaar)", "aantal")
# (in education, in education and working, neither) shares by kind of municipality in 2015
SHARES = {
    "university": (0.70, 0.55, 0.045),
    "city": (0.62, 0.58, 0.050),
    "suburb": (0.60, 0.66, 0.030),
    "rural": (0.58, 0.68, 0.035),
}


def cells(ctx: Context, years: list[int]) -> np.ndarray:
    """(regions, years, 3 education, 3 work) young people, Totaal first in each dimension."""
    sim = ctx.sim
    rng = np.random.default_rng([ctx.seed, 14])
    n = len(ctx.world.municipalities)
    leaf = np.zeros((len(years), n, 3, 3), dtype=np.int64)
    kinds = [m.kind for m in ctx.world.municipalities]
    for k, year in enumerate(years):
        young = sim.population[year - sim.first_year][:, :, 15:27].sum(axis=(1, 2))
        for i, kind in enumerate(kinds):
            total = int(young[i])
            education, working_students, neither = SHARES[kind]
            education = min(0.85, education + 0.004 * (year - 2015) + rng.normal(0, 0.01))
            in_education = int(round(total * education))
            neet = int(round(total * max(0.01, neither - 0.001 * (year - 2015))))
            neet = min(neet, total - in_education)
            studying_and_working = int(round(in_education * working_students))
            leaf[k, i, 1, 1] = studying_and_working
            leaf[k, i, 1, 2] = in_education - studying_and_working
            leaf[k, i, 2, 1] = total - in_education - neet
            leaf[k, i, 2, 2] = neet
    leaf[:, :, 0, 1:] = leaf[:, :, 1:, 1:].sum(axis=2)  # every education, by work
    leaf[:, :, 1:, 0] = leaf[:, :, 1:, 1:].sum(axis=3)  # every work, by education
    leaf[:, :, 0, 0] = leaf[:, :, 1:, 1:].sum(axis=(2, 3))
    return ctx.sum_regions(leaf, axis=1)  # (R, Y, 3, 3)


def activity_table(ctx: Context, dest: Path) -> Path:
    years = list(range(max(FIRST_YEAR, ctx.first_year), ctx.last_year))
    dims = [
        Dim("Onderwijsvolgend", "Onderwijsvolgend", members(EDUCATION)),
        Dim("Arbeidskenmerken", "Arbeidskenmerken", members(WORK)),
        Dim("Uitkering", "Uitkering", members(BENEFIT)),
        Dim(
            "GeregistreerdWerkzoekendeBijUWV",
            "Geregistreerd werkzoekende bij UWV",
            members(REGISTERED),
        ),
        ctx.region_dim(),
        Dim("Perioden", "Perioden", year_periods(years), "TimeDimension"),
    ]
    counts = cells(ctx, years)  # (R, Y, 3, 3)
    # Only the benefit and registration totals carry figures (the ETL holds them at their
    # total); their other members are in the metadata, as in CBS's table.
    index, ids = cube(
        dims, [range(3), range(3), [0], [0], range(len(ctx.regions)), range(len(years))]
    )
    values = counts.transpose(2, 3, 0, 1)[:, :, None, None].ravel()
    keep = np.broadcast_to(
        ctx.available(years)[None, None, None, None], (3, 3, 1, 1, len(ctx.regions), len(years))
    ).ravel()
    index, ids = [i[keep] for i in index], ids[keep]
    column = {TOPIC.key: Column(TOPIC.key, "int", np.asarray(values[keep], dtype=np.int64))}
    info = table_info(
        "86223NED",
        "Arbeidsmarktsituatie jongeren (15 tot 27 jaar); regio (indeling 2025)",
        "Arbeidsmarktsituatie jongeren; regio",
        "Jongeren naar onderwijsdeelname en arbeidskenmerken per regio",
        ctx.modified("05-20"),
        f"{years[0]}-{years[-1]}",
    )
    return write_table(dest, info, dims, [TOPIC], index, ids, column)
