"""Tests of the fake CBS feed, driven through the real cbsodata client.

Why: the ETL's offline tests are only as good as this fake; these tests show that cbsodata
1.3.5 gets what it expects (entity-set list, nextLink paging, filters, catalogue) and that each
injected fault reaches the caller as the error the ETL has to handle.
"""

import json
import time
from pathlib import Path

import cbsodata
import pytest
import requests
from support.fakecbs import FakeCBS, FilterError, compile_filter, copy_table_with_renamed_topic

SNAPSHOT = Path(__file__).resolve().parents[1].parent / "shared" / "cbs-snapshot" / "37259ned"
HENGELO = "substringof('GM0164', RegioS) and Geslacht eq 'T001038'"


@pytest.fixture(scope="module")
def source_rows() -> list[dict]:
    if not (SNAPSHOT / "TypedDataSet.json").is_file():
        pytest.skip(f"CBS snapshot not found at {SNAPSHOT} (the shared folder next to the repo)")
    return json.loads((SNAPSHOT / "TypedDataSet.json").read_text(encoding="utf-8"))


@pytest.fixture
def http_cbsodata(monkeypatch):
    """cbsodata talks plain http to the fake; the option is restored afterwards."""
    monkeypatch.setattr(cbsodata.options, "use_https", False)


@pytest.fixture
def cbs(fake_cbs, source_rows, http_cbsodata) -> FakeCBS:
    return fake_cbs({"37259ned": SNAPSHOT})


def download(server: FakeCBS, tmp_path: Path, table: str = "37259ned", **kw) -> dict:
    return cbsodata.download_data(table, dir=str(tmp_path), catalog_url=server.catalog_url, **kw)


# -- data through cbsodata


def test_substringof_filter_gives_hengelo(cbs, tmp_path):
    data = download(cbs, tmp_path, filters=HENGELO)

    rows = data["TypedDataSet"]
    assert len(rows) == 12
    assert {(r["RegioS"], r["Geslacht"]) for r in rows} == {("GM0164", "T001038")}
    assert sorted(r["Perioden"] for r in rows) == [f"{y}JJ00" for y in range(2012, 2024)]
    written = {p.stem for p in tmp_path.glob("*.json")}
    metadata = {"TableInfos", "DataProperties", "CategoryGroups", "TypedDataSet"}
    assert written == metadata | {"Geslacht", "RegioS", "Perioden"}
    assert json.loads((tmp_path / "TypedDataSet.json").read_text()) == rows


def test_padded_keys_with_or_and_parentheses(cbs, tmp_path, source_rows):
    wanted = "(RegioS eq 'NL01  ' or RegioS eq 'CR12  ') and Perioden eq '2023JJ00'"
    rows = download(cbs, tmp_path, filters=wanted)["TypedDataSet"]

    expected = [
        r
        for r in source_rows
        if r["RegioS"] in ("NL01  ", "CR12  ") and r["Perioden"] == "2023JJ00"
    ]
    assert rows == expected
    assert {r["RegioS"] for r in rows} == {"NL01  ", "CR12  "}
    # eq is exact, as on CBS: an unpadded key matches nothing
    assert download(cbs, tmp_path, filters="RegioS eq 'NL01'")["TypedDataSet"] == []


def test_select_limits_fields(cbs, tmp_path):
    fields = ["RegioS", "Perioden", "BevolkingOp1Januari_1"]
    rows = download(cbs, tmp_path, filters=HENGELO, select=fields)["TypedDataSet"]

    assert len(rows) == 12
    assert all(list(r) == fields for r in rows)


def test_paging_returns_every_row(fake_cbs, source_rows, http_cbsodata, tmp_path):
    server = fake_cbs({"37259ned": SNAPSHOT}, page_size=1000)
    download(server, tmp_path)

    assert json.loads((tmp_path / "TypedDataSet.json").read_text()) == source_rows
    assert len(source_rows) == 15630
    assert server.data_page_requests() == 16
    assert server.data_page_requests("37259NED") == 16
    assert server.data_page_requests("84547NED") == 0


