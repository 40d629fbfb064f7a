"""81734NED flows (issue 14): the download bounded by a server-side filter, through the real
cbsodata client against the fake feed (which evaluates the filter itself); the transform by
hand on a tiny table; 86223NED's youth counts by hand."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from support.etl_runs import run_etl

from etl import raw
from etl.cbs_client import MAX_QUERY_BYTES, CbsClient, CbsError
from etl.contract import FLOW_COLUMNS
from etl.demo import write_demo_tables
from etl.extract import extract_table, fetch_metadata, plan_query
from etl.metadata import MetadataError
from etl.raw import RawTable
from etl.sources import SOURCES_BY_ROLE, TWENTE_MUNICIPALITIES
from etl.transform.activity import activity_counts
from etl.transform.flows import flow_counts

FLOWS = SOURCES_BY_ROLE["flows"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    return write_demo_tables(tmp_path_factory.mktemp("demo"), "twente")


def _client(url: str) -> CbsClient:
    return CbsClient(url, timeout=20, retries=1, retry_wait=0)


def test_flw001_download_is_bounded_by_the_server_side_filter(demo, fake_cbs, tmp_path):
    server = fake_cbs({"81734NED": demo["81734NED"]}, page_size=5000)
    extracted = extract_table(
        _client(server.url), FLOWS, "81734NED", tmp_path / "raw", "twente", lambda _: None
    )
    data_requests = [
        params for path, params in server.requests if path.endswith("/81734NED/TypedDataSet")
    ]
    assert data_requests, "no data request reached the feed"
    sent = data_requests[0]["$filter"]
    for code in TWENTE_MUNICIPALITIES:  # each code on both sides, as CBS sends it
        assert f"RegioVanVertrek eq '{code}'" in sent
        assert f"RegioVanVestiging eq '{code}'" in sent
    assert sent.count(" or ") == 2 * len(TWENTE_MUNICIPALITIES) - 1
    # Only matching rows came back: exactly the source rows with a Twente municipality on
    # either side, counted here from the table the fake serves, and fewer than all of them.
    served = json.loads((demo["81734NED"] / "TypedDataSet.json").read_text())
    matching = [
        r
        for r in served
        if r["RegioVanVertrek"].strip() in TWENTE_MUNICIPALITIES
        or r["RegioVanVestiging"].strip() in TWENTE_MUNICIPALITIES
    ]
    table = raw.load_raw_table(extracted.folder)
    assert len(table.data) == len(matching) < len(served)
    either = table.data["RegioVanVertrek"].astype(str).str.strip().isin(
        list(TWENTE_MUNICIPALITIES)
    ) | table.data["RegioVanVestiging"].astype(str).str.strip().isin(list(TWENTE_MUNICIPALITIES))
    assert either.all()
    # The query string as sent, measured: within what a server accepts by default.
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in data_requests[0].items())
    assert len(query) <= MAX_QUERY_BYTES


def test_flw002_a_scope_too_large_to_list_is_refused_before_it_is_sent(demo, fake_cbs):
    server = fake_cbs({"81734NED": demo["81734NED"]})
    client = _client(server.url)
    meta = fetch_metadata(client, "81734NED")
    query = plan_query(FLOWS, meta, "twente")
    _, twente_filter = client.render_query(query)
    url = client.table_url("81734NED") + "/TypedDataSet"
    length = client.check_query_length(
        "81734NED", url, {"$format": "json", "$filter": twente_filter}
    )
    assert length < MAX_QUERY_BYTES  # Twente's 14 on both sides (see the report in docs)
    # Every municipality of the demo country listed one by one (what a scope of all 342
    # named municipalities would need) is far over the limit: a clear error, nothing sent.
    codes = meta.dimensions["RegioVanVertrek"]["Key"].tolist()
    every = " or ".join(f"RegioVanVertrek eq '{c}' or RegioVanVestiging eq '{c}'" for c in codes)
    before = len(server.requests)
    with pytest.raises(CbsError, match=r"81734NED: the server-side filter would make a query"):
        client.check_query_length("81734NED", url, {"$format": "json", "$filter": every})
    assert len(server.requests) == before
    # scope nl asks for every municipality by prefix: short whatever the number of them
    _, nl_filter = client.render_query(plan_query(FLOWS, meta, "nl"))
    assert nl_filter == "(substringof('GM',RegioVanVertrek) or substringof('GM',RegioVanVestiging))"


def _table(table_id: str, dims: dict[str, list[tuple]], topic: tuple, rows: list[dict]) -> RawTable:
    """A tiny RawTable: dims are (Key, Title) members (the time dimension's with Status);
    the first two region-like dims are GeoDimensions, Perioden the TimeDimension."""
    properties, frames = [], {}
    titles = {
        "RegioVanVertrek": "Regio van vertrek",
        "RegioVanVestiging": "Regio van vestiging",
        "Onderwijsvolgend": "Onderwijsvolgend",
        "Arbeidskenmerken": "Arbeidskenmerken",
        "RegioS": "Regio's",
        "Perioden": "Perioden",
    }
    for key, members in dims.items():
        kind = (
            "TimeDimension"
            if key == "Perioden"
            else "GeoDimension"
            if key.startswith("Regio")
            else "Dimension"
        )
        properties.append({"Type": kind, "Key": key, "Title": titles.get(key, key)})
        columns = ["Key", "Title", "Status"] if key == "Perioden" else ["Key", "Title"]
        frames[key] = pd.DataFrame([m[: len(columns)] for m in members], columns=columns)
        frames[key]["Key"] = frames[key]["Key"].str.strip()
    properties.append({"Type": "Topic", "Key": topic[0], "Title": topic[1], "Unit": "aantal"})
    data = pd.DataFrame(rows)
    for key in dims:
        data[key] = data[key].astype("category")
    return RawTable(table_id, Path("."), {"Identifier": table_id}, properties, frames, data)


REGIONS = [
    ("GM0164    ", "Hengelo (O.)"),
    ("GM0153    ", "Enschede"),
    ("GM0160    ", "Hardenberg (until 2021, merged)"),
    ("NL01      ", "Nederland"),
]
PERIODS = [("2021JJ00", "2021", "Definitief"), ("2022JJ00", "2022", "Voorlopig")]
TOPIC = ("TussenGemeentenVerhuisdePersonen_1", "Tussen gemeenten verhuisde personen")


def _flow(origin: str, destination: str, period: str, persons: int | None) -> dict:
    return {
        "RegioVanVertrek": origin,
        "RegioVanVestiging": destination,
        "Perioden": period,
        TOPIC[0]: persons,
    }


def test_flw003_flows_by_hand_codes_stripped_status_merged_partner_kept():
    table = _table(
        "81734NED",
        {"RegioVanVertrek": REGIONS, "RegioVanVestiging": REGIONS, "Perioden": PERIODS},
        TOPIC,
        [
            _flow("GM0164    ", "GM0153    ", "2021JJ00", 1200),
            _flow("GM0153    ", "GM0164    ", "2022JJ00", 1100),
            _flow("GM0160    ", "GM0164    ", "2021JJ00", 15),  # a partner since merged
            _flow("GM0164    ", "GM0160    ", "2022JJ00", 0),  # nobody: no row
            _flow("GM0164    ", "NL01      ", "2022JJ00", 5000),  # not a municipality
            _flow("GM0153    ", "GM0160    ", "2022JJ00", None),  # no figure: no row
        ],
    )
    flows = flow_counts(table)
    assert list(flows.columns) == list(FLOW_COLUMNS)
    # Each side named as the table's own metadata titles its code (the merged one too).
    assert [tuple(r) for r in flows.itertuples(index=False)] == [
        ("GM0153", "Enschede", "GM0164", "Hengelo (O.)", 2022, 1100, "voorlopig", "81734NED"),
        (
            "GM0160",
            "Hardenberg (until 2021, merged)",
            "GM0164",
            "Hengelo (O.)",
            2021,
            15,
            "definitief",
            "81734NED",
        ),
        ("GM0164", "Hengelo (O.)", "GM0153", "Enschede", 2021, 1200, "definitief", "81734NED"),
    ]
    assert str(flows["persons"].dtype) == "int64" and str(flows["year"].dtype) == "int64"


def test_flw004_a_retitled_origin_dimension_names_what_it_has():
    table = _table(
        "81734NED",
        {"RegioVanHerkomst": REGIONS, "RegioVanVestiging": REGIONS, "Perioden": PERIODS},
        TOPIC,
        [
            {
                "RegioVanHerkomst": "GM0164    ",
                "RegioVanVestiging": "GM0153    ",
                "Perioden": "2021JJ00",
                TOPIC[0]: 3,
            }
        ],
    )
    with pytest.raises(MetadataError, match=r"81734NED: no dimension RegioVanVertrek"):
        flow_counts(table)


EDUCATION = [("T1", "Totaal"), ("E1", "Onderwijsvolgend"), ("E2", "Niet-onderwijsvolgend")]
WORK = [("T2", "Totaal"), ("W1", "Werkzaam"), ("W2", "Niet-werkzaam")]
YOUTH = ("Jongeren_1", "Jongeren (15 tot 27 jaar)")


def test_flw005_youth_at_work_and_study_by_hand():
    # Hengelo 2023: 1000 young people; 600 in education of whom 350 work; 400 not in
    # education of whom 340 work and 60 neither. Working = 350 + 340 = 690.
    cells = {
        ("T1", "T2"): 1000,
        ("T1", "W1"): 690,
        ("T1", "W2"): 310,
        ("E1", "T2"): 600,
        ("E1", "W1"): 350,
        ("E1", "W2"): 250,
        ("E2", "T2"): 400,
        ("E2", "W1"): 340,
        ("E2", "W2"): 60,
    }
    table = _table(
        "86223NED",
        {
            "Onderwijsvolgend": EDUCATION,
            "Arbeidskenmerken": WORK,
            "RegioS": [("GM0164", "Hengelo (O.)")],
            "Perioden": [("2023JJ00", "2023", "Voorlopig")],
        },
        YOUTH,
        [
            {
                "Onderwijsvolgend": e,
                "Arbeidskenmerken": w,
                "RegioS": "GM0164",
                "Perioden": "2023JJ00",
                YOUTH[0]: n,
            }
            for (e, w), n in cells.items()
        ],
    )
    counts = activity_counts(table)
    assert [tuple(r) for r in counts.itertuples(index=False)] == [
        ("GM0164", 2023, 1000.0, 690.0, 600.0, 60.0, "voorlopig", "86223NED")
    ]
    # shares: working 69.0 %, in education 60.0 %, NEET 6.0 % (indicators.toml formulas)
    renamed = table.dimensions["Arbeidskenmerken"].replace({"Werkzaam": "Met werk"})
    table.dimensions["Arbeidskenmerken"] = renamed
    with pytest.raises(MetadataError, match=r"86223NED: dimension Arbeidskenmerken has no member"):
        activity_counts(table)


def test_flw006_flows_not_refreshed_are_kept_from_the_last_store_and_named(
    demo, fake_cbs, tmp_path
):
    # A first refresh publishes flows.parquet; in the second, 81734NED answers HTTP 500 on
    # every try: the store is still published (81734NED is not core), its flows are the
    # last store's, unchanged, and the manifest says it was kept and why.
    server = fake_cbs(demo, page_size=20000)
    dead_pdok = "http://127.0.0.1:9/{year}"
    data_dir = tmp_path / "data"
    code, out = run_etl(data_dir, "refresh", "--cbs-url", server.url, "--pdok-url", dead_pdok)
    assert code == 0, out
    first = pd.read_parquet(data_dir / "store" / "flows.parquet")
    first_vintage = json.loads((data_dir / "store" / "manifest.json").read_text())["vintage"]
    assert len(first) > 0
    # a new Modified for 81734NED only, so the raw cache does not serve it again
    info_path = demo["81734NED"] / "TableInfos.json"
    saved = info_path.read_text()
    info = json.loads(saved)
    info[0]["Modified"] = "2026-01-01T02:00:00"
    try:
        info_path.write_text(json.dumps(info, indent=2))
        again = fake_cbs(demo, page_size=20000)
        again.add_fault("81734NED/TypedDataSet", "status", status=500, times=None)
        code, out = run_etl(data_dir, "refresh", "--cbs-url", again.url, "--pdok-url", dead_pdok)
    finally:
        info_path.write_text(saved)
    assert code == 3, out  # published, with a table kept
    manifest = json.loads((data_dir / "store" / "manifest.json").read_text())
    entry = manifest["tables"]["81734NED"]
    assert entry["outcome"] == "kept" and entry["kept_from"] == first_vintage
    assert entry["problem_kind"] == "unreachable" and "81734NED" in entry["problem"]
    assert manifest["tables"]["03759ned"]["outcome"] == "fresh"
    pd.testing.assert_frame_equal(pd.read_parquet(data_dir / "store" / "flows.parquet"), first)
