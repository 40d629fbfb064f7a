"""Gebieden in Nederland + a RegioS entity -> the regions table (names, level, membership)."""

from __future__ import annotations

import re

import pandas as pd

from etl.metadata import MetadataError
from etl.raw import RawTable
from etl.transform.common import region_dimension

TWENTE = "CR12"
LEVEL_BY_PREFIX = {"GM": "gemeente", "CR": "corop", "PV": "provincie", "LD": "landsdeel",
                   "NL": "land"}
CBS_SUFFIX = re.compile(r"\s*\((?:GM|CR|PV|LD|NL)\)\s*$")  # 'Twente (CR)'; not 'Hengelo (O.)'
COLUMNS = ["region_code", "name", "level", "corop_code", "province_code", "in_twente"]


def clean_name(title: str) -> str:
    return CBS_SUFFIX.sub("", str(title)).strip()


def group_topic(t: RawTable, group_word: str, key_prefix: str) -> str:
    """The topic ``key_prefix…`` directly under the topic group whose title holds
    ``group_word``. Of several such groups ('COROP-gebieden', 'COROP-subgebieden') the one
    with the shortest title is the plain one."""
    groups = [p for p in t.properties if p.get("Type") == "TopicGroup"
              and group_word.lower() in str(p.get("Title", "")).lower()]
    if not groups:
        raise MetadataError(t.table_id, f"topic group titled '{group_word}'")
    group = min(groups, key=lambda p: len(str(p["Title"])))
    topics = [p["Key"] for p in t.properties if p.get("Type") == "Topic"
              and p.get("ParentID") == group["ID"] and str(p["Key"]).startswith(key_prefix)]
    if len(topics) != 1:
        raise MetadataError(t.table_id, f"topic '{key_prefix}*' in group '{group['Title']}' "
                            f"(found: {', '.join(topics) or 'none'})")
    return topics[0]


def regions(gebieden: RawTable, region_titles: pd.DataFrame) -> pd.DataFrame:
    """Municipalities with their COROP area and province, plus the areas themselves.

    ``region_titles`` is a RegioS entity (``Key``, ``Title``) of another table, which names
    the COROP areas, provinces, landsdelen and the Netherlands. Columns: region_code, name,
    level ('gemeente'/'corop'/'provincie'/'landsdeel'/'land'), corop_code, province_code
    (nullable str), in_twente (bool). An area's province_code is its members' province when
    they share one.
    """
    municipality = group_topic(gebieden, "Gemeenten", "Code_")
    corop = group_topic(gebieden, "COROP", "Code_")
    province = group_topic(gebieden, "Provincie", "Code_")
    try:
        municipality_name: str | None = group_topic(gebieden, "Gemeenten", "Naam_")
    except MetadataError:
        municipality_name = None

    titles = pd.Series(region_titles["Title"].astype(str).to_numpy(),
                       index=region_titles["Key"].astype(str).str.strip())
    titles = titles[~titles.index.duplicated()]
    data = gebieden.data
    codes = data[municipality] if municipality in data else data[region_dimension(gebieden)]
    gm = pd.DataFrame({
        "region_code": codes.astype(str).str.strip().to_numpy(),
        "corop_code": data[corop].astype(str).str.strip().to_numpy(),
        "province_code": data[province].astype(str).str.strip().to_numpy(),
    })
    by_title = gm["region_code"].map(titles)
    if municipality_name is not None:
        gm["name"] = data[municipality_name].astype(str).str.strip().to_numpy()
        gm["name"] = gm["name"].where(gm["name"] != "", by_title)
    else:
        gm["name"] = by_title
    gm = gm.drop_duplicates("region_code")

    areas = titles[titles.index.str[:2].isin(["CR", "PV", "LD", "NL"])]
    province_of_corop = (gm.groupby("corop_code")["province_code"]
                         .agg(lambda s: s.iloc[0] if s.nunique() == 1 else None))
    other = pd.DataFrame({"region_code": areas.index, "name": areas.to_numpy()})
    other["corop_code"] = None
    other["province_code"] = other["region_code"].map(province_of_corop)

    frame = pd.concat([gm, other], ignore_index=True)
    frame["name"] = frame["name"].fillna(frame["region_code"]).map(clean_name)
    frame["level"] = frame["region_code"].str[:2].map(LEVEL_BY_PREFIX)
    frame["in_twente"] = (frame["corop_code"] == TWENTE) | (frame["region_code"] == TWENTE)
    for column in ("corop_code", "province_code"):
        frame[column] = frame[column].where(frame[column].notna() & (frame[column] != ""))
    frame = frame.astype({"region_code": "str", "name": "str", "level": "str",
                          "corop_code": "str", "province_code": "str", "in_twente": "bool"})
    order = frame["level"].map({v: i for i, v in enumerate(LEVEL_BY_PREFIX.values())})
    return (frame.assign(_order=order).sort_values(["_order", "region_code"])
            .drop(columns="_order").reset_index(drop=True)[COLUMNS])