def test_next_link_keeps_filter_and_select(fake_cbs, source_rows, http_cbsodata, tmp_path):
    server = fake_cbs({"37259ned": SNAPSHOT}, page_size=5)
    rows = download(server, tmp_path, filters=HENGELO, select="ID,RegioS")["TypedDataSet"]

    assert len(rows) == 12 and {r["RegioS"] for r in rows} == {"GM0164"}
    assert all(list(r) == ["ID", "RegioS"] for r in rows)
    pages = [p for p in server.requests if p[0].endswith("/TypedDataSet")]
    assert [p[1].get("$skiptoken") for p in pages] == [None, "5", "10"]
    assert all(p[1]["$filter"] == HENGELO for p in pages)


def test_table_id_is_case_insensitive_and_log_lists_requests(cbs, tmp_path):
    download(cbs, tmp_path, table="37259NED", filters=HENGELO)

    paths = [path for path, _ in cbs.requests]
    assert paths[0] == "/ODataFeed/odata/37259NED/"
    assert "/ODataFeed/odata/37259NED/TableInfos" in paths
    assert "/ODataFeed/odata/37259NED/UntypedDataSet" not in paths
    assert cbs.data_page_requests("37259ned") == 1
    cbs.reset_log()
    assert cbs.requests == [] and cbs.data_page_requests() == 0


def test_typed_true_downloads_untyped_strings(cbs, tmp_path):
    # cbsodata 1.3.5 inverts the flag: typed=True fetches UntypedDataSet
    rows = download(cbs, tmp_path, typed=True, filters=HENGELO)["UntypedDataSet"]

    assert len(rows) == 12
    assert all(isinstance(v, str) for r in rows for v in r.values() if v is not None)


def test_odataapi_path_and_json_errors(cbs):
    api = f"{cbs.url}/ODataApi/odata/37259ned"
    info = requests.get(f"{api}/TableInfos", params={"$format": "json"}, timeout=10).json()
    assert info["value"][0]["Identifier"] == "37259ned"

    for url in (f"{cbs.url}/ODataFeed/odata/99999ned/", f"{api}/NoSuchSet"):
        response = requests.get(url, params={"$format": "json"}, timeout=10)
        assert response.status_code == 404
        assert response.json()["odata.error"]["message"]["value"]


def test_unknown_table_is_http_error(cbs, tmp_path):
    with pytest.raises(requests.HTTPError, match="404"):
        download(cbs, tmp_path, table="99999ned")


@pytest.mark.parametrize(
    "kw",
    [
        {"filters": "RegioS EQ 'GM0164'"},
        {"filters": "substringof('GM0164', RegioS"},
        {"filters": "NoSuchField eq 1"},
        {"filters": "RegioS gt 5"},
        {"select": "RegioS,NoSuchField"},
    ],
)
def test_bad_query_is_http_400(cbs, tmp_path, kw):
    with pytest.raises(requests.HTTPError, match="400"):
        download(cbs, tmp_path, **kw)


def test_catalogue_filter_and_select(fake_cbs, source_rows, http_cbsodata):
    labour = {
        "Identifier": "86008NED",
        "Title": "Arbeidsdeelname; gemeenten",
        "ShortTitle": "Arbeidsdeelname; gemeenten",
        "Modified": "2024-03-01T02:00:00",
        "OutputStatus": "Regulier",
    }
    server = fake_cbs({"37259ned": SNAPSHOT}, catalog_extra=[labour])

    every = cbsodata.get_table_list(catalog_url=server.catalog_url)
    assert [t["Identifier"] for t in every] == ["37259ned", "86008NED"]
    assert every[0]["Period"] == "2012-2023" and every[0]["Language"] == "nl"
    found = cbsodata.get_table_list(
        catalog_url=server.catalog_url,
        filters="startswith(Title, 'Arbeidsdeelname') and OutputStatus eq 'Regulier'",
        select=["Identifier", "Modified"],
    )
    assert found == [{"Identifier": "86008NED", "Modified": "2024-03-01T02:00:00"}]


