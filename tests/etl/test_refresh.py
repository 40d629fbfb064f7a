"""The whole ETL through the real cbsodata client against the fake CBS feed (tests/support/fakecbs).

One module-scoped live run publishes the store the other tests look at; fault tests start
from a copy of that published store (without its raw cache, so they must download) and check
the store is byte-identical afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from support.etl_runs import fingerprint, run_etl
from support.fakecbs import FakeCBS, copy_table_with_renamed_topic
from support.shared_data import GEO, SNAPSHOT_37259, FakePdok, require

from etl import demo
from etl.sources import TWENTE_MUNICIPALITIES


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory) -> dict[str, Path]:
    return demo.write_demo_tables(tmp_path_factory.mktemp("demo-tables"), "twente")


@pytest.fixture(scope="module")
def feed(demo_tables):
    with FakeCBS(demo_tables, page_size=5000) as server:
        yield server


@pytest.fixture(scope="module")
def live_run(tmp_path_factory, feed, pdok_url):
    """Data folder after one live refresh against the fake feed."""
    data_dir = tmp_path_factory.mktemp("live")
    code, out = run_etl(data_dir, "refresh", "--cbs-url", feed.url, "--pdok-url", pdok_url)
    assert code == 0, out
    return data_dir, out


@pytest.fixture(scope="module")
def pdok_url():
    require(GEO)
    server = FakePdok()
    yield server.url
    server.stop()


@pytest.fixture
def published_copy(live_run, tmp_path) -> Path:
    """A data folder holding the published store but no raw cache."""
    source, _ = live_run
    target = tmp_path / "data"
    target.mkdir()
    shutil.copytree(source / "vintages", target / "vintages", symlinks=True)
    os.symlink(os.readlink(source / "store"), target / "store")
    return target


@pytest.fixture
def cached_copy(live_run, tmp_path) -> Path:
    """A data folder holding the published store and its raw cache: a refresh downloads
    only the tables CBS has changed since (a new ``Modified``)."""
    source, _ = live_run
    target = tmp_path / "data"
    shutil.copytree(source, target, symlinks=True)
    return target


def store(data_dir: Path) -> Path:
    return data_dir / "store"


# --- a live run ---------------------------------------------------------------------------


def test_etl016_unreachable_cbs_without_store_falls_back_to_demo(tmp_path):
    code, out = run_etl(
        tmp_path, "refresh", "--cbs-url", "http://127.0.0.1:9", "--demo-if-unreachable"
    )
    assert code == 0, out
    assert "CBS cannot be reached" in out
    manifest = json.loads((tmp_path / "store" / "manifest.json").read_text())
    assert manifest["mode"] == "demo" and "CBS" in manifest["demo_reason"]


def test_etl001_live_refresh_publishes_the_store_contract(live_run):
    data_dir, out = live_run
    manifest = json.loads((store(data_dir) / "manifest.json").read_text())
    assert manifest["mode"] == "live"
    assert {"created_at", "etl_version", "vintage", "tables", "boundaries"} <= set(manifest)
    indicators = pd.read_parquet(store(data_dir) / "indicators.parquet")
    assert list(indicators.columns) == [
        "indicator",
        "region_code",
        "year",
        "value",
        "status",
        "source",
        "lower",
        "upper",
    ]
    assert set(indicators["region_code"]) == {*TWENTE_MUNICIPALITIES, "CR12", "PV23", "NL01"}
    for name in (
        "population_by_age.parquet",
        "regions.parquet",
        "catalogue.json",
        "boundaries.geojson",
    ):
        assert (store(data_dir) / name).exists(), name
    assert "Published store" in out and "data page" in out


def test_etl002_catalogue_picks_the_newest_editions(live_run):
    data_dir, _ = live_run
    tables = json.loads((store(data_dir) / "manifest.json").read_text())["tables"]
    assert tables["86008NED"]["role"] == "labour"  # not the discontinued 84952NED
    assert tables["85385NED"]["role"] == "regions"  # not Gebieden in Nederland 2022
    assert "84952NED" not in tables and "85067NED" not in tables


def test_etl003_manifest_records_cbs_modified_and_provisional_years(live_run, demo_tables):
    data_dir, _ = live_run
    entry = json.loads((store(data_dir) / "manifest.json").read_text())["tables"]["37259ned"]
    info = json.loads((demo_tables["37259ned"] / "TableInfos.json").read_text())[0]
    assert entry["modified"] == info["Modified"]
    perioden = json.loads((demo_tables["37259ned"] / "Perioden.json").read_text())
    assert entry["provisional_periods"] == [
        int(p["Key"][:4]) for p in perioden if p["Status"] != "Definitief"
    ]
    assert entry["fetched_at"] and entry["rows"] > 0


def test_etl004_raw_cache_is_cbsodatas_layout_per_modified(live_run, demo_tables):
    data_dir, _ = live_run
    info = json.loads((demo_tables["03759ned"] / "TableInfos.json").read_text())[0]
    folder = data_dir / "raw" / "03759ned" / info["Modified"].replace(":", "-")
    assert {
        "TableInfos.json",
        "DataProperties.json",
        "TypedDataSet.json",
        "RegioS.json",
        "Leeftijd.json",
        "provenance.json",
    } <= {p.name for p in folder.iterdir()}


def test_etl005_second_run_downloads_no_data_pages(live_run, feed, pdok_url):
    data_dir, _ = live_run
    feed.reset_log()
    code, out = run_etl(data_dir, "refresh", "--cbs-url", feed.url, "--pdok-url", pdok_url)
    assert code == 0, out
    assert feed.data_page_requests() == 0
    assert "using the cache" in out


def test_etl006_offline_rebuild_needs_no_network(live_run, tmp_path):
    data_dir, _ = live_run
    code, out = run_etl(
        tmp_path / "d",
        "refresh",
        "--offline",
        str(data_dir / "raw"),
        env={"TALENT_CBS_URL": "http://127.0.0.1:9"},
    )
    assert code == 0, out
    manifest = json.loads((tmp_path / "d" / "store" / "manifest.json").read_text())
    assert manifest["mode"] == "offline" and manifest["boundaries"]["available"]
    live = pd.read_parquet(store(data_dir) / "indicators.parquet")
    offline = pd.read_parquet(tmp_path / "d" / "store" / "indicators.parquet")
    pd.testing.assert_frame_equal(live, offline)


def test_etl007_status_reads_the_manifest(live_run):
    data_dir, _ = live_run
    code, out = run_etl(data_dir, "status")
    assert code == 0
    assert "Mode: live" in out and "03759ned" in out and "Vintages kept" in out


# --- faults that stop every table: a clear message, exit 1, the store untouched ----------


def assert_failed_cleanly(data_dir: Path, before: dict, code: int, out: str, *words: str):
    assert code == 1, out
    assert "ETL failed" in out and "store is unchanged" in out
    for word in words:
        assert word in out, (word, out)
    assert "Traceback" not in out
    assert fingerprint(data_dir) == before


def test_etl010_http_500_everywhere_is_retried_then_nothing_is_published(
    published_copy, demo_tables
):
    before = fingerprint(published_copy)
    with FakeCBS(demo_tables) as server:
        server.add_fault("TypedDataSet", "status", status=500, times=None)
        code, out = run_etl(published_copy, "refresh", "--cbs-url", server.url)
    assert_failed_cleanly(
        published_copy,
        before,
        code,
        out,
        "500",
        "after 3 attempts",
        "every table failed",
        "published today",
    )
    assert out.count("retry") >= 2


def test_etl011_a_single_500_is_survived_by_retrying(published_copy, demo_tables, pdok_url):
    with FakeCBS(demo_tables) as server:
        server.add_fault("TypedDataSet", "status", status=503, times=1)
        code, out = run_etl(
            published_copy, "refresh", "--cbs-url", server.url, "--pdok-url", pdok_url
        )
    assert code == 0, out
    assert "retry 1 of 2" in out


def test_etl012_timeout_everywhere_fails_clearly(published_copy, demo_tables):
    before = fingerprint(published_copy)
    with FakeCBS(demo_tables) as server:
        server.add_fault("TypedDataSet", "delay", delay=3, times=None)
        code, out = run_etl(
            published_copy,
            "refresh",
            "--cbs-url",
            server.url,
            env={"TALENT_TIMEOUT_SECONDS": "0.3", "TALENT_RETRIES": "2"},
        )
    assert_failed_cleanly(published_copy, before, code, out, "timed out")


def test_etl013_truncated_json_everywhere_fails_clearly(published_copy, demo_tables):
    before = fingerprint(published_copy)
    with FakeCBS(demo_tables) as server:
        server.add_fault("TypedDataSet", "truncate", times=None)
        code, out = run_etl(published_copy, "refresh", "--cbs-url", server.url)
    assert_failed_cleanly(published_copy, before, code, out, "not complete JSON")


def test_etl017_unreachable_cbs_publishes_nothing(published_copy):
    before = fingerprint(published_copy)
    code, out = run_etl(
        published_copy, "refresh", "--cbs-url", "http://127.0.0.1:9", env={"TALENT_RETRIES": "2"}
    )
    assert_failed_cleanly(published_copy, before, code, out, "could not connect")


# --- one table fails: it is kept from the last store, the rest is refreshed ---------------


def manifest_of(data_dir: Path) -> dict:
    return json.loads((store(data_dir) / "manifest.json").read_text())


def indicator_values(data_dir: Path, *indicators: str) -> pd.DataFrame:
    frame = pd.read_parquet(store(data_dir) / "indicators.parquet")
    return frame[frame["indicator"].isin(indicators)].reset_index(drop=True)


def assert_only_kept(data_dir: Path, code: int, out: str, table_id: str, *words: str) -> dict:
    """A new store was published (exit 3) in which only ``table_id`` is kept; returns it."""
    assert code == 3, out
    tables = manifest_of(data_dir)["tables"]
    outcomes = {t: e["outcome"] for t, e in tables.items()}
    assert outcomes[table_id] == "kept", outcomes
    assert all(o == "fresh" for t, o in outcomes.items() if t != table_id), outcomes
    entry = tables[table_id]
    for word in words:
        assert word in entry["problem"], (word, entry["problem"])
        assert word in out, (word, out)
    assert f"KEPT {table_id}" in out and "Traceback" not in out
    return entry


CHANGED = "2026-11-30T02:00:00"  # a Modified later than any demo table's


def copy_table(
    source: Path, target: Path, edit_entity: tuple[str, dict[str, str]] | None = None
) -> Path:
    """A copy of a demo table folder as CBS changed it: a new ``Modified`` and, with
    ``edit_entity`` = (entity set, {key: new title}), retitled members."""
    shutil.copytree(source, target)
    info = json.loads((target / "TableInfos.json").read_text())
    info[0]["Modified"] = CHANGED
    (target / "TableInfos.json").write_text(json.dumps(info, indent=2))
    if edit_entity:
        name, titles = edit_entity
        records = json.loads((target / f"{name}.json").read_text())
        for record in records:
            record["Title"] = titles.get(record["Key"].strip(), record["Title"])
        (target / f"{name}.json").write_text(json.dumps(records, indent=2))
    return target


def test_etl014_a_renamed_topic_key_with_its_title_is_found_and_warned(
    cached_copy, demo_tables, tmp_path
):
    tables = dict(demo_tables)
    tables["37259ned"] = copy_table_with_renamed_topic(
        copy_table(demo_tables["37259ned"], tmp_path / "changed"),
        tmp_path / "37259ned",
        "LevendGeborenKinderen_3",
        "LevendGeborenen_3",
    )
    with FakeCBS(tables) as server:
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    assert code == 0, out
    assert "WARNING" in out and "LevendGeborenen_3" in out
    assert manifest_of(cached_copy)["tables"]["37259ned"]["warnings"]


def test_etl018_a_retitled_topic_keeps_that_table_and_refreshes_the_rest(
    cached_copy, demo_tables, tmp_path
):
    before = indicator_values(cached_copy, "births", "birth_rate")
    broken = copy_table(demo_tables["37259ned"], tmp_path / "37259ned")
    properties = json.loads((broken / "DataProperties.json").read_text())
    for prop in properties:
        if prop.get("Key") == "LevendGeborenKinderen_3":
            prop["Title"] = "Geboorten"
    (broken / "DataProperties.json").write_text(json.dumps(properties, indent=2))
    with FakeCBS({**demo_tables, "37259ned": broken}) as server:
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    entry = assert_only_kept(
        cached_copy,
        code,
        out,
        "37259ned",
        "LevendGeborenKinderen",
        "'Levend geboren kinderen'",
        "Geboorten",
    )
    assert entry["problem_kind"] == "changed"
    pd.testing.assert_frame_equal(
        indicator_values(cached_copy, "births", "birth_rate"), before
    )  # nothing already published is lost


def test_etl019_missing_forecast_interval_keeps_the_forecast_and_names_it(
    cached_copy, demo_tables, tmp_path, live_run
):
    previous_vintage = manifest_of(live_run[0])["vintage"]
    before = indicator_values(cached_copy, "population_forecast")
    broken = copy_table(
        demo_tables["85173NED"],
        tmp_path / "85173NED",
        ("PrognoseInterval", {"MOG0067": "Onder 67%"}),
    )
    with FakeCBS({**demo_tables, "85173NED": broken}) as server:
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    entry = assert_only_kept(
        cached_copy, code, out, "85173NED", "PrognoseInterval", "'Ondergrens'", "'Onder 67%'"
    )
    assert entry["kept_from"] == previous_vintage
    assert entry["modified"] and entry["periods"] == [2023, 2050]
    pd.testing.assert_frame_equal(indicator_values(cached_copy, "population_forecast"), before)
    # Kept again in the next run: still the figures of the vintage they were fresh in.
    with FakeCBS({**demo_tables, "85173NED": broken}) as server:
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    assert code == 3, out
    assert manifest_of(cached_copy)["tables"]["85173NED"]["kept_from"] == previous_vintage


def test_etl015_missing_region_keeps_the_table_naming_table_and_region(
    cached_copy, demo_tables, tmp_path
):
    broken = copy_table(demo_tables["84547NED"], tmp_path / "84547NED")
    regions = json.loads((broken / "RegioS.json").read_text())
    (broken / "RegioS.json").write_text(
        json.dumps([r for r in regions if r["Key"].strip() != "GM0164"])
    )
    rows = json.loads((broken / "TypedDataSet.json").read_text())
    (broken / "TypedDataSet.json").write_text(
        json.dumps([r for r in rows if r["RegioS"].strip() != "GM0164"])
    )
    with FakeCBS({**demo_tables, "84547NED": broken}) as server:
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    assert_only_kept(cached_copy, code, out, "84547NED", "84547NED", "GM0164")


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "status", "status": 404},
        {"kind": "status", "status": 500},
        {"kind": "html"},
        {"kind": "empty"},
    ],
    ids=["404", "500", "html", "empty-json"],
)
def test_etl030_one_table_failing_at_cbs_is_kept(cached_copy, demo_tables, fault):
    with FakeCBS(demo_tables) as server:
        server.add_fault("85173NED", times=None, **fault)
        code, out = run_etl(cached_copy, "refresh", "--cbs-url", server.url)
    entry = assert_only_kept(cached_copy, code, out, "85173NED", "85173NED")
    assert entry["problem_kind"] in ("unreachable", "changed")


def test_etl031_first_run_with_a_broken_forecast_publishes_it_absent(tmp_path, demo_tables):
    broken = copy_table(
        demo_tables["85173NED"], tmp_path / "85173NED", ("PrognoseInterval", {"MBG0067": "Boven"})
    )
    with FakeCBS({**demo_tables, "85173NED": broken}) as server:
        code, out = run_etl(tmp_path / "data", "refresh", "--cbs-url", server.url)
    assert code == 3, out
    entry = manifest_of(tmp_path / "data")["tables"]["85173NED"]
    assert entry["outcome"] == "absent" and "'Bovengrens'" in entry["problem"]
    assert indicator_values(tmp_path / "data", "population_forecast").empty
    assert not indicator_values(tmp_path / "data", "population").empty
    assert "ABSENT 85173NED" in out


def test_etl032_first_run_without_a_population_table_publishes_nothing(tmp_path, demo_tables):
    with FakeCBS(demo_tables) as server:
        server.add_fault("03759ned", "status", status=404, times=None)
        code, out = run_etl(tmp_path / "data", "refresh", "--cbs-url", server.url)
    assert code == 1, out
    assert "population tables" in out and "03759ned" in out
    assert not (tmp_path / "data" / "store").exists()


def test_etl033_first_run_without_a_population_table_falls_back_to_the_demo(tmp_path, demo_tables):
    with FakeCBS(demo_tables) as server:
        server.add_fault("03759ned", "status", status=404, times=None)
        code, out = run_etl(
            tmp_path / "data", "refresh", "--cbs-url", server.url, "--demo-if-unreachable"
        )
    assert code == 0, out
    manifest = manifest_of(tmp_path / "data")
    assert manifest["mode"] == "demo" and "03759ned" in manifest["demo_reason"]


def test_etl034_offline_rebuild_keeps_a_table_whose_cache_is_broken(live_run, tmp_path):
    data_dir, _ = live_run
    raw_copy = tmp_path / "raw"
    shutil.copytree(data_dir / "raw", raw_copy)
    for folder in (raw_copy / "85173NED").iterdir():
        (folder / "DataProperties.json").write_text("[]")
        (folder / "TypedDataSet.parquet").unlink(missing_ok=True)
    target = tmp_path / "data"
    shutil.copytree(data_dir / "vintages", target / "vintages", symlinks=True)
    os.symlink(os.readlink(data_dir / "store"), target / "store")
    code, out = run_etl(target, "refresh", "--offline", str(raw_copy))
    assert code == 3, out
    assert manifest_of(target)["tables"]["85173NED"]["outcome"] == "kept"


# --- real CBS figures: 37259ned from ../shared, the other tables calibrated to it ------


@pytest.fixture(scope="module")
def snapshot_run(tmp_path_factory):
    require(SNAPSHOT_37259)
    tables = demo.write_demo_tables(
        tmp_path_factory.mktemp("calibrated"), "twente", dynamics_dir=SNAPSHOT_37259
    )
    data_dir = tmp_path_factory.mktemp("snapshot-run")
    with FakeCBS(tables, page_size=4000) as server:
        code, out = run_etl(
            data_dir,
            "refresh",
            "--cbs-url",
            server.url,
            env={"TALENT_PDOK_URL": "http://127.0.0.1:9/{year}"},
        )
    assert code == 0, out
    assert "WARNING: PDOK boundaries could not be fetched" in out
    manifest = json.loads((data_dir / "store" / "manifest.json").read_text())
    assert manifest["boundaries"]["available"] is False  # published anyway, without a map
    assert not (data_dir / "store" / "boundaries.geojson").exists()
    return pd.read_parquet(data_dir / "store" / "indicators.parquet")


def snapshot_values(topic: str, region: str) -> dict[int, float]:
    rows = json.loads((SNAPSHOT_37259 / "TypedDataSet.json").read_text())
    return {
        int(r["Perioden"][:4]): r[topic]
        for r in rows
        if r["RegioS"].strip() == region and r["Geslacht"] == "T001038"
    }


def series(indicators: pd.DataFrame, indicator: str, region: str) -> dict[int, float]:
    rows = indicators[
        (indicators["indicator"] == indicator) & (indicators["region_code"] == region)
    ]
    return dict(zip(rows["year"], rows["value"], strict=True))


def test_etl020_hengelo_birth_rate_equals_cbs_published_rate(snapshot_run):
    ours = series(snapshot_run, "birth_rate", "GM0164")
    cbs = snapshot_values("LevendGeborenKinderenRelatief_4", "GM0164")
    assert set(range(2012, 2024)) <= set(ours)
    for year in range(2012, 2024):
        assert round(ours[year], 1) == cbs[year], year


def test_etl021_hengelo_population_and_births_are_cbs_figures(snapshot_run):
    assert series(snapshot_run, "population", "GM0164")[2012] == 80939
    assert series(snapshot_run, "population", "GM0164")[2023] == 82311
    assert series(snapshot_run, "births", "GM0164")[2012] == 816
    assert series(snapshot_run, "births", "GM0164")[2023] == 697


@pytest.mark.parametrize(
    "indicator",
    ["population", "births", "deaths", "net_migration", "count_18_35", "net_domestic_migration"],
)
def test_etl022_twente_equals_the_sum_of_its_14_municipalities(snapshot_run, indicator):
    frame = snapshot_run[snapshot_run["indicator"] == indicator]
    twente = frame[frame["region_code"] == "CR12"].set_index("year")["value"]
    members = (
        frame[frame["region_code"].isin(TWENTE_MUNICIPALITIES)]
        .groupby("year")["value"]
        .agg(["sum", "count"])
    )
    members = members[members["count"] == 14]["sum"]
    common = twente.index.intersection(members.index)
    assert len(common) >= 10
    pd.testing.assert_series_equal(twente.loc[common], members.loc[common], check_names=False)
