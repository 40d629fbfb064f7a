"""Server-side queries built from a table's metadata, and which faults are worth a retry."""

import json

import pandas as pd
import pytest
import requests

from etl.cbs_client import is_transient
from etl.extract import build_query
from etl.metadata import MetadataError
from etl.sources import SOURCES_BY_ROLE, TWENTE_MUNICIPALITIES

PROPERTIES = [
    {"Type": "Dimension", "Key": "Geslacht"},
    {"Type": "Dimension", "Key": "Leeftijd31December"},
    {"Type": "GeoDimension", "Key": "RegioS"},
    {"Type": "TimeDimension", "Key": "Perioden"},
    {"Type": "Topic", "Key": "BinnenGemeentenVerhuisdePersonen_1"},
    {"Type": "Topic", "Key": "GevestigdInDeGemeente_2"},
    {"Type": "Topic", "Key": "VertrokkenUitDeGemeente_3"},
]


def entities(regions):
    raw_keys = {
        "Geslacht": ["T001038", "3000", "4000"],
        "Leeftijd31December": ["10000", "70100"],
        "RegioS": [f"{code:<6}" for code in regions],
        "Perioden": ["2023JJ00", "2023MM01"],
    }
    frames = {key: pd.DataFrame({"Key": [k.strip() for k in keys],
                                 "Title": ["Totaal mannen en vrouwen", "Mannen", "Vrouwen"][
                                     :len(keys)] if key == "Geslacht" else keys})
              for key, keys in raw_keys.items()}
    return frames, raw_keys


def test_ext001_twente_query_filters_regions_totals_and_years():
    frames, raw_keys = entities([*TWENTE_MUNICIPALITIES, "CR12", "NL01"])
    select, filters = build_query(SOURCES_BY_ROLE["domestic_moves"], "84547NED", PROPERTIES,
                                  frames, raw_keys, "twente")
    assert select == ["Geslacht", "Leeftijd31December", "RegioS", "Perioden",
                      "GevestigdInDeGemeente_2", "VertrokkenUitDeGemeente_3"]
    assert "Geslacht eq 'T001038'" in filters
    assert "substringof('GM0164',RegioS)" in filters and "substringof('CR12',RegioS)" in filters
    assert "substringof('JJ',Perioden)" in filters
    assert "Leeftijd31December" not in filters  # every age class is kept


def test_ext002_nl_query_takes_every_municipality_by_prefix():
    frames, raw_keys = entities([*TWENTE_MUNICIPALITIES, "GM0363"])
    _, filters = build_query(SOURCES_BY_ROLE["domestic_moves"], "84547NED", PROPERTIES,
                             frames, raw_keys, "nl")
    assert "substringof('GM',RegioS)" in filters and "substringof('PV',RegioS)" in filters


def test_ext003_missing_municipality_names_table_and_region():
    frames, raw_keys = entities([c for c in TWENTE_MUNICIPALITIES if c != "GM1774"])
    with pytest.raises(MetadataError, match=r"84547NED.*GM1774"):
        build_query(SOURCES_BY_ROLE["domestic_moves"], "84547NED", PROPERTIES, frames,
                    raw_keys, "twente")


def test_ext004_renamed_topic_names_table_and_prefix():
    frames, raw_keys = entities(list(TWENTE_MUNICIPALITIES))
    renamed = [p if p["Key"] != "GevestigdInDeGemeente_2" else {**p, "Key": "Gevestigd_2"}
               for p in PROPERTIES]
    with pytest.raises(MetadataError, match=r"84547NED.*GevestigdInDeGemeente"):
        build_query(SOURCES_BY_ROLE["domestic_moves"], "84547NED", renamed, frames, raw_keys,
                    "twente")


def http_error(status):
    response = requests.Response()
    response.status_code = status
    cause = requests.HTTPError(response=response)
    wrapped = requests.HTTPError("Downloading table failed")  # as cbsodata re-raises it
    wrapped.__cause__ = cause
    return wrapped


@pytest.mark.parametrize(("exc", "transient"), [
    (requests.ConnectionError(), True),
    (requests.Timeout(), True),
    (json.JSONDecodeError("Unterminated string", "{", 1), True),
    (http_error(500), True),
    (http_error(503), True),
    (http_error(404), False),
    (http_error(400), False),
    (ValueError("other"), False),
])
def test_ext005_only_transient_faults_are_retried(exc, transient):
    assert is_transient(exc) is transient
