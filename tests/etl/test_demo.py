"""The demo generator: CBS format, determinism, identities, aggregation, calibration."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from support.shared_data import SNAPSHOT_37259, require

from etl.demo import DEMO_TABLES, OLDER_EDITIONS, demo_catalogue, write_demo_boundaries
from etl.demo import write_demo_tables as write_tables
from etl.demo.regions import TWENTE, build_world, scope_regions

SNAPSHOT = SNAPSHOT_37259
TWENTE_CODES = [m.code for m in TWENTE]
NEW_SINCE_2001 = ["GM1774", "GM1735", "GM1742", "GM1700"]
ALL_TABLES = [*DEMO_TABLES.values(), *OLDER_EDITIONS.values()]
DIMENSION_TYPES = ("Dimension", "GeoDimension", "TimeDimension")


def load(folder: Path, name: str = "TypedDataSet"):
    with open(folder / f"{name}.json") as f:
        return json.load(f)


def dims_and_topics(folder: Path) -> tuple[list[str], list[dict]]:
    props = load(folder, "DataProperties")
    dims = [p["Key"] for p in props if p["Type"] in DIMENSION_TYPES]
    topics = [p for p in props if p["Type"] == "Topic"]
    return dims, topics


def geo_key(folder: Path) -> str:
    return next(p["Key"] for p in load(folder, "DataProperties") if p["Type"] == "GeoDimension")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    return write_tables(tmp_path_factory.mktemp("demo"), "twente")


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory) -> dict[str, Path]:
    require(SNAPSHOT / "TypedDataSet.json")
    return write_tables(tmp_path_factory.mktemp("calibrated"), "twente", dynamics_dir=SNAPSHOT)


def by_keys(rows: list[dict], dims: list[str]) -> dict[tuple, dict]:
    return {tuple(str(r[d]).strip() for d in dims): r for r in rows}


# --- format ----------------------------------------------------------------------------------


def test_dmo001_every_table_is_written_in_download_data_layout(demo):
    assert set(demo) == set(ALL_TABLES)
    for table_id, folder in demo.items():
        assert folder.name == table_id
        info = load(folder, "TableInfos")
        assert len(info) == 1 and info[0]["Identifier"] == table_id
        dims, topics = dims_and_topics(folder)
        for name in ("DataProperties", "CategoryGroups", "TypedDataSet", *dims):
            assert (folder / f"{name}.json").is_file(), (table_id, name)
        rows = load(folder)
        assert rows and info[0]["RecordCount"] == len(rows)
        assert list(rows[0]) == ["ID", *dims, *(t["Key"] for t in topics)]
        ids = [r["ID"] for r in rows]
        assert ids == sorted(set(ids)), table_id
        for dim in dims:
            members = {m["Key"] for m in load(folder, dim)}
            assert {r[dim] for r in rows} <= members, (table_id, dim)


@pytest.mark.parametrize("table_id", ["37259ned", "85385NED", "86008NED", "85173NED"])
def test_dmo002_files_are_byte_identical_to_json_dump_indent_2(demo, table_id):
    for path in sorted(demo[table_id].glob("*.json")):
        text = path.read_text()
        assert json.dumps(json.loads(text), indent=2) == text, path.name


def test_dmo003_same_seed_gives_identical_files_and_another_seed_does_not(demo, tmp_path):
    again = write_tables(tmp_path / "again", "twente")
    for table_id, folder in demo.items():
        for path in folder.glob("*.json"):
            assert (again[table_id] / path.name).read_bytes() == path.read_bytes(), path
    other = write_tables(tmp_path / "other", "twente", seed=7)
    assert (other["03759ned"] / "TypedDataSet.json").read_bytes() != (
        demo["03759ned"] / "TypedDataSet.json"
    ).read_bytes()


def test_dmo004_region_keys_are_padded_to_six_characters(demo):
    for table_id, folder in demo.items():
        key = geo_key(folder)
        entity = [m["Key"] for m in load(folder, key)]
        assert all(len(k) == 6 for k in entity), table_id
        if table_id not in ("85385NED", "85067NED", "81734NED"):  # municipalities only
            assert {"NL01  ", "PV23  ", "CR12  ", "GM0164"} <= set(entity), table_id
        assert all(len(r[key]) == 6 for r in load(folder)), table_id
    gebieden = load(demo["85385NED"])
    hengelo = next(r for r in gebieden if r["RegioS"] == "GM0164")
    assert (hengelo["Code_3"], hengelo["Naam_4"]) == ("CR12  ", "Twente")
    assert (hengelo["Code_5"], hengelo["Naam_6"]) == ("PV23  ", "Overijssel")


def test_dmo005_topic_groups_of_gebieden(demo):
    props = load(demo["85385NED"], "DataProperties")
    groups = {p["ID"]: p["Title"] for p in props if p["Type"] == "TopicGroup"}
    assert sorted(groups.values()) == ["COROP-gebieden", "Gemeenten", "Provincies"]
    parent = {p["Key"]: groups[p["ParentID"]] for p in props if p["Type"] == "Topic"}
    assert parent == {
        "Code_1": "Gemeenten",
        "Naam_2": "Gemeenten",
        "Code_3": "COROP-gebieden",
        "Naam_4": "COROP-gebieden",
        "Code_5": "Provincies",
        "Naam_6": "Provincies",
    }
    assert all(p["Key"] == "" for p in props if p["Type"] == "TopicGroup")


def test_dmo006_period_statuses(demo):
    for table_id in ("03759ned", "37259ned", "84547NED", "85451NED", "86008NED"):
        periods = load(demo[table_id], "Perioden")
        years = sorted({p["Key"][:4] for p in periods})
        for p in periods:
            expected = "Voorlopig" if p["Key"][:4] == years[-1] else "Definitief"
            assert p["Status"] == expected, (table_id, p)
    assert load(demo["03759ned"], "Perioden")[-1]["Key"] == "2025JJ00"
    assert load(demo["37259ned"], "Perioden")[-1]["Key"] == "2024JJ00"
    assert {p["Status"] for p in load(demo["84952NED"], "Perioden")} == {"Definitief"}
    forecast = [p["Key"] for p in load(demo["85173NED"], "Perioden")]
    assert forecast[0] == "2023JJ00" and forecast[-1] == "2050JJ00"


def test_dmo007_new_municipalities_have_no_rows_before_2001(demo):
    for table_id, folder in demo.items():
        key = geo_key(folder)
        for row in load(folder):
            if row[key].strip() in NEW_SINCE_2001 and "Perioden" in row:
                assert int(row["Perioden"][:4]) >= 2001, (table_id, row)
    rows = load(demo["03759ned"])
    years = {r["Perioden"] for r in rows if r["RegioS"] == "GM1774"}
    assert "2000JJ00" not in years and "2001JJ00" in years
    assert any(r["RegioS"] == "CR12  " and r["Perioden"] == "2000JJ00" for r in rows)


# --- identities ------------------------------------------------------------------------------


def test_dmo008_dynamics_accounting_identities(demo):
    rows = load(demo["37259ned"])
    index = by_keys(rows, ["RegioS", "Geslacht", "Perioden"])
    for r in rows:
        start, end = r["BevolkingOp1Januari_1"], r["BevolkingOp31December_20"]
        births, deaths = r["LevendGeborenKinderen_3"], r["Overledenen_5"]
        assert end == (
            start
            + births
            - deaths
            + r["Immigratie_10"]
            + r["UitAndereGemeente_11"]
            - r["EmigratieInclusiefAdministratieveC_14"]
            - r["NaarAndereGemeente_16"]
        )
        assert r["Geboorteoverschot_7"] == births - deaths
        assert r["TotaalVestiging_8"] == r["Immigratie_10"] + r["UitAndereGemeente_11"]
        assert r["TotaalVertrekInclusiefCorrecties_12"] == (
            r["EmigratieInclusiefAdministratieveC_14"] + r["NaarAndereGemeente_16"]
        )
        assert r["VestigingsoverschotInclusiefCorrecties_17"] == (
            r["TotaalVestiging_8"] - r["TotaalVertrekInclusiefCorrecties_12"]
        )
        assert r["TotaleGroei_18"] == end - start
        mean = (start + end) / 2
        if r["Geslacht"] == "T001038":
            assert r["LevendGeborenKinderenRelatief_4"] == round(births / mean * 1000, 1)
            assert r["OverledenenRelatief_6"] == round(deaths / mean * 1000, 1)
            assert r["TotaalVestigingRelatief_9"] == round(r["TotaalVestiging_8"] / mean * 1000, 1)
            assert r["TotaalVertrekInclusiefCoRelatief_13"] == round(
                r["TotaalVertrekInclusiefCorrecties_12"] / mean * 1000, 1
            )
            assert r["TotaleGroeiRelatief_19"] == round(r["TotaleGroei_18"] / start * 1000, 1)
            assert r["Bevolkingsdichtheid_2"] > 0
            region, _, period = (r["RegioS"].strip(), r["Geslacht"], r["Perioden"])
            men, women = index[(region, "3000", period)], index[(region, "4000", period)]
            for key, value in r.items():
                if isinstance(value, int) and key not in ("ID", "Bevolkingsdichtheid_2"):
                    assert value == men[key] + women[key], (region, period, key)
        else:
            assert r["LevendGeborenKinderenRelatief_4"] is None
            assert r["Bevolkingsdichtheid_2"] is None
        following = index.get(
            (r["RegioS"].strip(), r["Geslacht"], f"{int(r['Perioden'][:4]) + 1}JJ00")
        )
        if following:
            assert following["BevolkingOp1Januari_1"] == end
    nl = [r for r in rows if r["RegioS"] == "NL01  "]
    assert all(r["UitAndereGemeente_11"] == r["NaarAndereGemeente_16"] for r in nl)


def _population(folder: Path) -> dict[tuple, dict]:
    return by_keys(load(folder), ["RegioS", "Geslacht", "Leeftijd", "Perioden"])


def _check_population_sums(pop: dict[tuple, dict]) -> None:
    single = [k for k in ("10010", *(str(10000 + 100 * a) for a in range(1, 100)), "22000")]
    cells = {(r, s, p) for (r, s, _, p) in pop}
    for region, sex, period in cells:
        for topic in ("BevolkingOp1Januari_1", "GemiddeldeBevolking_2"):
            total = pop[(region, sex, "10000", period)][topic]
            if total is None:
                continue
            assert total == sum(pop[(region, sex, a, period)][topic] for a in single), (
                region,
                sex,
                period,
                topic,
            )
        if sex == "T001038":
            for age in ("10000", *single):
                for topic in ("BevolkingOp1Januari_1", "GemiddeldeBevolking_2"):
                    both = pop[(region, "T001038", age, period)][topic]
                    if both is not None:
                        assert both == (
                            pop[(region, "3000", age, period)][topic]
                            + pop[(region, "4000", age, period)][topic]
                        )


def test_dmo009_population_by_age_adds_up_and_matches_dynamics(demo):
    pop = _population(demo["03759ned"])
    assert {r["BurgerlijkeStaat"] for r in load(demo["03759ned"])} == {"T001019"}
    _check_population_sums(pop)
    dynamics = load(demo["37259ned"])
    for r in dynamics:
        key = (r["RegioS"].strip(), r["Geslacht"], "10000", r["Perioden"])
        assert pop[key]["BevolkingOp1Januari_1"] == r["BevolkingOp1Januari_1"], key
        after = (key[0], key[1], "10000", f"{int(r['Perioden'][:4]) + 1}JJ00")
        assert pop[after]["BevolkingOp1Januari_1"] == r["BevolkingOp31December_20"], after
        mean = pop[key]["GemiddeldeBevolking_2"]
        exact = (r["BevolkingOp1Januari_1"] + r["BevolkingOp31December_20"]) / 2
        if r["Geslacht"] != "T001038" and key[0].startswith("GM"):
            assert mean == int(exact + 0.5)
        else:  # sums of rounded municipal (and per-sex) means, so aggregates stay additive
            assert abs(mean - exact) <= 400
    assert all(v["GemiddeldeBevolking_2"] is None for k, v in pop.items() if k[3] == "2025JJ00")


def test_dmo010_moves_and_migration_agree_with_dynamics(demo):
    dynamics = by_keys(load(demo["37259ned"]), ["RegioS", "Geslacht", "Perioden"])
    moves = load(demo["84547NED"])
    yearly = by_keys(
        [r for r in moves if r["Perioden"].endswith("JJ00")],
        ["RegioS", "Geslacht", "Leeftijd31December", "Perioden"],
    )
    for (region, sex, age, period), r in yearly.items():
        if age == "10000":
            d = dynamics[(region, sex, period)]
            assert r["GevestigdInDeGemeente_2"] == d["UitAndereGemeente_11"]
            assert r["VertrokkenUitDeGemeente_3"] == d["NaarAndereGemeente_16"]
    months = defaultdict(lambda: defaultdict(int))
    for r in moves:
        if "MM" in r["Perioden"]:
            assert r["Leeftijd31December"] == "10000"
            for topic in (
                "BinnenGemeentenVerhuisdePersonen_1",
                "GevestigdInDeGemeente_2",
                "VertrokkenUitDeGemeente_3",
            ):
                months[(r["RegioS"].strip(), r["Geslacht"], r["Perioden"][:4] + "JJ00")][topic] += (
                    r[topic]
                )
    assert months
    for (region, sex, period), sums in months.items():
        for topic, value in sums.items():
            assert yearly[(region, sex, "10000", period)][topic] == value
    classes = [m["Key"] for m in load(demo["84547NED"], "Leeftijd31December")][1:]
    for (region, sex, age, period), r in yearly.items():
        if age == "10000":
            assert r["GevestigdInDeGemeente_2"] == sum(
                yearly[(region, sex, c, period)]["GevestigdInDeGemeente_2"] for c in classes
            )

    migration = load(demo["85451NED"])
    for r in migration:
        assert r["MigratiesaldoInclusiefAdministratie_3"] == (
            r["Immigratie_1"] - r["EmigratieInclusiefAdministratieveC_2"]
        )
        if r["Leeftijd"] == "10000" and r["Nationaliteit"] == "T001059":
            d = dynamics[(r["RegioS"].strip(), r["Geslacht"], r["Perioden"])]
            assert r["Immigratie_1"] == d["Immigratie_10"]
            assert (
                r["EmigratieInclusiefAdministratieveC_2"]
                == (d["EmigratieInclusiefAdministratieveC_14"])
            )


COUNT_TOPICS = {
    "03759ned": None,
    "37259ned": None,
    "84547NED": None,
    "85451NED": None,
    "86008NED": ("BeroepsEnNietBeroepsbevolking_1", "WerkzameBeroepsbevolking_2"),
    "84952NED": (
        "BeroepsEnNietBeroepsbevolking_1",
        "Beroepsbevolking_2",
        "WerkzameBeroepsbevolking_3",
    ),
    "85173NED": ("TotaleBevolking_1",),
}


@pytest.mark.parametrize("table_id", list(COUNT_TOPICS))
def test_dmo011_twente_is_the_sum_of_its_14_municipalities(demo, table_id):
    folder = demo[table_id]
    dims, topics = dims_and_topics(folder)
    geo = geo_key(folder)
    others = [d for d in dims if d != geo]
    counts = COUNT_TOPICS[table_id] or [t["Key"] for t in topics if t["Unit"] == "aantal"]
    groups: dict[tuple, dict] = defaultdict(dict)
    for r in load(folder):
        if table_id == "85173NED" and r["PrognoseInterval"] != "MW00000":
            continue  # interval bounds of an aggregate are not sums of its members' bounds
        groups[tuple(r[d] for d in others)][r[geo].strip()] = r
    checked = 0
    for key, regions in groups.items():
        if not all(c in regions for c in TWENTE_CODES):
            continue  # a member did not exist yet (before 2001)
        for topic in counts:
            if regions["CR12"][topic] is None:  # not published (mean of the last year)
                assert all(regions[c][topic] is None for c in TWENTE_CODES)
                continue
            total = sum(regions[c][topic] for c in TWENTE_CODES)
            if isinstance(total, float):
                assert round(total, 1) == regions["CR12"][topic], (key, topic)
            else:
                assert total == regions["CR12"][topic], (key, topic)
            checked += 1
    assert checked > 0


def test_dmo012_forecast_intervals_carry_cbss_codes_and_titles(demo):
    # As the live API has them (etl/sources.py INTERVALS names the source): the demo's
    # metadata must be CBS's, so that no test can confirm a guess about what a code means.
    titles = {m["Key"]: m["Title"] for m in load(demo["85173NED"], "PrognoseInterval")}
    assert titles == {
        "MW00000": "Prognose",
        "MOG0067": "Ondergrens 67%-prognose-interval",
        "MBG0067": "Bovengrens 67%-prognose-interval",
    }


def test_dmo013_forecast_interval_widens_around_the_forecast(demo):
    rows = by_keys(load(demo["85173NED"]), ["RegioIndeling2021", "PrognoseInterval", "Perioden"])
    # Which code is which bound is read from the titles the generator wrote.
    code = {
        title.split()[0]: key
        for key, title in (
            (m["Key"], m["Title"]) for m in load(demo["85173NED"], "PrognoseInterval")
        )
    }
    for region in ("GM0164", "CR12", "NL01"):
        width = []
        for year in range(2023, 2051):
            mid = rows[(region, code["Prognose"], f"{year}JJ00")]["TotaleBevolking_1"]
            low = rows[(region, code["Ondergrens"], f"{year}JJ00")]["TotaleBevolking_1"]
            high = rows[(region, code["Bovengrens"], f"{year}JJ00")]["TotaleBevolking_1"]
            assert low <= mid <= high
            width.append(high - low)
        assert width[0] == 0 and width == sorted(width) and width[-1] > 0
    pop = _population(demo["03759ned"])
    start = pop[("GM0164", "T001038", "10000", "2023JJ00")]["BevolkingOp1Januari_1"]
    assert rows[("GM0164", "MW00000", "2023JJ00")]["TotaleBevolking_1"] == round(start / 1000, 1)


# --- realism ---------------------------------------------------------------------------------


def test_dmo014_magnitudes_and_trends_are_plausible(demo):
    pop = _population(demo["03759ned"])

    def p(region, year, ages=None):
        if ages is None:
            return pop[(region, "T001038", "10000", f"{year}JJ00")]["BevolkingOp1Januari_1"]
        return sum(
            pop[(region, "T001038", "10010" if a == 0 else str(10000 + 100 * a), f"{year}JJ00")][
                "BevolkingOp1Januari_1"
            ]
            for a in ages
        )

    assert 79_000 < p("GM0164", 2012) < 82_500 and 81_500 < p("GM0164", 2024) < 84_500
    assert 17.5e6 < p("NL01", 2024) < 18.3e6 and 1.12e6 < p("PV23", 2024) < 1.24e6
    share_65 = [1 - p("GM0164", y, range(65)) / p("GM0164", y) for y in (2012, 2018, 2024)]
    assert share_65 == sorted(share_65) and 0.15 < share_65[0] < 0.21 < share_65[-1] < 0.26
    youth = [p("GM0164", y, range(18, 36)) / p("GM0164", y) for y in (2012, 2024)]
    assert youth[1] < youth[0]
    dynamics = by_keys(load(demo["37259ned"]), ["RegioS", "Geslacht", "Perioden"])
    rates = [
        dynamics[("GM0164", "T001038", f"{y}JJ00")]["LevendGeborenKinderenRelatief_4"]
        for y in (2012, 2023)
    ]
    assert 8 <= rates[1] < rates[0] <= 12
    moves = by_keys(
        [r for r in load(demo["84547NED"]) if r["Perioden"].endswith("JJ00")],
        ["RegioS", "Geslacht", "Leeftijd31December", "Perioden"],
    )

    def young_net(region):  # ages 20-30 on 31 December, all years
        return sum(
            r["GevestigdInDeGemeente_2"] - r["VertrokkenUitDeGemeente_3"]
            for (g, s, a, _), r in moves.items()
            if g == region and s == "T001038" and a in ("70500", "70600")
        )

    assert young_net("GM0153") > 0 > young_net("GM0183")
    labour = [
        r["NettoArbeidsparticipatie_3"]
        for r in load(demo["86008NED"])
        if r["Persoonskenmerken"] == "T009002"
    ]
    assert all(60 <= v <= 76 for v in labour)


# --- catalogue, scopes, boundaries -----------------------------------------------------------


def test_dmo015_catalogue_lists_every_table_and_the_newest_editions_win(demo):
    records = {r["Identifier"]: r for r in demo_catalogue(demo)}
    assert set(records) == set(demo)
    for r in records.values():
        assert r["Language"] == "nl" and r["Modified"] and r["Title"] and r["Period"]
        assert r["OutputStatus"] in ("Regulier", "Gediscontinueerd")
    assert records["84952NED"]["OutputStatus"] == "Gediscontinueerd"
    assert len({r["Modified"] for r in records.values()}) == len(records)

    def newest(prefix):
        candidates = [
            r
            for r in records.values()
            if r["Title"].startswith(prefix) and r["OutputStatus"] != "Gediscontinueerd"
        ]
        return max(candidates, key=lambda r: r["Modified"])["Identifier"]

    assert newest("Arbeidsdeelname; gemeenten") == "86008NED"
    assert newest("Gebieden in Nederland") == "85385NED"
    assert records["85067NED"]["Modified"] < records["85385NED"]["Modified"]


def test_dmo016_nl_scope_regions_nest_exactly():
    world = build_world(20240701)
    regions = {r.code: r for r in scope_regions(world, "nl")}
    municipalities = [c for c in regions if c.startswith("GM")]
    assert len(municipalities) == 342
    assert len([c for c in regions if c.startswith("CR")]) == 40
    assert sorted(c for c in regions if c.startswith("PV")) == [f"PV{n}" for n in range(20, 32)]
    assert sorted(regions["CR12"].members) == sorted(TWENTE_CODES)
    assert sorted(regions["NL01"].members) == sorted(municipalities)
    provinces = [m for c, r in regions.items() if c.startswith("PV") for m in r.members]
    corops = [m for c, r in regions.items() if c.startswith("CR") for m in r.members]
    assert sorted(provinces) == sorted(corops) == sorted(municipalities)
    assert world.municipality("GM0164").name == "Hengelo (O.)"


def test_dmo017_calibration_needs_scope_twente(tmp_path):
    with pytest.raises(ValueError, match="twente"):
        write_tables(tmp_path, "nl", dynamics_dir=SNAPSHOT)


def test_dmo018_boundaries_are_demo_polygons_in_pdok_shape(tmp_path):
    path = tmp_path / "gemeente_2024.geojson"
    codes = [*TWENTE_CODES, "GM0001", "GM0002 ", "CR12  "]
    write_demo_boundaries(path, codes, 2024)
    collection = json.loads(path.read_text())
    assert collection["type"] == "FeatureCollection"
    features = {f["properties"]["statcode"]: f for f in collection["features"]}
    assert set(features) == {*TWENTE_CODES, "GM0001", "GM0002"}
    for code, f in features.items():
        props = f["properties"]
        assert props["demo"] is True and props["rubriek"] == "gemeente"
        assert props["jrstatcode"] == f"2024{code}"
        ring = f["geometry"]["coordinates"][0]
        assert f["geometry"]["type"] == "Polygon" and ring[0] == ring[-1] and len(ring) >= 4
        assert all(3.3 < lon < 7.3 and 50.7 < lat < 53.6 for lon, lat in ring)
    hengelo = features["GM0164"]
    assert hengelo["properties"]["statnaam"] == "Hengelo"
    lons = [p[0] for p in hengelo["geometry"]["coordinates"][0]]
    lats = [p[1] for p in hengelo["geometry"]["coordinates"][0]]
    assert min(lons) < 6.793 < max(lons) and min(lats) < 52.265 < max(lats)


# --- calibration to the real 37259ned --------------------------------------------------------


def test_dmo019_calibrated_population_equals_real_37259ned(calibrated):
    assert calibrated["37259ned"] == SNAPSHOT
    assert "37259ned" not in [p.name for p in calibrated["03759ned"].parent.iterdir()]
    pop = _population(calibrated["03759ned"])
    hengelo = {
        y: pop[("GM0164", "T001038", "10000", f"{y}JJ00")]["BevolkingOp1Januari_1"]
        for y in (2012, 2023)
    }
    assert hengelo == {2012: 80939, 2023: 82311}
    real = load(SNAPSHOT)
    regions = {*TWENTE_CODES, "CR12", "PV23", "NL01"}
    checked = 0
    for r in real:
        region = r["RegioS"].strip()
        if region not in regions:
            continue
        key = (region, r["Geslacht"], "10000", r["Perioden"])
        assert pop[key]["BevolkingOp1Januari_1"] == r["BevolkingOp1Januari_1"], key
        checked += 1
        if r["Perioden"] == "2023JJ00":
            after = (region, r["Geslacht"], "10000", "2024JJ00")
            assert pop[after]["BevolkingOp1Januari_1"] == r["BevolkingOp31December_20"]
    assert checked == 17 * 3 * 12
    _check_population_sums(pop)


def test_dmo020_calibrated_moves_and_migration_equal_real_totals(calibrated):
    real = by_keys(load(SNAPSHOT), ["RegioS", "Geslacht", "Perioden"])
    for r in load(calibrated["84547NED"]):
        key = (r["RegioS"].strip(), r["Geslacht"], r["Perioden"])
        if r["Leeftijd31December"] == "10000" and key in real:
            assert r["GevestigdInDeGemeente_2"] == real[key]["UitAndereGemeente_11"], key
            assert r["VertrokkenUitDeGemeente_3"] == real[key]["NaarAndereGemeente_16"], key
    for r in load(calibrated["85451NED"]):
        key = (r["RegioS"].strip(), r["Geslacht"], r["Perioden"])
        if r["Leeftijd"] == "10000" and r["Nationaliteit"] == "T001059" and key in real:
            assert r["Immigratie_1"] == real[key]["Immigratie_10"], key


def test_dmo021_generated_dynamics_has_the_real_tables_topics(demo):
    require(SNAPSHOT)

    def topics(folder):
        return [
            {k: p.get(k) for k in ("Key", "Title", "Unit", "Datatype", "Decimals")}
            for p in load(folder, "DataProperties")
            if p["Type"] == "Topic"
        ]

    assert topics(demo["37259ned"]) == topics(SNAPSHOT)
    dims = [p["Key"] for p in load(SNAPSHOT, "DataProperties") if p["Type"] in DIMENSION_TYPES]
    assert dims_and_topics(demo["37259ned"])[0] == dims


# --- issue 14: 81734NED flows and 86223NED youth at work and study -----------------------------


def test_dmo022_flows_add_up_to_each_municipalitys_moves_in_37259ned(demo):
    # For every Twente municipality and year: the sum over destinations is its moves to
    # other municipalities (NaarAndereGemeente_16, both sexes), the sum over origins its
    # moves from other municipalities (UitAndereGemeente_11); nobody moves to itself.
    dynamics = by_keys(load(demo["37259ned"]), ["RegioS", "Geslacht", "Perioden"])
    out: dict[tuple[str, str], int] = defaultdict(int)
    into: dict[tuple[str, str], int] = defaultdict(int)
    rows = load(demo["81734NED"])
    for r in rows:
        origin, destination = r["RegioVanVertrek"].strip(), r["RegioVanVestiging"].strip()
        assert origin != destination
        assert r["TussenGemeentenVerhuisdePersonen_1"] > 0
        out[(origin, r["Perioden"])] += r["TussenGemeentenVerhuisdePersonen_1"]
        into[(destination, r["Perioden"])] += r["TussenGemeentenVerhuisdePersonen_1"]
    periods = sorted({r["Perioden"] for r in rows})
    assert periods[0] == "2011JJ00" and len(periods) == 14  # 2011-2024, as CBS's table
    for code in TWENTE_CODES:
        for period in periods:
            d = dynamics[(code, "T001038", period)]
            assert out[(code, period)] == d["NaarAndereGemeente_16"], (code, period)
            assert into[(code, period)] == d["UitAndereGemeente_11"], (code, period)
    # rows a server-side filter to Twente must refuse: pairs within the rest of Overijssel
    assert any(
        r["RegioVanVertrek"].strip() not in TWENTE_CODES
        and r["RegioVanVestiging"].strip() not in TWENTE_CODES
        for r in rows
    )


def test_dmo023_youth_table_cells_add_up_and_its_total_is_the_population_15_to_26(demo):
    population = by_keys(load(demo["03759ned"]), ["RegioS", "Geslacht", "Leeftijd", "Perioden"])
    ages = [f"{10000 + 100 * a}" for a in range(15, 27)]  # '15 jaar' ... '26 jaar'
    rows = by_keys(
        load(demo["86223NED"]), ["RegioS", "Onderwijsvolgend", "Arbeidskenmerken", "Perioden"]
    )
    topic = "Jongeren_1"
    for (region, education, work, period), r in rows.items():
        if education == "T001560" and work == "T001561":
            expected = sum(
                population[(region, "T001038", age, period)]["BevolkingOp1Januari_1"]
                for age in ages
            )
            assert r[topic] == expected, (region, period)
            for members in (("A028780", "A028781"), ("A028782", "A028783")):
                by_education = education if members[0] == "A028782" else None
                parts = [
                    rows[(region, m, work, period)]
                    if by_education is None
                    else rows[(region, education, m, period)]
                    for m in members
                ]
                assert sum(p[topic] for p in parts) == r[topic]
