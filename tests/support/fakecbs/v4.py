"""A fake CBS OData v4 feed on 127.0.0.1, generated from table folders in v3's layout.

Why: the ETL must read CBS's v4 API the way it reads v3, and publish the same store. So this
fake serves v4 answers *made from the same folders* the v3 fake serves (the demo's, or a real
snapshot): one demo, two APIs, and every difference in the published store is the ETL's.

What it answers, as CBS's v4 does (sources in etl/cbs_v4.py's docstring; what is inferred is
marked [?]):

    /                                   the catalogue's entity sets
    /Datasets[?$filter][&$select]       the catalogue: one record per table, in one answer
    /{table}                            the table's entity sets ({name, kind, url})
    /{table}/Properties                 one object (no "value")
    /{table}/Dimensions | MeasureCodes | MeasureGroups | {Dim}Codes | {Dim}Groups
    /{table}/Observations[?$filter][&$select][&$skip][&$top]
                                        long: one record per cell and measure, pages of
                                        `page_size` joined by "@odata.nextLink"

Table ids match case-sensitively, as on v4 (a v3 id matches in any case). `$filter` is the v4
subset of `odata_filter` (`eq`, `and`/`or`/`not`, `contains`, `startswith`, `endswith`; no
`substringof`). Faults as the v3 fake: status, delay, truncate, html, empty.

How a v3 folder becomes v4 (the inverse of etl/cbs_v4.py's mapping, written separately so the
two are checked against each other):

- codes lose v3's padding; a period's `Nader voorlopig` becomes `NaderVoorlopig`;
- measures get identifiers unlike v3's keys (`M` and six digits from a hash of the title,
  not in table order [?]) and `Index` = the topic's v3 `Position`;
- an empty v3 cell becomes `Value` null with `ValueAttribute` `Impossible` (v3's `Default` for
  an empty cell in the demo's DataProperties) [?]; every other number is sent as a JSON float
  (v4 `Value` is a double [?]), a string topic's value in `StringValue`;
- `Modified`/`MetaDataModified` become `ObservationsModified`/`Modified` with the Amsterdam
  offset v4's timestamps carry (`2020-06-19T02:00:00+02:00`, CBSOData4.jl test/meta_7.json).
"""

from __future__ import annotations

import json
import threading
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from .odata_filter import FilterError, compile_filter
from .server import FakeCBS, _ODataError

__all__ = ["FakeCBSv4", "v4_measure_id"]

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_EMPTY_CELL = "Impossible"
_STATUSES = {"nader voorlopig": "NaderVoorlopig"}
_METADATA_SETS = ("Dimensions", "MeasureCodes", "MeasureGroups")


def v4_measure_id(title: str, taken: set[str]) -> str:
    """A v4-like measure identifier for a topic title, unique within its table."""
    number = zlib.crc32(title.encode("utf-8")) % 1_000_000
    while f"M{number:06d}" in taken:
        number = (number + 1) % 1_000_000
    return f"M{number:06d}"


def _v4_time(v3_time: object) -> str | None:
    """'2025-06-30T02:00:00' (v3, Amsterdam time) -> '2025-06-30T02:00:00+02:00'."""
    if not v3_time:
        return None
    return datetime.fromisoformat(str(v3_time)).replace(tzinfo=_AMSTERDAM).isoformat()


