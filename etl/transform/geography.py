"""Gebieden in Nederland + a RegioS entity -> the regions table (names, level, membership).

The membership of municipalities in COROP areas and provinces comes from the newest
"Gebieden in Nederland", which lists today's municipalities. Municipalities that have ceased
since (mergers, *herindelingen*: Weesp, GM0457, into Amsterdam in 2022) are still in the
population tables for the years they existed; they are kept as regions of their own, named
from the population table, members of no aggregate (an aggregate is summed from today's
division, see :func:`etl.indicators.aggregate_members`).
"""

from __future__ import annotations

import re

import pandas as pd

from etl.metadata import MetadataError, region_kinds
from etl.raw import RawTable
from etl.sources import OVERIJSSEL, TWENTE, TWENTE_MUNICIPALITIES
from etl.transform.common import region_dimension

LEVEL_ORDER = ("gemeente", "corop", "provincie", "landsdeel", "land")
CBS_SUFFIX = re.compile(r"\s*\((?:GM|CR|PV|LD|NL)\)\s*$")  # 'Twente (CR)'; not 'Hengelo (O.)'
COLUMNS = ["region_code", "name", "level", "corop_code", "province_code", "in_twente"]
MEMBERSHIP_COLUMNS = ["region_code", "name", "corop_code", "province_code"]


def clean_name(title: str) -> str:
    return CBS_SUFFIX.sub("", str(title)).strip()


def group_topic(t: RawTable, group_word: str, key_prefix: str) -> str:
    """The topic ``key_prefix…`` directly under the topic group whose title holds
    ``group_word``. Of several such groups ('COROP-gebieden', 'COROP-subgebieden') the one
    with the shortest title is the plain one."""
    groups = [
        p
        for p in t.properties
        if p.get("Type") == "TopicGroup" and group_word.lower() in str(p.get("Title", "")).lower()
    ]
    if not groups:
        titles = [str(p.get("Title")) for p in t.properties if p.get("Type") == "TopicGroup"]
        raise MetadataError(
            t.table_id,
            f"no topic group titled like '{group_word}'",
            f"Its topic groups now: {', '.join(titles) or 'none'}.",
        )
    group = min(groups, key=lambda p: len(str(p["Title"])))
    topics = [
        p["Key"]
        for p in t.properties
        if p.get("Type") == "Topic"
        and p.get("ParentID") == group["ID"]
        and str(p["Key"]).startswith(key_prefix)
    ]
    if len(topics) != 1:
        raise MetadataError(
            t.table_id,
            f"topic '{key_prefix}*' in group '{group['Title']}' "
            f"(found: {', '.join(topics) or 'none'})",
        )
    return topics[0]


def municipality_membership(gebieden: RawTable) -> pd.DataFrame:
    """Each municipality of Gebieden in Nederland with its COROP area and province.

    Columns: region_code, name (nullable: Gebieden may leave it out), corop_code,
    province_code (str)."""
    municipality = group_topic(gebieden, "Gemeenten", "Code_")
    corop = group_topic(gebieden, "COROP", "Code_")
    province = group_topic(gebieden, "Provincie", "Code_")
    try:
        municipality_name: str | None = group_topic(gebieden, "Gemeenten", "Naam_")
    except MetadataError:
        municipality_name = None
    data = gebieden.data
    codes = data[municipality] if municipality in data else data[region_dimension(gebieden)]
    frame = pd.DataFrame(
        {
            "region_code": codes.astype(str).str.strip().to_numpy(),
            "name": (
                data[municipality_name].astype(str).str.strip().to_numpy()
                if municipality_name is not None
                else None
            ),
            "corop_code": data[corop].astype(str).str.strip().to_numpy(),
            "province_code": data[province].astype(str).str.strip().to_numpy(),
        }
    )
    frame["name"] = frame["name"].where(frame["name"].notna() & (frame["name"] != ""))
    return frame.drop_duplicates("region_code").reset_index(drop=True)[MEMBERSHIP_COLUMNS]


def regions(
    membership: pd.DataFrame | None,
    region_titles: pd.DataFrame,
    table_id: str = "",
    warnings: list[str] | None = None,
) -> pd.DataFrame:
    """Municipalities with their COROP area and province, plus the areas themselves.

    ``membership``: :func:`municipality_membership` (None when Gebieden in Nederland could
    not be had: then only Twente's membership, from :mod:`etl.sources`, is known).
    ``region_titles``: a region dimension (``Key``, ``Title``) of a population table, which
    names the COROP areas, provinces, landsdelen and the Netherlands, and municipalities
    that have ceased. Columns: region_code, name, level ('gemeente'/'corop'/'provincie'/
    'landsdeel'/'land'), corop_code, province_code (nullable str), in_twente (bool). An
    area's province_code is its members' province when they share one.
    """
    titles = pd.Series(
        region_titles["Title"].astype(str).to_numpy(),
        index=region_titles["Key"].astype(str).str.strip(),
    )
    titles = titles[~titles.index.duplicated()]
    kinds = region_kinds(titles.to_dict(), table_id, warnings if warnings is not None else [])
    if membership is None:
        membership = pd.DataFrame(
            {
                "region_code": list(TWENTE_MUNICIPALITIES),
                "name": None,
                "corop_code": TWENTE,
                "province_code": OVERIJSSEL,
            }
        )
    gm = membership.copy()
    gm["name"] = gm["name"].fillna(gm["region_code"].map(titles))
    ceased = [
        code
        for code, kind in kinds.items()
        if kind == "gemeente" and code not in set(gm["region_code"])
    ]
    ceased_frame = pd.DataFrame(
        {
            "region_code": ceased,
            "name": titles.reindex(ceased).to_numpy(),
            "corop_code": None,
            "province_code": None,
        }
    )

    areas = [code for code, kind in kinds.items() if kind != "gemeente"]
    province_of_corop = gm.groupby("corop_code")["province_code"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else None
    )
    other = pd.DataFrame({"region_code": areas, "name": titles.reindex(areas).to_numpy()})
    other["corop_code"] = None
    other["province_code"] = other["region_code"].map(province_of_corop)

    frame = pd.concat([gm, ceased_frame, other], ignore_index=True)
    frame["name"] = frame["name"].fillna(frame["region_code"]).map(clean_name)
    frame["level"] = (
        frame["region_code"]
        .map(kinds)
        .fillna(
            frame["region_code"]
            .str[:2]
            .map(
                {
                    "GM": "gemeente",
                    "CR": "corop",
                    "PV": "provincie",
                    "LD": "landsdeel",
                    "NL": "land",
                }
            )
        )
    )
    frame["in_twente"] = (frame["corop_code"] == TWENTE) | (frame["region_code"] == TWENTE)
    for column in ("corop_code", "province_code"):
        frame[column] = frame[column].where(frame[column].notna() & (frame[column] != ""))
    frame = frame.astype(
        {
            "region_code": "str",
            "name": "str",
            "level": "str",
            "corop_code": "str",
            "province_code": "str",
            "in_twente": "bool",
        }
    )
    order = frame["level"].map({v: i for i, v in enumerate(LEVEL_ORDER)})
    return (
        frame.assign(_order=order)
        .sort_values(["_order", "region_code"])
        .drop(columns="_order")
        .reset_index(drop=True)[COLUMNS]
    )
