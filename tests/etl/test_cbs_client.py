"""CbsClient against the fake CBS feed, through the real cbsodata client and requests.

Why: ``download`` no longer calls ``cbsodata.download_data`` (which holds a whole table in
memory) but must still write exactly what it writes; and every way CBS can answer badly must
reach the pipeline as a ``CbsError`` with the right ``reason`` and a message naming the table.
"""

from __future__ import annotations

import filecmp
import json
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import cbsodata
import pandas as pd
import pyarrow as pa
import pytest
import requests
from support.fakecbs import FakeCBS
from support.shared_data import SNAPSHOT_37259, require

from etl import demo, raw
from etl.cbs_client import CbsClient, CbsError

TWENTE_FILTER = (
    "(substringof('GM0164',RegioS) or substringof('GM0153',RegioS) or "
    "substringof('NL01',RegioS)) and Geslacht eq 'T001038'"
)
SELECT = ["Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden", "BevolkingOp1Januari_1"]


@pytest.fixture(scope="module")
def demo_tables(tmp_path_factory) -> dict[str, Path]:
    return demo.write_demo_tables(tmp_path_factory.mktemp("demo-tables"), "twente")


@pytest.fixture
def population(fake_cbs, demo_tables) -> FakeCBS:
    """03759ned (~31 MB of JSON for Twente) served in pages of 1,000 rows."""
    return fake_cbs({"03759ned": demo_tables["03759ned"]}, page_size=1000)


def client_for(server: FakeCBS | str, progress: list[str] | None = None, **kw) -> CbsClient:
    settings = {"timeout": 10.0, "retries": 3, "retry_wait": 0.01} | kw
    url = server if isinstance(server, str) else server.url
    return CbsClient(url, progress=(progress if progress is not None else []).append, **settings)


def cbsodata_download(server: FakeCBS, table: str, folder: Path, monkeypatch, **kw) -> None:
    monkeypatch.setattr(cbsodata.options, "use_https", False)
    cbsodata.download_data(table, dir=str(folder), catalog_url=server.catalog_url, **kw)


def assert_same_files(ours: Path, theirs: Path) -> None:
    """Every file cbsodata wrote, byte for byte; ours adds only the parquet sidecar."""
    expected = sorted(p.name for p in theirs.iterdir())
    assert sorted(p.name for p in ours.iterdir() if p.name != raw.DATA_PARQUET) == expected
    for name in expected:
        assert filecmp.cmp(ours / name, theirs / name, shallow=False), name


def data_pages(server: FakeCBS) -> list[str | None]:
    """The $skiptoken of every data page request, in order."""
    return [
        params.get("$skiptoken")
        for path, params in server.requests
        if path.endswith("/TypedDataSet")
    ]


# --- the streamed download writes what cbsodata writes -----------------------------------