def _read(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


class _V4Table:
    """One v3 folder, answered as v4 entity sets; built on first use, filters kept."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.RLock()
        self._sets: dict[str, Any] | None = None
        self._filtered: dict[tuple[str, str], list[dict]] = {}

    @property
    def table_id(self) -> str:
        return str(_read(self.folder, "TableInfos")[0]["Identifier"])

    def sets(self) -> dict[str, Any]:
        with self._lock:
            if self._sets is None:
                self._sets = self._build()
            return self._sets

    def _build(self) -> dict[str, Any]:
        info = _read(self.folder, "TableInfos")[0]
        properties = _read(self.folder, "DataProperties")
        dimensions = [p for p in properties if str(p.get("Type", "")).endswith("Dimension")]
        topics = [p for p in properties if p.get("Type") == "Topic"]
        groups = [p for p in properties if p.get("Type") == "TopicGroup"]
        taken: set[str] = set()
        measure_ids = {}
        for topic in topics:
            measure_ids[topic["Key"]] = v4_measure_id(str(topic["Title"]), taken)
            taken.add(measure_ids[topic["Key"]])
        category = _read(self.folder, "CategoryGroups")
        sets: dict[str, Any] = {
            "Dimensions": [self._dimension(d) for d in dimensions],
            "MeasureCodes": [self._measure(t, measure_ids[t["Key"]]) for t in topics],
            "MeasureGroups": [
                self._group(g["ID"], g, g.get("ParentID"), g.get("Position")) for g in groups
            ],
        }
        for dimension in dimensions:
            key = dimension["Key"]
            time = dimension.get("Type") == "TimeDimension"
            sets[f"{key}Codes"] = [
                self._code(n, m, time) for n, m in enumerate(_read(self.folder, key), 1)
            ]
            sets[f"{key}Groups"] = [
                self._group(g["ID"], g, g.get("ParentID"), n)
                for n, g in enumerate(category, 1)
                if g.get("DimensionKey") == key
            ]
        sets["Observations"] = self._observations(dimensions, topics, measure_ids)
        sets["Properties"] = self._properties(info, topics, len(sets["Observations"]))
        return sets

    @staticmethod
    def _dimension(dimension: dict) -> dict:
        record = {
            "Identifier": dimension["Key"],
            "Title": dimension.get("Title"),
            "Description": dimension.get("Description"),
            "Kind": dimension["Type"],
        }
        record.update({k: dimension[k] for k in ("MapYear", "ReleasePolicy") if k in dimension})
        return record

    @staticmethod
    def _measure(topic: dict, identifier: str) -> dict:
        parent = topic.get("ParentID")
        return {
            "Identifier": identifier,
            "Index": topic.get("Position"),
            "Title": topic.get("Title"),
            "Description": topic.get("Description"),
            "Unit": topic.get("Unit"),
            "Decimals": topic.get("Decimals"),
            "DataType": topic.get("Datatype"),
            "Format": None,
            "PresentationType": None,
            "MeasureGroupId": None if parent is None else str(parent),
        }

    @staticmethod
    def _group(identifier: object, group: dict, parent: object, index: object) -> dict:
        return {
            "Id": str(identifier),
            "Index": index,
            "Title": group.get("Title"),
            "Description": group.get("Description"),
            "ParentId": None if parent is None else str(parent),
        }

    @staticmethod
    def _code(index: int, member: dict, time: bool) -> dict:
        record = {
            "Identifier": str(member["Key"]).strip(),
            "Index": index,
            "Title": member.get("Title"),
            "Description": member.get("Description") or "",
        }
        if time:
            status = member.get("Status")
            record["Status"] = _STATUSES.get(str(status).lower(), status)
        else:
            group = member.get("CategoryGroupID")
            record["DimensionGroupId"] = None if group is None else str(group)
        return record

    def _observations(
        self, dimensions: list[dict], topics: list[dict], measure_ids: dict[str, str]
    ) -> list[dict]:
        keys = [d["Key"] for d in dimensions]
        rows = _read(self.folder, "TypedDataSet")
        observations = []
        for number, row in enumerate(rows):
            cell = {key: str(row[key]).strip() for key in keys}
            for place, topic in enumerate(topics):
                observations.append(
                    self._observation(
                        row.get("ID", number) * len(topics) + place,
                        measure_ids[topic["Key"]],
                        row.get(topic["Key"]),
                        topic.get("Datatype") == "String",
                        cell,
                    )
                )
        return observations

    @staticmethod
    def _observation(
        identifier: int, measure: str, value: object, text: bool, cell: dict[str, str]
    ) -> dict:
        empty = value is None
        return {
            "Id": identifier,
            "Measure": measure,
            "ValueAttribute": _EMPTY_CELL if empty else "None",
            "Value": None if empty or text else float(value),  # type: ignore[arg-type]
            "StringValue": value if text else None,
            **cell,
        }

    def _properties(self, info: dict, topics: list[dict], observations: int) -> dict:
        mixed = any(t.get("Datatype") == "String" for t in topics)
        return {
            "Identifier": info["Identifier"],
            "Title": info.get("Title"),
            "Description": info.get("Description"),
            "Summary": info.get("Summary"),
            "Language": info.get("Language", "nl"),
            "Catalog": "CBS",
            "Status": info.get("OutputStatus"),
            "VersionReason": info.get("ReasonDelivery"),
            "Version": str(info.get("Modified", "")).replace("-", "").replace(":", "")[:12],
            "Modified": _v4_time(info.get("MetaDataModified") or info.get("Modified")),
            "ObservationsModified": _v4_time(info.get("Modified")),
            "ObservationCount": observations,
            "DatasetType": "Mixed" if mixed else "Numeric",
            "Frequency": info.get("Frequency"),
            "Source": info.get("Source"),
            "License": "https://creativecommons.org/licenses/by/4.0/",
        }

    def filtered(self, name: str, text: str | None) -> list[dict]:
        """The entity set's records that pass the v4 `$filter` (all without one), computed
        once per filter: every page of a query re-sends it."""
        rows = self.sets()[name]
        if text is None:
            return rows
        with self._lock:
            if (name, text) not in self._filtered:
                self._filtered[(name, text)] = _filtered(rows, text)
            return self._filtered[(name, text)]


def _fields(rows: list[dict]) -> frozenset[str]:
    return frozenset(k for row in rows for k in row)


def _filtered(rows: list[dict], text: str) -> list[dict]:
    try:
        predicate = compile_filter(text, version=4)
    except FilterError as error:
        raise _ODataError(400, f"bad $filter: {error}") from error
    unknown = sorted(predicate.fields - _fields(rows))
    if rows and unknown:
        raise _ODataError(400, f"unknown field(s): {', '.join(unknown)}")
    try:
        return [row for row in rows if predicate(row)]
    except FilterError as error:
        raise _ODataError(400, f"bad $filter: {error}") from error


def _selected(rows: list[dict], params: dict[str, str]) -> list[dict]:
    if "$select" not in params:
        return rows
    names = [n.strip() for n in params["$select"].split(",")]
    unknown = sorted(set(names) - _fields(rows))
    if not all(names) or (rows and unknown):
        raise _ODataError(400, f"bad $select {params['$select']!r}")
    return [{n: row.get(n) for n in names} for row in rows]


def _count(params: dict[str, str], name: str, default: int) -> int:
    text = params.get(name, str(default))
    if not text.isdigit():
        raise _ODataError(400, f"bad {name} {text!r}")
    return int(text)


class FakeCBSv4(FakeCBS):
    """A threaded HTTP server that answers like CBS's OData v4 catalogue for the given table
    folders (v3 layout). `page_size` caps the observations per answer. `catalog_extra` adds
    Datasets records (v4's shape) for tables that are not served. Faults, the request log and
    the lifecycle are the v3 fake's."""

    def __init__(
        self,
        tables: dict[str, Path],
        page_size: int = 10000,
        catalog_extra: list[dict] | None = None,
    ):
        super().__init__(tables, page_size=page_size)
        self.v4_catalog_extra = list(catalog_extra or [])
        self._v4_tables = {}
        for folder in tables.values():
            table = _V4Table(Path(folder))
            self._v4_tables[table.table_id] = table  # CBS's own casing, matched exactly

    def data_page_requests(self, table: str | None = None) -> int:
        """How many Observations pages were requested (of `table`, if given)."""
        count = 0
        for path, _ in self.requests:
            parts = path.strip("/").split("/")
            if len(parts) == 2 and parts[1] == "Observations":
                count += table is None or parts[0] == table
        return count

    def _answer(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        parts = [part for part in path.split("/") if part]
        if not parts:
            return self._listing("$metadata", ["Datasets"])
        if parts == ["Datasets"]:
            return self._datasets(params)
        table = self._v4_tables.get(parts[0])
        if table is None:
            raise _ODataError(404, f"dataset {parts[0]!r} does not exist")
        if len(parts) == 1:
            return self._listing(
                f"{parts[0]}/$metadata", list(table.sets()), singleton="Properties"
            )
        if len(parts) != 2 or parts[1] not in table.sets():
            raise _ODataError(404, f"no resource at {path}")
        name = parts[1]
        context = f"{self.url}/{parts[0]}/$metadata#{name}"
        if name == "Properties":
            return {"@odata.context": context, **table.sets()["Properties"]}
        if name == "Observations":
            return self._observations(table, parts[0], context, params)
        return {
            "@odata.context": context,
            "value": _selected(table.filtered(name, params.get("$filter")), params),
        }

    def _listing(self, context: str, names: list[str], singleton: str | None = None) -> dict:
        value = [
            {"name": n, "kind": "Singleton" if n == singleton else "EntitySet", "url": n}
            for n in names
        ]
        return {"@odata.context": f"{self.url}/{context}", "value": value}

    def _observations(
        self, table: _V4Table, table_id: str, context: str, params: dict[str, str]
    ) -> dict:
        rows = table.filtered("Observations", params.get("$filter"))
        start = _count(params, "$skip", 0)
        end = min(len(rows), start + _count(params, "$top", len(rows)))
        stop = min(end, start + self.page_size)
        page = {"@odata.context": context, "value": _selected(rows[start:stop], params)}
        if stop < end:
            kept = {k: v for k, v in params.items() if k in ("$filter", "$select")}
            if "$top" in params:
                kept["$top"] = str(end - stop)
            query = urlencode({**kept, "$skip": stop}, quote_via=quote)
            page["@odata.nextLink"] = f"{self.url}/{table_id}/Observations?{query}"
        return page

    def _datasets(self, params: dict[str, str]) -> dict:
        fields = (
            "Identifier",
            "Title",
            "Description",
            "Language",
            "Catalog",
            "Status",
            "Version",
            "VersionReason",
            "Modified",
            "ObservationsModified",
            "ObservationCount",
            "DatasetType",
        )
        rows = [
            {k: t.sets()["Properties"].get(k) for k in fields} for t in self._v4_tables.values()
        ]
        rows += self.v4_catalog_extra
        if "$filter" in params:
            rows = _filtered(rows, params["$filter"])
        return {
            "@odata.context": f"{self.url}/$metadata#Datasets",
            "value": _selected(rows, params),
        }