# -- faults


def test_status_fault_once_then_forever(cbs, tmp_path):
    cbs.add_fault("TypedDataSet", "status", status=503)
    with pytest.raises(requests.HTTPError, match="503"):
        download(cbs, tmp_path, filters=HENGELO)
    assert len(download(cbs, tmp_path, filters=HENGELO)["TypedDataSet"]) == 12

    cbs.add_fault("DataProperties", "status", times=None)
    for _ in range(2):
        with pytest.raises(requests.HTTPError, match="500"):
            download(cbs, tmp_path, filters=HENGELO)
    cbs.clear_faults()
    assert len(download(cbs, tmp_path, filters=HENGELO)["TypedDataSet"]) == 12


def test_fault_on_a_later_page(fake_cbs, source_rows, http_cbsodata, tmp_path):
    server = fake_cbs({"37259ned": SNAPSHOT}, page_size=5)
    server.add_fault("$skiptoken=10", "status")
    with pytest.raises(requests.HTTPError, match="500"):
        download(server, tmp_path, filters=HENGELO)
    assert server.data_page_requests() == 3


def test_delay_fault_times_out_and_does_not_hang_stop(cbs, tmp_path):
    cbs.add_fault("TypedDataSet", "delay", delay=60)
    with pytest.raises(requests.exceptions.Timeout):
        download(cbs, tmp_path, filters=HENGELO, timeout=0.5)

    started = time.monotonic()
    cbs.stop()
    assert time.monotonic() - started < 2


def test_truncate_fault_is_a_json_error(cbs, tmp_path):
    cbs.add_fault("TypedDataSet", "truncate")
    with pytest.raises(json.JSONDecodeError):
        download(cbs, tmp_path, filters=HENGELO)


def test_html_fault_is_a_maintenance_page_with_status_200(cbs):
    cbs.add_fault("TableInfos", "html")
    page = requests.get(
        f"{cbs.url}/ODataFeed/odata/37259ned/TableInfos", params={"$format": "json"}, timeout=10
    )
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.text.startswith("<!DOCTYPE html>") and "</html>" in page.text

    cbs.add_fault("TableInfos", "html")
    with pytest.raises(json.JSONDecodeError) as caught:  # what cbsodata makes of it
        cbsodata.get_info("37259ned", catalog_url=cbs.catalog_url)
    assert caught.value.doc.startswith("<!DOCTYPE html>")
    assert cbsodata.get_info("37259ned", catalog_url=cbs.catalog_url)["Identifier"] == "37259ned"


def test_empty_fault_is_json_without_value(cbs, tmp_path):
    cbs.add_fault("DataProperties", "empty", times=2)
    answer = requests.get(
        f"{cbs.url}/ODataFeed/odata/37259ned/DataProperties", params={"$format": "json"}, timeout=10
    )
    assert answer.status_code == 200 and answer.json() == {}
    with pytest.raises(KeyError, match="value"):  # cbsodata reads res["value"] unchecked
        cbsodata.get_meta("37259ned", "DataProperties", catalog_url=cbs.catalog_url)
    assert cbsodata.get_meta("37259ned", "DataProperties", catalog_url=cbs.catalog_url)

    cbs.add_fault("ODataCatalog", "empty")
    with pytest.raises(KeyError, match="value"):
        cbsodata.get_table_list(catalog_url=cbs.catalog_url)


def test_a_filter_is_evaluated_once_for_all_its_pages(
    fake_cbs, source_rows, http_cbsodata, tmp_path, monkeypatch
):
    import support.fakecbs.server as server_module  # noqa: PLC0415

    compiled: list[str] = []
    compile_filter_once = server_module.compile_filter
    monkeypatch.setattr(
        server_module,
        "compile_filter",
        lambda text: compiled.append(text) or compile_filter_once(text),
    )
    server = fake_cbs({"37259ned": SNAPSHOT}, page_size=5)
    for _ in range(2):
        rows = download(server, tmp_path, filters=HENGELO)["TypedDataSet"]
        assert len(rows) == 12
    assert server.data_page_requests() == 6
    assert compiled == [HENGELO]


