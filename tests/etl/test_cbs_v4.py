"""CBS OData v4 beside v3: the same demo tables served by the v3 fake and, converted, by the v4
fake (tests/support/fakecbs/v4.py) must give the same store; 'auto' falls back to v4 per table;
faults on v4 end as on v3.

Why: CBS says v4 becomes the standard and some tables are on v4 only (../shared/CBS-API.md).
The v4 client writes v3's raw layout so no transform changes; the only proof that it does is
the ETL publishing the same figures from both. Module-scoped runs are shared by the tests that
look at them; fault tests start from a copy.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import requests
from support.etl_runs import run_etl
from support.fakecbs import FakeCBS, FakeCBSv4, compile_filter
from support.shared_data import SNAPSHOT_37259, require

from etl import demo, raw
from etl.cbs_client import CbsClient, CbsError, RegionClause
from etl.cbs_v4 import (
    VALUE_ATTRIBUTE,
    CbsV4Client,
    period_status,
    topic_key,
)
from etl.extract import choose_table, fetch_metadata, plan_query
from etl.peer_stage import PEER_YEARS, PEERS_FOLDER
from etl.settings import Settings
from etl.sources import SOURCES_BY_ROLE, TWENTE_MUNICIPALITIES

NO_PDOK = {"TALENT_PDOK_URL": "http://127.0.0.1:9/{year}"}
CHANGED = "2026-11-30T02:00:00"  # a Modified later than any demo table's
STORE_FILES = (
    "indicators.parquet",
    "population_by_age.parquet",
    "regions.parquet",
    "flows.parquet",  # 81734NED: two region dimensions, filtered on either side
    "retention_gaps.parquet",
)


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory) -> dict[str, Path]:
    return demo.write_demo_tables(tmp_path_factory.mktemp("demo-tables"), "twente")


@pytest.fixture(scope="module")
def v3_feed(demo_tables):
    with FakeCBS(demo_tables, page_size=5000) as server:
        yield server


@pytest.fixture(scope="module")
def v4_feed(demo_tables):
    with FakeCBSv4(demo_tables, page_size=5000) as server:
        yield server


@pytest.fixture(scope="module")
def v3_run(tmp_path_factory, v3_feed) -> Path:
    data_dir = tmp_path_factory.mktemp("v3-run")
    code, out = run_etl(
        data_dir, "refresh", "--cbs-api", "v3", "--cbs-url", v3_feed.url, env=NO_PDOK
    )
    assert code == 0, out
    return data_dir


@pytest.fixture(scope="module")
def v4_run(tmp_path_factory, v4_feed) -> tuple[Path, str]:
    """`python -m etl refresh --cbs-api v4 --cbs-v4-url http://127.0.0.1:PORT`."""
    data_dir = tmp_path_factory.mktemp("v4-run")
    code, out = run_etl(
        data_dir, "refresh", "--cbs-api", "v4", "--cbs-v4-url", v4_feed.url, env=NO_PDOK
    )
    assert code == 0, out
    return data_dir, out


def manifest_of(data_dir: Path) -> dict:
    return json.loads((data_dir / "store" / "manifest.json").read_text())


def client_for(server: FakeCBSv4 | str, progress: list[str] | None = None, **kw) -> CbsV4Client:
    settings = {"timeout": 10.0, "retries": 3, "retry_wait": 0.01} | kw
    url = server if isinstance(server, str) else server.url
    return CbsV4Client(url, progress=(progress if progress is not None else []).append, **settings)


def changed_copy(source: Path, target: Path, edit=None) -> Path:
    """A copy of a demo table folder as CBS changed it: a new ``Modified`` (so a cached copy
    is not reused), and ``edit(folder)`` applied."""
    shutil.copytree(source, target)
    info = json.loads((target / "TableInfos.json").read_text())
    info[0]["Modified"] = CHANGED
    (target / "TableInfos.json").write_text(json.dumps(info, indent=2))
    if edit:
        edit(target)
    return target


def cached_copy_of(data_dir: Path, target: Path) -> Path:
    shutil.copytree(data_dir, target, symlinks=True)
    return target


# --- one demo, two APIs, one store ----------------------------------------------------------


@pytest.mark.parametrize("name", STORE_FILES)
def test_v4001_v3_and_v4_publish_identical_frames(v3_run, v4_run, name):
    v3 = pd.read_parquet(v3_run / "store" / name)
    v4 = pd.read_parquet(v4_run[0] / "store" / name)
    assert len(v3) > 0
    pd.testing.assert_frame_equal(v4, v3, check_exact=True)


def test_v4002_every_source_product_is_identical(v3_run, v4_run):
    v3_parts = sorted(
        p.relative_to(v3_run / "store") for p in (v3_run / "store" / "sources").rglob("*.parquet")
    )
    assert len(v3_parts) >= 7
    for part in v3_parts:
        pd.testing.assert_frame_equal(
            pd.read_parquet(v4_run[0] / "store" / part),
            pd.read_parquet(v3_run / "store" / part),
            check_exact=True,
            obj=str(part),
        )


def test_v4003_manifest_says_which_api_and_url_each_table_came_from(
    v3_run, v4_run, v3_feed, v4_feed
):
    v3_tables, v4_tables = manifest_of(v3_run)["tables"], manifest_of(v4_run[0])["tables"]
    assert v3_tables.keys() == v4_tables.keys()
    for table_id, entry in v4_tables.items():
        assert entry["api"] == "v4" and v3_tables[table_id]["api"] == "v3"
        assert entry["url"] == f"{v4_feed.url}/{table_id}"  # CBS's casing, never upper-cased
        assert v3_tables[table_id]["url"] == f"{v3_feed.url}/ODataFeed/odata/{table_id}"
        for same in ("title", "rows", "periods", "provisional_periods", "role", "outcome"):
            assert entry[same] == v3_tables[table_id][same], (table_id, same)
        # v4's ObservationsModified: v3's Modified with the offset v4 carries
        assert entry["modified"].startswith(v3_tables[table_id]["modified"])
        assert entry["modified"][-6:] in ("+01:00", "+02:00")


def test_v4004_cli_published_from_v4_only(v4_run):
    data_dir, out = v4_run
    assert "Refreshing from http://127.0.0.1" in out and "(CBS v4)" in out
    assert "CBS v3" not in out
    assert out.count("03759ned: data page") > 10  # paged through @odata.nextLink
    assert manifest_of(data_dir)["mode"] == "live"


def test_v4005_raw_cache_is_v3s_layout_per_observations_modified(v4_run, v3_run, demo_tables):
    data_dir, _ = v4_run
    table_dirs = list((data_dir / "raw" / "03759ned").iterdir())
    assert len(table_dirs) == 1
    folder = table_dirs[0]
    info = json.loads((demo_tables["03759ned"] / "TableInfos.json").read_text())[0]
    assert folder.name.startswith(info["Modified"].replace(":", "-") + "+0")  # offset kept
    assert {
        "TableInfos.json",
        "DataProperties.json",
        "CategoryGroups.json",
        "Geslacht.json",
        "Leeftijd.json",
        "BurgerlijkeStaat.json",
        "RegioS.json",
        "Perioden.json",
        raw.DATA_FILE,
        raw.DATA_PARQUET,
        raw.PROVENANCE_FILE,
    } == {p.name for p in folder.iterdir()}
    provenance = json.loads((folder / raw.PROVENANCE_FILE).read_text())
    assert provenance["api"] == "v4" and provenance["table_url"].endswith("/03759ned")
    assert "Measure eq 'M" in provenance["filter"] and "substringof" not in provenance["filter"]
    assert raw.sidecar_is_fresh(folder)


def test_v4006_the_raw_tables_hold_the_same_cells(v4_run, v3_run):
    """Table by table, v4's raw copy is v3's: same dimension members, same values, the topic
    keys found by their titles."""
    for table_id in manifest_of(v3_run)["tables"]:
        v3 = raw.load_raw_table(raw.newest_cached_folder(v3_run / "raw", table_id))
        v4 = raw.load_raw_table(raw.newest_cached_folder(v4_run[0] / "raw", table_id))
        key_of = {p["Title"]: p["Key"] for p in v4.properties if p["Type"] == "Topic"}
        renamed = {p["Key"]: key_of[p["Title"]] for p in v3.properties if p["Type"] == "Topic"}
        assert VALUE_ATTRIBUTE in v4.data and VALUE_ATTRIBUTE not in v3.data
        expected = v3.data.rename(columns=renamed)
        ours = v4.data[list(expected.columns)]
        if not ours.equals(expected):  # equals is block-wise and fast; this says where
            pd.testing.assert_frame_equal(ours, expected, check_exact=True, obj=table_id)
            pytest.fail(f"{table_id}: the raw data differ (dtypes or categories)")
        for key, entity in v3.dimensions.items():
            assert list(v4.dimensions[key]["Key"]) == list(entity["Key"]), (table_id, key)
            assert list(v4.dimensions[key]["Title"]) == list(entity["Title"]), (table_id, key)


def test_v4007_an_unchanged_table_is_not_downloaded_again(v4_run, v4_feed, tmp_path):
    data_dir = cached_copy_of(v4_run[0], tmp_path / "data")
    v4_feed.reset_log()
    code, out = run_etl(
        data_dir, "refresh", "--cbs-api", "v4", "--cbs-v4-url", v4_feed.url, env=NO_PDOK
    )
    assert code == 0, out
    assert v4_feed.data_page_requests() == 0
    # every demo table (81734NED, 86223NED too), and the peer finder's national extracts
    assert out.count("using the cache") == 9 + len(PEER_YEARS)


# --- auto: v3 first, v4 for the table v3 cannot give -----------------------------------------


@pytest.mark.parametrize("v3_fault", ["500", "missing"])
def test_v4010_auto_falls_back_to_v4_for_that_table_only(
    tmp_path, demo_tables, v4_feed, v3_run, v3_fault
):
    data_dir = cached_copy_of(v3_run, tmp_path / "data")  # v3's raw cache: only 85173NED moves
    served = dict(demo_tables)
    if v3_fault == "missing":  # a table that is on v4 only
        del served["85173NED"]
    with FakeCBS(served, page_size=5000) as v3:
        if v3_fault == "500":
            v3.add_fault("85173NED", "status", status=500, times=None)
        code, out = run_etl(
            data_dir, "refresh", "--cbs-url", v3.url, "--cbs-v4-url", v4_feed.url, env=NO_PDOK
        )
    assert code == 0, out
    apis = {t: e["api"] for t, e in manifest_of(data_dir)["tables"].items()}
    assert apis.pop("85173NED") == "v4"
    assert set(apis.values()) == {"v3"}
    reason = "unreachable" if v3_fault == "500" else "not_found"
    assert f"forecast: CBS v3 failed ({reason}); trying CBS v4" in out
    assert "85173NED: data page 1" in out
    assert out.count("using the cache") == 8 + len(PEER_YEARS)  # and the national extracts
    pd.testing.assert_frame_equal(
        pd.read_parquet(data_dir / "store" / "indicators.parquet"),
        pd.read_parquet(v3_run / "store" / "indicators.parquet"),
        check_exact=True,
    )


def test_v4011_v3_down_everything_comes_from_v4(tmp_path, v4_feed):
    code, out = run_etl(
        tmp_path / "data",
        "refresh",
        "--cbs-url",
        "http://127.0.0.1:9",
        "--cbs-v4-url",
        v4_feed.url,
        env={**NO_PDOK, "TALENT_RETRIES": "2"},
    )
    assert code == 0, out
    assert {e["api"] for e in manifest_of(tmp_path / "data")["tables"].values()} == {"v4"}
    assert "could not connect" in out  # v3's failure is said, not hidden


def test_v4012_auto_with_another_v3_feed_and_no_v4_url_stays_on_v3(tmp_path, demo_tables, v3_run):
    """A test feed or mirror for v3 is never topped up with live CBS v4 figures."""
    data_dir = cached_copy_of(v3_run, tmp_path / "data")
    with FakeCBS(demo_tables, page_size=5000) as v3:
        v3.add_fault("85173NED", "status", status=500, times=None)
        code, out = run_etl(data_dir, "refresh", "--cbs-url", v3.url, env=NO_PDOK)
    assert code == 3, out
    entry = manifest_of(data_dir)["tables"]["85173NED"]
    assert entry["outcome"] == "kept" and entry["problem_kind"] == "unreachable"
    assert entry["api"] == "v3"
    assert "no v4 URL is given" in out and "CBS v4" not in out


def test_v4013_both_apis_failing_say_both(tmp_path, demo_tables, v3_run):
    data_dir = cached_copy_of(v3_run, tmp_path / "data")
    served = {k: v for k, v in demo_tables.items() if k != "85173NED"}
    with FakeCBS(demo_tables) as v3, FakeCBSv4(served) as v4:
        v3.add_fault("85173NED", "status", status=503, times=None)
        code, out = run_etl(
            data_dir, "refresh", "--cbs-url", v3.url, "--cbs-v4-url", v4.url, env=NO_PDOK
        )
    assert code == 3, out
    entry = manifest_of(data_dir)["tables"]["85173NED"]
    assert entry["outcome"] == "kept"
    assert (
        entry["problem"].startswith("CBS v3: ") and "; CBS v4: CBS has no table" in entry["problem"]
    )
    assert entry["problem_kind"] == "unreachable"  # v3 may answer again: try later


@pytest.mark.parametrize(
    ("settings", "pairs"),
    [
        ({}, True),
        ({"cbs_url": "http://127.0.0.1:8765"}, False),
        ({"cbs_url": "http://127.0.0.1:8765", "cbs_v4_url": "http://127.0.0.1:8766"}, True),
        ({"cbs_url": "https://opendata.cbs.nl/"}, True),
    ],
)
def test_v4014_which_v3_feeds_auto_pairs_with_a_v4_feed(settings, pairs):
    assert Settings(**settings).v4_pairs_with_v3() is pairs
    assert Settings(**settings).cbs_api == "auto"


def test_v4015_the_v4_url_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TALENT_CBS_URL", "http://127.0.0.1:8765")
    monkeypatch.setenv("TALENT_CBS_V4_URL", "http://127.0.0.1:8766")
    monkeypatch.setenv("TALENT_CBS_API", "v4")
    settings = Settings()
    assert settings.v4_pairs_with_v3() and settings.cbs_api == "v4"


# --- faults on v4 end as on v3 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fault", "kind"),
    [
        ("85173NED/Properties", {"kind": "status", "status": 404}, "changed"),
        ("85173NED/Observations", {"kind": "status", "status": 500}, "unreachable"),
        ("85173NED/MeasureCodes", {"kind": "html"}, "changed"),
    ],
    ids=["404", "500", "html"],
)
def test_v4020_one_table_failing_on_v4_is_kept(v4_run, demo_tables, tmp_path, target, fault, kind):
    """Each reason a CbsError can carry, through the pipeline (test_v4021 has every fault)."""
    data_dir = cached_copy_of(v4_run[0], tmp_path / "data")
    served = {
        **demo_tables,
        "85173NED": changed_copy(demo_tables["85173NED"], tmp_path / "85173NED"),
    }
    before = pd.read_parquet(data_dir / "store" / "indicators.parquet")
    with FakeCBSv4(served) as v4:
        v4.add_fault(target, times=None, **fault)
        code, out = run_etl(
            data_dir, "refresh", "--cbs-api", "v4", "--cbs-v4-url", v4.url, env=NO_PDOK
        )
    assert code == 3, out
    tables = manifest_of(data_dir)["tables"]
    assert {t: e["outcome"] for t, e in tables.items() if e["outcome"] != "fresh"} == {
        "85173NED": "kept"
    }
    entry = tables["85173NED"]
    assert entry["problem_kind"] == kind and "85173NED" in entry["problem"]
    assert entry["api"] == "v4" and "Traceback" not in out
    after = pd.read_parquet(data_dir / "store" / "indicators.parquet")
    pd.testing.assert_frame_equal(after, before)  # the kept forecast is the same figures


@pytest.fixture
def population(demo_tables):
    with FakeCBSv4({"03759ned": demo_tables["03759ned"]}, page_size=1000) as server:
        yield server


def hengelo_download(client: CbsV4Client, folder: Path) -> None:
    """03759ned for Hengelo only (~16 pages of 1,000 observations)."""
    meta = fetch_metadata(client, "03759ned")
    query = plan_query(SOURCES_BY_ROLE["population_by_age"], meta, "twente")
    clauses = tuple(
        dataclasses.replace(c, terms=("GM0164",)) if isinstance(c, RegionClause) else c
        for c in query.clauses
    )
    select, filters = client.render_query(dataclasses.replace(query, clauses=clauses))
    client.download("03759ned", folder, select=select, filters=filters)


@pytest.mark.parametrize(
    ("target", "kind", "reason", "attempts", "words"),
    [
        (
            "03759ned/Properties",
            "status404",
            "not_found",
            1,
            ["CBS has no table 03759ned at http://127.0.0.1:", "/03759ned/Properties"],
        ),
        (
            "03759ned/PeriodenCodes",
            "status404",
            "not_found",
            1,
            ["CBS has no entity set PeriodenCodes for table 03759ned"],
        ),
        (
            "03759ned/Observations",
            "status503",
            "unreachable",
            3,
            ["03759ned data page 1", "after 3 attempts", "HTTP 503"],
        ),
        ("03759ned/Observations", "html", "bad_answer", 3, ["03759ned data page 1", "HTML"]),
        ("03759ned/Properties", "empty", "bad_answer", 1, ["03759ned Properties", "Identifier"]),
        ("03759ned/Dimensions", "empty", "bad_answer", 1, ["03759ned Dimensions", "'value'"]),
        ("03759ned/Observations", "truncate", "bad_answer", 3, ["not complete JSON"]),
        ("03759ned/Observations", "status400", "bad_answer", 1, ["HTTP 400 (Bad Request)"]),
    ],
)
def test_v4021_each_bad_answer_is_a_cbs_error_with_its_reason(
    population, tmp_path, target, kind, reason, attempts, words
):
    fault = (
        {"kind": "status", "status": int(kind[6:])} if kind.startswith("status") else {"kind": kind}
    )
    population.add_fault(target, times=None, **fault)
    with pytest.raises(CbsError) as caught:
        hengelo_download(client_for(population), tmp_path / "t")
    assert caught.value.reason == reason
    for word in words:
        assert word in str(caught.value), (word, str(caught.value))
    assert sum(path.endswith(target) for path, _ in population.requests) == attempts
    assert not (tmp_path / "t" / raw.DATA_FILE).exists()


def test_v4022_a_timeout_is_unreachable(population, tmp_path):
    # the fake builds its answers on the first request: not part of what times out
    requests.get(f"{population.url}/03759ned/Properties", timeout=60).raise_for_status()
    population.add_fault("03759ned/Observations", "delay", delay=3, times=None)
    with pytest.raises(
        CbsError,
        match=r"03759ned data page 1 .* after 2 attempts: the request "
        r"timed out",
    ) as caught:
        hengelo_download(client_for(population, timeout=0.3, retries=2), tmp_path / "t")
    assert caught.value.reason == "unreachable"


def test_v4023_a_503_on_page_3_is_retried_for_that_page_only(population, tmp_path):
    population.add_fault("$skip=2000", "status", status=503, times=1)
    progress: list[str] = []
    hengelo_download(client_for(population, progress), tmp_path / "t")
    skips = [
        params.get("$skip")
        for path, params in population.requests
        if path.endswith("/Observations")
    ]
    assert skips[:5] == [None, "1000", "2000", "2000", "3000"]
    assert skips.count("2000") == 2 and len(skips) > 10
    assert any(
        "03759ned data page 3: HTTP 503" in line and "retry 1 of 2" in line for line in progress
    ), progress
    hengelo_download(client_for(population), tmp_path / "again")  # no fault this time
    rows = raw.load_raw_table(tmp_path / "t").data
    assert set(rows["RegioS"]) == {"GM0164"}
    pd.testing.assert_frame_equal(rows, raw.load_raw_table(tmp_path / "again").data)


def test_v4024_an_observation_outside_the_codes_is_a_bad_answer(population, tmp_path, monkeypatch):
    table = population._v4_tables["03759ned"]
    observations = table.sets()["Observations"]
    monkeypatch.setitem(observations[0], "RegioS", "GM9999")
    with pytest.raises(CbsError, match="03759ned data .* Codes do not list") as caught:
        client_for(population).download("03759ned", tmp_path / "t", select=None, filters=None)
    assert caught.value.reason == "bad_answer"


# --- v4's dialect, catalogue and casing -------------------------------------------------------


def test_v4030_filters_are_v4s_and_server_side(v4_run):
    """What was sent, as provenance.json records it (every table went to v4's fake, which
    refuses v3's dialect with a 400)."""
    filters = {
        folder.parent.name: json.loads((folder / raw.PROVENANCE_FILE).read_text())["filter"]
        for folder in (v4_run[0] / "raw").glob("*/*")
        if folder.parent.name != PEERS_FOLDER
    }
    assert len(filters) == 9
    assert "substringof" not in " ".join(filters.values())
    flows = filters["81734NED"]  # either side a Twente municipality, in v4's own words
    assert flows.startswith("Measure eq 'M")  # one topic: no parentheses
    assert all(
        f"RegioVanVertrek eq '{code}'" in flows and f"RegioVanVestiging eq '{code}'" in flows
        for code in TWENTE_MUNICIPALITIES
    )
    moves = filters["84547NED"]
    assert "contains(Perioden,'JJ')" in moves  # a monthly table: whole years only
    assert "(Measure eq 'M" in moves and "Geslacht eq 'T001038'" in moves
    assert all(f"RegioS eq '{code}'" in moves for code in TWENTE_MUNICIPALITIES)
    assert "Measure" not in filters["85385NED"]  # Gebieden: every topic
    # the peer finder's national extracts: every municipality, the newest years by name
    peers = {
        folder.parent.name: json.loads((folder / raw.PROVENANCE_FILE).read_text())["filter"]
        for folder in (v4_run[0] / "raw" / PEERS_FOLDER).glob("*/*")
    }
    assert sorted(peers) == ["03759ned", "84547NED", "85451NED", "86008NED"]
    for text in peers.values():
        assert "startswith(RegioS,'GM')" in text and "GM0164" not in text
        assert "Perioden eq '" in text and "contains(Perioden" not in text
    assert "Geslacht eq 'T001038'" in peers["03759ned"]  # both sexes together


def test_v4031_scope_nl_takes_municipalities_by_prefix(v4_feed):
    client = client_for(v4_feed)
    source = SOURCES_BY_ROLE["dynamics"]
    select, filters = client.render_query(
        plan_query(source, fetch_metadata(client, "37259ned"), "nl")
    )
    assert "startswith(RegioS,'GM')" in filters and "startswith(RegioS,'CR')" in filters
    assert "RegioS eq 'NL01'" in filters
    assert select is not None and select[:3] == ["Geslacht", "RegioS", "Perioden"]
    rows = requests.get(
        f"{v4_feed.url}/37259ned/Observations", params={"$filter": filters}, timeout=30
    ).json()["value"]
    measures = {r["Measure"] for r in rows}
    assert len(measures) == len(select) - 3 == len(source.topics)
    assert all(f"Measure eq '{m}'" in filters for m in measures)


def test_v4032_the_catalogue_finds_the_newest_regular_edition(v4_feed):
    client = client_for(v4_feed)
    assert choose_table(client, SOURCES_BY_ROLE["labour"], print) == "86008NED"
    assert choose_table(client, SOURCES_BY_ROLE["regions"], print) == "85385NED"
    records = client.catalogue("Arbeidsdeelname; gemeenten")
    assert {r["Identifier"]: r["OutputStatus"] for r in records} == {
        "86008NED": "Regulier",
        "84952NED": "Gediscontinueerd",
    }


def test_v4033_a_newer_edition_that_lapsed_is_not_chosen(demo_tables):
    lapsed = {
        "Identifier": "86999NED",
        "Title": "Arbeidsdeelname; gemeenten (regio-indeling 2026)",
        "Language": "nl",
        "Status": "Vervallen",
        "Modified": "2026-11-01T02:00:00+01:00",
        "ObservationsModified": "2026-11-01T02:00:00+01:00",
    }
    with FakeCBSv4(demo_tables, catalog_extra=[lapsed]) as v4:
        assert choose_table(client_for(v4), SOURCES_BY_ROLE["labour"], print) == "86008NED"


def test_v4034_ids_are_case_sensitive_and_kept_as_cbs_spells_them(v4_feed):
    client = client_for(v4_feed)
    assert client.table_info("03759ned")["Identifier"] == "03759ned"
    with pytest.raises(CbsError, match="CBS has no table 03759NED") as caught:
        client.table_info("03759NED")
    assert caught.value.reason == "not_found"
    assert client.table_url("85173NED").endswith("/85173NED")


def test_v4035_the_fake_refuses_v3s_substringof(v4_feed):
    answer = requests.get(
        f"{v4_feed.url}/37259ned/Observations",
        params={"$filter": "substringof('GM0164',RegioS)"},
        timeout=10,
    )
    assert answer.status_code == 400
    assert compile_filter("contains(RegioS,'GM01')", version=4)({"RegioS": "GM0164"})
    assert not compile_filter("endswith(Perioden,'JJ00')", version=4)({"Perioden": "2024MM01"})


# --- from v4's shapes to v3's ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "group", "key"),
    [
        ("Bevolking op 1 januari", None, "BevolkingOp1Januari_3"),
        ("Beroeps- en niet-beroepsbevolking", None, "BeroepsEnNietBeroepsbevolking_3"),
        ("Levend geboren kinderen, relatief", None, "LevendGeborenKinderenRelatief_3"),
        ("Gemeentecode", "Gemeenten", "Code_3"),
        ("Gemeentenaam", "Gemeenten", "Naam_3"),
        ("COROP-code", "COROP-gebieden", "Code_3"),
        ("Provincienaam", "Provincies", "Naam_3"),
        ("Code", "Gemeenten", "Code_3"),  # CBS's own titles in Gebieden in Nederland
        ("Bevolking op 1 januari", "Bevolking", "BevolkingOp1Januari_3"),  # not a compound
    ],
)
def test_v4040_topic_keys_are_made_from_the_title(title, group, key):
    assert topic_key(title, group, 3) == key