@pytest.mark.parametrize(
    ("select", "filters"),
    [
        (SELECT, TWENTE_FILTER),
        (None, TWENTE_FILTER),
        (SELECT, "RegioS eq 'nowhere'"),  # no rows at all: cbsodata writes "[]"
    ],
)
def test_cbs001_download_is_byte_identical_to_cbsodata(
    population, tmp_path, monkeypatch, select, filters
):
    progress: list[str] = []
    client_for(population, progress).download(
        "03759ned", tmp_path / "ours", select=select, filters=filters
    )
    pages = population.data_page_requests()
    cbsodata_download(
        population, "03759ned", tmp_path / "cbsodata", monkeypatch, select=select, filters=filters
    )

    assert_same_files(tmp_path / "ours", tmp_path / "cbsodata")
    rows = len(json.loads((tmp_path / "cbsodata" / raw.DATA_FILE).read_text()))
    assert pages == max(1, -(-rows // 1000))
    assert progress == [f"  03759ned: data page {n}" for n in range(1, pages + 1)]
    if rows:
        assert pages >= 3


def test_cbs002_real_cbs_snapshot_every_row_in_pages(fake_cbs, tmp_path, monkeypatch):
    require(SNAPSHOT_37259)
    server = fake_cbs({"37259ned": SNAPSHOT_37259}, page_size=2000)
    client_for(server).download("37259ned", tmp_path / "ours", select=None, filters=None)
    cbsodata_download(server, "37259ned", tmp_path / "cbsodata", monkeypatch)

    assert_same_files(tmp_path / "ours", tmp_path / "cbsodata")
    assert data_pages(server) == [None, *(str(n) for n in range(2000, 15630, 2000))] * 2


def test_cbs003_sidecar_written_during_download_equals_a_parse_of_the_json(population, tmp_path):
    folder = tmp_path / "t"
    client_for(population).download("03759ned", folder, select=None, filters=TWENTE_FILTER)
    properties = raw.read_json(folder / "DataProperties.json")
    dims = raw.dimension_keys_of(properties)

    assert raw.sidecar_is_fresh(folder)
    from_sidecar = raw.read_data(folder, dims, properties)
    assert raw.data_row_count(folder) == len(from_sidecar) > 3000
    (folder / raw.DATA_PARQUET).unlink()
    pd.testing.assert_frame_equal(from_sidecar, raw.read_data(folder, dims, properties))
    assert set(from_sidecar["RegioS"].cat.categories) == {"GM0164", "GM0153", "NL01"}


def test_cbs004_a_503_on_page_3_is_retried_for_that_page_only(population, tmp_path, monkeypatch):
    population.add_fault("$skiptoken=2000", "status", status=503, times=1)
    progress: list[str] = []
    client_for(population, progress).download(
        "03759ned", tmp_path / "ours", select=SELECT, filters=TWENTE_FILTER
    )

    tokens = data_pages(population)
    assert tokens[:5] == [None, "1000", "2000", "2000", "3000"]
    assert tokens.count("2000") == 2 and tokens.count(None) == 1
    assert any(
        "03759ned data page 3: HTTP 503" in line and "retry 1 of 2" in line for line in progress
    ), progress
    population.reset_log()
    cbsodata_download(
        population,
        "03759ned",
        tmp_path / "cbsodata",
        monkeypatch,
        select=SELECT,
        filters=TWENTE_FILTER,
    )
    assert_same_files(tmp_path / "ours", tmp_path / "cbsodata")


# --- every bad answer is a CbsError with a reason ----------------------------------------


def download_into(tmp_path: Path) -> Callable[[CbsClient], object]:
    return lambda client: client.download(
        "03759ned", tmp_path / "t", select=None, filters=TWENTE_FILTER
    )


CALLS: dict[str, Callable[[CbsClient], object]] = {
    "table_info": lambda client: client.table_info("03759ned"),
    "metadata": lambda client: client.metadata("03759ned", "DataProperties"),
    "catalogue": lambda client: client.catalogue("Bevolking"),
}


@pytest.mark.parametrize(
    ("target", "call", "kind", "reason", "attempts", "words"),
    [
        # 404: not retried
        (
            "TypedDataSet",
            "download",
            "status404",
            "not_found",
            1,
            ["CBS has no table 03759ned at http://127.0.0.1:", "/03759ned/TypedDataSet"],
        ),
        (
            "DataProperties",
            "metadata",
            "status404",
            "not_found",
            1,
            ["CBS has no entity set DataProperties for table 03759ned"],
        ),
        # an HTML maintenance page with status 200: retried, then a plain "bad answer"
        ("TableInfos", "table_info", "html", "bad_answer", 3, ["03759ned TableInfos", "HTML"]),
        ("TypedDataSet", "download", "html", "bad_answer", 3, ["03759ned data page 1", "HTML"]),
        ("ODataCatalog", "catalogue", "html", "bad_answer", 3, ["catalogue", "HTML"]),
        # JSON without records: not retried (cbsodata used to raise KeyError from inside)
        ("TableInfos", "table_info", "empty", "bad_answer", 1, ["03759ned TableInfos", "'value'"]),
        ("DataProperties", "metadata", "empty", "bad_answer", 1, ["03759ned DataProperties"]),
        ("DataProperties", "download", "empty", "bad_answer", 1, ["03759ned DataProperties"]),
        ("03759ned/?", "download", "empty", "bad_answer", 1, ["03759ned entity sets", "'value'"]),
        ("TypedDataSet", "download", "empty", "bad_answer", 1, ["03759ned data page 1"]),
        ("ODataCatalog", "catalogue", "empty", "bad_answer", 1, ["catalogue", "'value'"]),
        # cut off mid-JSON: retried
        (
            "TypedDataSet",
            "download",
            "truncate",
            "bad_answer",
            3,
            ["03759ned data page 1", "after 3 attempts", "not complete JSON"],
        ),
        ("TableInfos", "table_info", "truncate", "bad_answer", 3, ["not complete JSON"]),
        # 5xx for good: retried, then unreachable
        (
            "TypedDataSet",
            "download",
            "status500",
            "unreachable",
            3,
            ["03759ned data page 1", "after 3 attempts", "HTTP 500"],
        ),
        ("TableInfos", "table_info", "status500", "unreachable", 3, ["03759ned TableInfos"]),
        # another 4xx: CBS refused the question; asking again would not help
        (
            "TypedDataSet",
            "download",
            "status400",
            "bad_answer",
            1,
            ["03759ned data page 1", "HTTP 400 (Bad Request)"],
        ),
    ],
)
def test_cbs010_each_bad_answer_is_a_cbs_error_with_its_reason(
    population, tmp_path, target, call, kind, reason, attempts, words
):
    fault = (
        {"kind": "status", "status": int(kind[6:])} if kind.startswith("status") else {"kind": kind}
    )
    population.add_fault(target, times=None, **fault)
    act = download_into(tmp_path) if call == "download" else CALLS[call]

    with pytest.raises(CbsError) as caught:
        act(client_for(population))

    assert caught.value.reason == reason
    for word in words:
        assert word in str(caught.value), (word, str(caught.value))
    assert "Traceback" not in str(caught.value)
    assert (
        sum(
            target in path + "?" + "&".join(f"{k}={v}" for k, v in params.items())
            for path, params in population.requests
        )
        == attempts
    )


def test_cbs011_unknown_table_is_not_found(population):
    with pytest.raises(
        CbsError,
        match=r"CBS has no table 99999ned at http://127\.0\.0\.1:\d+/"
        r"ODataFeed/odata/99999ned/TableInfos",
    ) as caught:
        client_for(population).table_info("99999ned")
    assert caught.value.reason == "not_found"
    assert len(population.requests) == 1


def test_cbs012_timeout_is_unreachable(population, tmp_path):
    population.add_fault("TypedDataSet", "delay", delay=5, times=None)
    with pytest.raises(
        CbsError,
        match=r"03759ned data page 1 .* after 2 attempts: the request "
        r"timed out",
    ) as caught:
        download_into(tmp_path)(client_for(population, timeout=0.3, retries=2))
    assert caught.value.reason == "unreachable"


def test_cbs013_no_server_is_unreachable():
    with pytest.raises(CbsError, match="03759ned TableInfos .* could not connect") as caught:
        client_for("http://127.0.0.1:9", retries=2).table_info("03759ned")
    assert caught.value.reason == "unreachable"


def test_cbs014_a_failed_download_leaves_no_data_file(population, tmp_path):
    population.add_fault("$skiptoken=3000", "status", status=500, times=None)
    with pytest.raises(CbsError):
        download_into(tmp_path)(client_for(population, retries=2))
    left = {p.name for p in (tmp_path / "t").iterdir()}
    assert "DataProperties.json" in left
    assert not {raw.DATA_FILE, raw.DATA_PARQUET} & left
    assert not [name for name in left if name.endswith(".part")]


def test_cbs016_a_failed_write_stops_the_page_fetcher(population, tmp_path, monkeypatch):
    written = []

    def write_page(self, records):
        if len(written) == 2:
            raise OSError("disk full")
        written.append(len(records))

    monkeypatch.setattr(raw.DataSetWriter, "write_page", write_page)
    with pytest.raises(OSError, match="disk full"):
        download_into(tmp_path)(client_for(population))
    deadline = time.monotonic() + 5
    while any(t.name == "cbs-page-fetcher" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the fetcher kept running"
        time.sleep(0.05)
    assert 3 <= population.data_page_requests() <= 5  # one page ahead, no more
    assert not (tmp_path / "t" / raw.DATA_FILE).exists()


def test_cbs015_metadata_and_catalogue_still_come_from_cbsodata(population, demo_tables):
    client = client_for(population)
    info = client.table_info("03759ned")
    assert info["Identifier"] == "03759ned"
    properties = client.metadata("03759ned", "DataProperties")
    assert properties == raw.read_json(demo_tables["03759ned"] / "DataProperties.json")
    assert [r["Identifier"] for r in client.catalogue("Bevolking")] == ["03759ned"]
    assert client.catalogue("no such title") == []


# --- memory: pages are written as they arrive --------------------------------------------


def peak_bytes(action: Callable[[], object]) -> int:
    """Peak of Python's and numpy's allocations (tracemalloc) plus Arrow's pool."""
    pool = pa.proxy_memory_pool(pa.default_memory_pool())
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    tracemalloc.start()
    try:
        action()
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(previous)
    return python_peak + pool.max_memory()


def regions_filter(codes: list[str]) -> str:
    return " or ".join(f"substringof('{code}',RegioS)" for code in codes)


def test_cbs020_streaming_memory_does_not_grow_with_the_table(population, tmp_path, monkeypatch):
    """Peak memory of a download of one municipality and of eight: with pages written as they
    arrive it is the same, and a fraction of the data; cbsodata's grows with the data."""
    population.page_size = 500
    monkeypatch.setattr(raw, "_ROW_GROUP_ROWS", 5_000)
    # the fake parses its table on the first request: not part of what is measured
    requests.get(
        f"{population.url}/ODataFeed/odata/03759ned/TypedDataSet",
        params={"$format": "json"},
        timeout=60,
    ).raise_for_status()

    def ours(codes: list[str], name: str) -> tuple[int, int]:
        folder = tmp_path / name
        peak = peak_bytes(
            lambda: client_for(population).download(
                "03759ned", folder, select=None, filters=regions_filter(codes)
            )
        )
        return peak, (folder / raw.DATA_FILE).stat().st_size

    small_peak, small_size = ours(["GM0164"], "one")
    large_peak, large_size = ours(
        ["GM0164", "GM0153", "GM0141", "GM0147", "GM0158", "GM0163", "GM0168", "GM0173"], "eight"
    )
    theirs = peak_bytes(
        lambda: cbsodata_download(
            population,
            "03759ned",
            tmp_path / "cbsodata",
            monkeypatch,
            filters=regions_filter(["GM0164"]),
        )
    )

    assert large_size > 7 * small_size
    assert theirs > small_size, "the measurement must see a table held in memory"
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    assert large_peak < large_size / 3, (large_peak, large_size)