def test_unknown_fault_kind_is_rejected(cbs):
    with pytest.raises(ValueError, match="unknown fault kind"):
        cbs.add_fault("TypedDataSet", "rename_topic")


def test_renamed_topic_copy(fake_cbs, source_rows, http_cbsodata, tmp_path):
    renamed = copy_table_with_renamed_topic(
        SNAPSHOT, tmp_path / "src", "Overledenen_5", "Overledenen_6"
    )
    server = fake_cbs({"37259ned": renamed})
    data = download(server, tmp_path / "out", filters=HENGELO)

    keys = [p["Key"] for p in data["DataProperties"]]
    assert "Overledenen_6" in keys and "Overledenen_5" not in keys
    assert all("Overledenen_6" in r and "Overledenen_5" not in r for r in data["TypedDataSet"])
    with pytest.raises(KeyError):
        copy_table_with_renamed_topic(SNAPSHOT, tmp_path / "x", "RegioS", "Regio")


# -- the $filter parser


ROW = {"RegioS": "GM0164", "Geslacht": "3000", "Title": "it's", "N": 10, "Empty": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RegioS eq 'GM0164'", True),
        ("RegioS ne 'GM0164'", False),
        ("N gt 9 and N ge 10 and N lt 11 and N le 10", True),
        ("N gt 9.5", True),
        ("N eq -10", False),
        ("substringof('0164', RegioS)", True),
        ("substringof('GM0164  ', RegioS)", False),
        ("startswith(RegioS, 'GM')", True),
        ("startswith(RegioS, 'CR')", False),
        # `and` binds tighter than `or`; parentheses override
        ("RegioS eq 'x' and Geslacht eq 'x' or N eq 10", True),
        ("RegioS eq 'x' and (Geslacht eq 'x' or N eq 10)", False),
        ("N eq 10 or RegioS eq 'x' and Geslacht eq 'x'", True),
        ("(N eq 10 or RegioS eq 'x') and Geslacht eq 'x'", False),
        ("not (RegioS eq 'x')", True),
        ("not substringof('GM', RegioS)", False),
        ("not not startswith(RegioS, 'GM')", True),
        ("Title eq 'it''s'", True),
        ("Title eq 'its'", False),
        ("Empty eq 'x'", False),
        ("Empty gt 1", False),
        ("substringof('x', Empty)", False),
        ("Missing eq 'x'", False),
    ],
)
def test_filter_evaluates(text, expected):
    assert compile_filter(text)(ROW) is expected


def test_filter_reports_fields():
    assert compile_filter(HENGELO).fields == {"RegioS", "Geslacht"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "RegioS",
        "RegioS eq",
        "RegioS EQ 'GM0164'",
        "RegioS eq 'GM0164' AND N eq 1",
        "(RegioS eq 'GM0164'",
        "RegioS eq 'GM0164')",
        "RegioS eq 'GM0164",
        "RegioS eq 'GM0164' and",
        "N eq 1 eq 1",
        "not RegioS eq 'GM0164'",
        "substringof('GM')",
        "substringof('GM', RegioS eq 'x')",
        "endswith(RegioS, '64')",
        'RegioS eq "GM0164"',
        "N eq 1 N eq 2",
    ],
)
def test_malformed_filter_is_rejected(text):
    with pytest.raises(FilterError):
        compile_filter(text)


def test_type_mismatch_is_rejected_when_evaluated():
    with pytest.raises(FilterError):
        compile_filter("RegioS gt 5")(ROW)
    with pytest.raises(FilterError):
        compile_filter("substringof('1', N)")(ROW)