def test_v4041_statuses_are_v3s_spelling():
    assert period_status("NaderVoorlopig") == "Nader voorlopig"
    assert period_status("Voorlopig") == "Voorlopig"
    assert period_status("Definitief") == "Definitief"
    assert period_status(None) is None


def test_v4042_nader_voorlopig_empty_cells_and_reasons_arrive_in_v3s_layout(demo_tables, tmp_path):
    """A period CBS calls 'NaderVoorlopig' on v4 is provisional in the store; an empty cell
    is null with its reason kept in the data set's ValueAttribute field."""

    def edit(folder: Path) -> None:
        periods = json.loads((folder / "Perioden.json").read_text())
        periods[-2]["Status"] = "Nader voorlopig"
        (folder / "Perioden.json").write_text(json.dumps(periods, indent=2))
        rows = json.loads((folder / "TypedDataSet.json").read_text())
        rows[0]["Overledenen_5"] = None
        (folder / "TypedDataSet.json").write_text(json.dumps(rows, indent=2))

    table = changed_copy(demo_tables["37259ned"], tmp_path / "37259ned", edit)
    with FakeCBSv4({"37259ned": table}) as v4:
        served = requests.get(f"{v4.url}/37259ned/PeriodenCodes", timeout=10).json()["value"]
        assert served[-2]["Status"] == "NaderVoorlopig"
        client_for(v4).download("37259ned", tmp_path / "t", select=None, filters=None)
    copy = raw.load_raw_table(tmp_path / "t")
    periods = copy.dimensions["Perioden"]
    assert periods["Status"].iloc[-2] == "Nader voorlopig"
    key = next(p["Key"] for p in copy.properties if p.get("Title") == "Overledenen")
    first = copy.data.iloc[0]
    assert math.isnan(first[key]) if isinstance(first[key], float) else first[key] is None
    assert f"{key}=Impossible" in first[VALUE_ATTRIBUTE].split(";")
    topics = [p["Key"] for p in copy.properties if p["Type"] == "Topic"]
    for _, row in copy.data.iterrows():  # each row names exactly its empty topics
        named = {part.split("=")[0] for part in row[VALUE_ATTRIBUTE].split(";") if part}
        assert named == {t for t in topics if pd.isna(row[t])}
    assert 0 < (copy.data[VALUE_ATTRIBUTE] == "").sum() < len(copy.data)
    assert str(copy.data["BevolkingOp1Januari_1"].dtype) == "int64"  # Long topics stay integers


