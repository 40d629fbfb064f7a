"""Server-side queries built from a table's metadata, and which faults are worth a retry."""

import json

import pandas as pd
import pytest
import requests

from etl.cbs_client import is_transient
from etl.extract import TableMeta, build_query
from etl.metadata import MetadataError
from etl.sources import SOURCES_BY_ROLE, TWENTE_MUNICIPALITIES

PROPERTIES = [
    {"Type": "Dimension", "Key": "Geslacht", "Title": "Geslacht"},
    {"Type": "Dimension", "Key": "Leeftijd31December", "Title": "Leeftijd op 31 december"},
    {"Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
    {"Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    {
        "Type": "Topic",
        "Key": "BinnenGemeentenVerhuisdePersonen_1",
        "Title": "Binnen gemeenten verhuisde personen",
    },
    {"Type": "Topic", "Key": "GevestigdInDeGemeente_2", "Title": "Gevestigd in de gemeente"},
    {"Type": "Topic", "Key": "VertrokkenUitDeGemeente_3", "Title": "Vertrokken uit de gemeente"},
]
TITLES = {
    "Geslacht": ["Totaal mannen en vrouwen", "Mannen", "Vrouwen"],
    "Leeftijd31December": ["Totaal", "0 tot 5 jaar"],
    "Perioden": ["2023", "2023 januari"],
}


def meta(regions, properties=PROPERTIES, sex_keys=("T001038", "3000", "4000")) -> TableMeta:
    raw_keys = {
        "Geslacht": list(sex_keys),
        "Leeftijd31December": ["10000", "70100"],
        "RegioS": [f"{code:<6}" for code in regions],
        "Perioden": ["2023JJ00", "2023MM01"],
    }
    frames = {
        key: pd.DataFrame(
            {"Key": [k.strip() for k in keys], "Title": TITLES.get(key, [k.strip() for k in keys])}
        )
        for key, keys in raw_keys.items()
    }
    return TableMeta("84547NED", properties, frames, raw_keys)


def test_ext001_twente_query_filters_regions_totals_and_years():
    select, filters = build_query(
        SOURCES_BY_ROLE["domestic_moves"], meta([*TWENTE_MUNICIPALITIES, "CR12", "NL01"]), "twente"
    )
    assert select == [
        "Geslacht",
        "Leeftijd31December",
        "RegioS",
        "Perioden",
        "GevestigdInDeGemeente_2",
        "VertrokkenUitDeGemeente_3",
    ]
    assert "Geslacht eq 'T001038'" in filters
    assert "substringof('GM0164',RegioS)" in filters and "substringof('CR12',RegioS)" in filters
    assert "substringof('JJ',Perioden)" in filters
    assert "Leeftijd31December" not in filters  # every age class is kept


def test_ext002_nl_query_takes_every_municipality_by_prefix():
    _, filters = build_query(
        SOURCES_BY_ROLE["domestic_moves"], meta([*TWENTE_MUNICIPALITIES, "GM0363"]), "nl"
    )
    assert "substringof('GM',RegioS)" in filters and "substringof('PV',RegioS)" in filters


def test_ext003_missing_municipality_names_table_and_region():
    with pytest.raises(MetadataError, match=r"84547NED.*GM1774"):
        build_query(
            SOURCES_BY_ROLE["domestic_moves"],
            meta([c for c in TWENTE_MUNICIPALITIES if c != "GM1774"]),
            "twente",
        )


def test_ext004_retitled_topic_names_table_prefix_and_title():
    retitled = [
        p if p["Key"] != "GevestigdInDeGemeente_2" else {**p, "Title": "Vestiging"}
        for p in PROPERTIES
    ]
    with pytest.raises(
        MetadataError, match=r"84547NED.*GevestigdInDeGemeente.*'Gevestigd in de gemeente'"
    ):
        build_query(
            SOURCES_BY_ROLE["domestic_moves"], meta(TWENTE_MUNICIPALITIES, retitled), "twente"
        )


def test_ext006_the_total_is_found_by_title_and_sent_with_cbs_padding():
    table = meta(TWENTE_MUNICIPALITIES, sex_keys=("1100  ", "3000", "4000"))
    _, filters = build_query(SOURCES_BY_ROLE["domestic_moves"], table, "twente")
    assert "Geslacht eq '1100  '" in filters  # the key exactly as CBS sent it


def http_error(status):
    response = requests.Response()
    response.status_code = status
    cause = requests.HTTPError(response=response)
    wrapped = requests.HTTPError("Downloading table failed")  # as cbsodata re-raises it
    wrapped.__cause__ = cause
    return wrapped


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (requests.ConnectionError(), True),
        (requests.Timeout(), True),
        (json.JSONDecodeError("Unterminated string", "{", 1), True),
        (http_error(500), True),
        (http_error(503), True),
        (http_error(404), False),
        (http_error(400), False),
        (ValueError("other"), False),
    ],
)
def test_ext005_only_transient_faults_are_retried(exc, transient):
    assert is_transient(exc) is transient