def test_v4043_real_cbs_figures_arrive_the_same_through_v4(tmp_path):
    """../shared's real 37259ned, served as v3 (padded keys) and as v4: the same cells."""
    require(SNAPSHOT_37259)
    with (
        FakeCBS({"37259ned": SNAPSHOT_37259}) as v3,
        FakeCBSv4({"37259ned": SNAPSHOT_37259}, page_size=20000) as v4,
    ):
        for name, client in (
            ("v3", CbsClient(v3.url, timeout=30, retries=2, retry_wait=0.01)),
            ("v4", client_for(v4)),
        ):
            meta = fetch_metadata(client, "37259ned")
            select, filters = client.render_query(
                plan_query(SOURCES_BY_ROLE["dynamics"], meta, "twente")
            )
            client.download("37259ned", tmp_path / name, select=select, filters=filters)
    v3_table, v4_table = (raw.load_raw_table(tmp_path / n) for n in ("v3", "v4"))
    hengelo = {
        t: table.data[table.data["RegioS"] == "GM0164"].reset_index(drop=True)
        for t, table in (("v3", v3_table), ("v4", v4_table))
    }
    assert len(hengelo["v3"]) == 12
    assert list(hengelo["v4"]["LevendGeborenKinderen_3"]) == list(
        hengelo["v3"]["LevendGeborenKinderen_3"]
    )
    assert list(hengelo["v4"]["Perioden"]) == list(hengelo["v3"]["Perioden"])


def test_v4060_an_edition_titled_without_parentheses_is_still_found(demo_tables):
    """CBS spells one title both ways: 86087NED is "Arbeidsmarktsituatie jongeren 15 tot 27
    jaar; regio 2024,2005-2023" on cbs.nl, while the source's catalogue title has "(15 tot 27
    jaar)" (etl/sources.py). Titles are compared normalised, so the newer edition wins."""
    newer = {
        "Identifier": "86999NED",
        "Title": "Arbeidsmarktsituatie jongeren 15 tot 27 jaar; regio 2026",
        "Language": "nl",
        "Status": "Regulier",
        "Modified": "2026-11-01T02:00:00+01:00",
        "ObservationsModified": "2026-11-01T02:00:00+01:00",
    }
    with FakeCBSv4(demo_tables, catalog_extra=[newer]) as v4:
        chosen = choose_table(client_for(v4), SOURCES_BY_ROLE["youth_activity"], print)
    assert chosen == "86999NED"
