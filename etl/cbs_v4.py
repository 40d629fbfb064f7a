"""CBS OData v4 (``datasets.cbs.nl``) beside v3, written into v3's raw layout.

CBS says v4 becomes the standard and some tables exist only there (../shared/CBS-API.md).
This client reads a v4 table and writes exactly the raw layout the v3 client writes
(TableInfos, DataProperties, CategoryGroups, one file per dimension, a wide TypedDataSet and
its parquet sidecar: docs/cbs-tables.md), so the transforms never know which API a table came
from. Requests, timeouts, retries and errors are the v3 client's (:class:`FeedClient`).

What v4 answers, and where each fact comes from ([CBS]: CBS's own code; [3rd]: third-party
code or answers it captured from CBS; [?]: inferred here):

- A table lives at ``<catalogue URL>/<id>``, live ``https://datasets.cbs.nl/odata/v1/CBS/<id>``
  [3rd: ../shared/CBS-API.md; dennis8/cbsodata4 config.py] (CBS's own R client has
  ``https://datasets.cbs.nl/odata`` + ``/CBS/<id>``: statistiekcbs/cbsodata4 R/package.R).
  Its root lists the entity sets as ``{"name", "kind", "url"}`` [3rd: HenricoWitvliet/
  CBSOData4.jl test/meta_2.json, captured from CBS's beta]; CBS's client fetches every
  ``…Codes`` and ``…Groups`` set it lists [CBS: statistiekcbs/cbsodata4 cbs4_get_metadata.R].
- Ids are case-sensitive (``80590ned`` works, ``80590NED`` is a 404) [3rd: CBS-API.md]: an id
  is used exactly as the catalogue or sources.py spells it, never upper-cased.
- ``Properties`` is one object, not a ``value`` list [CBS: cbs4_get_metadata.R reads it as a
  singleton], with ``Identifier``, ``Title``, ``Modified``, ``ObservationsModified``,
  ``ObservationCount``, ``Status``, ``Language`` … [3rd: CBSOData4.jl test/meta_7.json].
- ``Dimensions``: ``Identifier``, ``Title``, ``Description``, ``Kind`` (``Dimension``,
  ``TimeDimension``, ``GeoDimension``) [3rd: CBSOData4.jl test/meta_6.json; the three kinds
  "as measured 2026-07-02" in a third-party TypeScript CbsSource, whose repository the code
  index does not name]. A dimension's identifier is its v3 key (``RegioS``, ``Perioden``)
  [3rd: same].
- ``<Dim>Codes``: ``Identifier``, ``Index``, ``Title``, ``Description``, ``DimensionGroupId``;
  ``PeriodenCodes`` also ``Status``, spelled ``NaderVoorlopig`` where v3 says ``Nader
  voorlopig`` [3rd: CBSOData4.jl test/meta_9.json, meta_11.json; CBS-API.md]. Codes are v3's
  keys without the padding [CBS: CBS-Open-Data-v4 Python/basics.py filters
  ``WijkenEnBuurten eq 'GM0363'``; 3rd: the same member codes T001038, 10000 in 03759ned];
  some tables still pad [3rd: a ``'GM0193  '`` filter on 86165NED], so codes are used exactly
  as CBS sends them and stripped only where v3's layout is read.
- ``<Dim>Groups`` and ``MeasureGroups``: ``Id``, ``Index``, ``Title``, ``Description``,
  ``ParentId`` [3rd: CBSOData4.jl test/meta_8.json, meta_10.json]; a measure's
  ``MeasureGroupId`` is a group's ``Id`` [CBS: CBS-Open-Data-v4 Python/basics.py joins them].
- ``MeasureCodes``: ``Identifier`` (``M000352``: not v3's key), ``Index``, ``Title``,
  ``Description``, ``Unit``, ``Decimals``, ``DataType``, ``MeasureGroupId`` [3rd: CBSOData4.jl
  test/meta_5.json; CBS: CBS-Open-Data-v4 Python/thematic_map.py].
- ``Observations`` is long: ``Id``, ``Measure``, ``Value``, ``ValueAttribute``, ``StringValue``
  and one field per dimension [CBS: cbs4_download.R get_empty_data.frame; 3rd: StringValue in
  captured rows]; an empty cell has ``Value`` null and a reason in ``ValueAttribute``
  (``None`` for a plain value, ``Impossible``, ``Confidential``, …) [3rd: CBS-API.md].
- Pages are followed through ``@odata.nextLink`` [CBS: CBS-Open-Data-v4 Python/basics.py].
- ``$filter``: ``Dim eq 'code'``, ``Measure eq 'M…' and startswith(Dim,'GM')`` [CBS:
  basics.py, thematic_map.py], ``contains(Dim,'…')`` [CBS: statistiekcbs/cbsodata4 R/query.R].
  Asking for ``Measure eq …`` keeps the long format from multiplying rows [3rd: CBS-API.md].
- The catalogue is ``<catalogue URL>/Datasets`` [3rd: CBSOData4.jl get_tables; live calls to
  ``datasets.cbs.nl/odata/v1/CBS/Datasets`` in third-party notes], records with
  ``Identifier``, ``Title``, ``Language``, ``Status``, ``Modified``, ``ObservationsModified``
  [3rd: CBSOData4.jl test/meta_0.json] that ``contains(Title,'…')`` filters [3rd: a live query
  ``$filter=contains(Title,'nergie')`` in third-party code].

How a v4 table becomes v3's layout (choices made here, [?] unless said):

- TableInfos: the Properties, with ``Modified`` = ``ObservationsModified`` (when the figures
  last changed: the raw cache is keyed by it, as by v3's ``Modified``), ``MetaDataModified`` =
  v4's ``Modified``, ``OutputStatus`` = ``Status``.
- DataProperties: dimensions in CBS's order, then measure groups (``TopicGroup``) and measures
  (``Topic``) in ``Index`` order. In CBS's beta a measure's ``Index`` is its v3 ``Position``
  (80072ned: one measure, Index 2, after two dimensions: CBSOData4.jl test/meta_5.json).
- A measure's topic key is made from the words of its Dutch title, as CBS made v3's keys
  (``Bevolking op 1 januari`` -> ``BevolkingOp1Januari``; ``Regio's`` -> ``RegioS``), plus
  ``_<n>`` with n its place among the topics (v3's ``BevolkingOp1Januari_1``,
  ``Overledenen_5`` in ../shared/cbs-snapshot/37259ned/DataProperties.json). So
  ``etl.metadata.find_topic`` finds it by key prefix *and* title; where CBS shortened a v3 key
  (``EmigratieInclusiefAdministratieveC``) the prefix misses and the title finds the topic,
  with a warning, as for any renamed key. A grouped topic titled ``<group word><word>``
  (``Gemeentecode``, ``COROP-code`` in groups ``Gemeenten``, ``COROP-gebieden``) is keyed by
  the added word, as v3 keys them ``Code_1``, ``Code_3`` (docs/cbs-tables.md, Gebieden in
  Nederland). The v4 identifier stays in the topic's record as ``Identifier``, so every key
  leads back to its v4 measure (and the ``Measure eq`` filter in provenance.json).
- The data set: one wide record per cell (``ID`` its place in the cube, as v3 numbers it,
  when no ``$select`` was asked for), dimension codes as CBS sent them, one field per topic
  (Long topics as integers), and a ``ValueAttribute`` field holding the reasons of the cell's
  empty or marked values (``GemiddeldeBevolking_2=Impossible``; ``""`` for plain ones),
  which the transforms do not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path

import numpy as np
import requests

from etl import raw
from etl.cbs_client import (
    Api,
    BadAnswer,
    CbsError,
    FeedClient,
    MemberClause,
    PairClause,
    PeriodClause,
    PeriodsClause,
    Progress,
    Query,
    RegionClause,
    Request,
    any_of,
    fetched_ahead,
    quoted,
)

VALUE_ATTRIBUTE = "ValueAttribute"  # the data set's field of per-cell reasons
PLAIN = "None"  # CBS's ValueAttribute of a plain value
# Wide records handed to the writer at a time: bounds the Python objects alive at once.
_ROWS_PER_PAGE = 50_000
# v4 DataType -> v3 Datatype ("Float" in CBS's beta, CBSOData4.jl test/meta_5.json; "Double",
# "Long", "String" in the third-party CbsSource of 2026 named in the module's docstring).
_DATATYPES = {
    "long": "Long",
    "integer": "Integer",
    "int": "Integer",
    "short": "Short",
    "double": "Double",
    "float": "Double",
    "decimal": "Decimal",
    "string": "String",
}
_INTEGER_TYPES = {"Long", "Integer", "Short"}
_STATUSES = {"nadervoorlopig": "Nader voorlopig"}  # v4 spelling -> v3's
_WORD = re.compile(r"[^\W_]+")
_CATALOGUE_FIELDS = (
    "Identifier",
    "Title",
    "Language",
    "Status",
    "Modified",
    "ObservationsModified",
)


# --- one table's v4 metadata, and the same in v3's layout ---------------------------------


@dataclass
class V4Table:
    """A table's metadata as v4 sends it (each entity set's records)."""

    table_id: str
    properties: dict
    dimensions: list[dict]
    measures: list[dict]
    measure_groups: list[dict] = field(default_factory=list)
    codes: dict[str, list[dict]] = field(default_factory=dict)  # dimension -> <Dim>Codes
    groups: dict[str, list[dict]] = field(default_factory=dict)  # dimension -> <Dim>Groups


@dataclass
class V3Layout:
    """The same table as v3's raw layout has it; ``measure_of_topic``: topic key -> v4 measure
    identifier."""

    table_infos: dict
    data_properties: list[dict]
    members: dict[str, list[dict]]
    category_groups: list[dict]
    measure_of_topic: dict[str, str]

    def topic_records(self) -> list[dict]:
        return [p for p in self.data_properties if p.get("Type") == "Topic"]


def v3_layout(table: V4Table) -> V3Layout:
    properties, measure_of_topic = data_properties(
        table.dimensions, table.measures, table.measure_groups
    )
    group_ids, category = category_groups(table.groups)
    members = {}
    for dimension in table.dimensions:
        key = str(dimension["Identifier"])
        members[key] = dimension_members(
            table.codes.get(key, []),
            key,
            time=dimension.get("Kind") == "TimeDimension",
            group_ids=group_ids,
        )
    return V3Layout(table_infos(table.properties), properties, members, category, measure_of_topic)


def table_infos(properties: dict) -> dict:
    """The TableInfos record: v4's Properties with v3's names where v3 has them."""
    record = {k: v for k, v in properties.items() if not k.startswith("@")}
    record.update(
        {
            "Modified": properties.get("ObservationsModified") or properties.get("Modified") or "",
            "MetaDataModified": properties.get("Modified"),
            "ShortTitle": properties.get("ShortTitle") or properties.get("Title"),
            "OutputStatus": properties.get("Status"),
            "ReasonDelivery": properties.get("VersionReason"),
        }
    )
    return record


def catalogue_record(dataset: dict) -> dict:
    """A v4 Datasets record in the shape of a v3 catalogue record (``Modified`` and
    ``OutputStatus`` as in :func:`table_infos`)."""
    record = {k: v for k, v in dataset.items() if not k.startswith("@")}
    record.update(
        {
            "Modified": dataset.get("ObservationsModified") or dataset.get("Modified"),
            "MetaDataModified": dataset.get("Modified"),
            "OutputStatus": dataset.get("Status"),
        }
    )
    return record


def _index(record: dict) -> float:
    value = record.get("Index")
    return float(value) if isinstance(value, int | float) else float("inf")


def data_properties(
    dimensions: list[dict], measures: list[dict], groups: list[dict]
) -> tuple[list[dict], dict[str, str]]:
    """v3's DataProperties records, and each topic key's v4 measure identifier."""
    records = [_dimension_record(d, n) for n, d in enumerate(dimensions)]
    # Groups before measures of the same Index (a group opens what follows it); sorted is
    # stable, so records without an Index keep CBS's order at the end.
    nodes = sorted(
        [(_index(g), 0, n, g) for n, g in enumerate(groups)]
        + [(_index(m), 1, n, m) for n, m in enumerate(measures)],
        key=lambda node: node[:3],
    )
    first = len(records)
    group_ids = {str(node[3].get("Id")): first + n for n, node in enumerate(nodes) if node[1] == 0}
    group_titles = {str(g.get("Id")): str(g.get("Title") or "") for g in groups}
    measure_of_topic: dict[str, str] = {}
    for n, (_, is_measure, _, node) in enumerate(nodes):
        parent = node.get("MeasureGroupId") if is_measure else node.get("ParentId")
        parent_id = group_ids.get(str(parent)) if parent is not None else None
        if not is_measure:
            records.append(_group_record(node, first + n, parent_id))
            continue
        ordinal = len(measure_of_topic) + 1
        key = topic_key(
            str(node.get("Title") or node["Identifier"]), group_titles.get(str(parent)), ordinal
        )
        measure_of_topic[key] = str(node["Identifier"])
        records.append(_topic_record(node, first + n, parent_id, key))
    return records, measure_of_topic


def _dimension_record(dimension: dict, position: int) -> dict:
    kind = str(dimension.get("Kind") or "Dimension")
    record = {
        "odata.type": f"Cbs.OData.{kind}",
        "ID": position,
        "Position": position,
        "ParentID": None,
        "Type": kind,
        "Key": str(dimension["Identifier"]),
        "Title": dimension.get("Title") or "",
        "Description": dimension.get("Description"),
    }
    record.update({k: dimension[k] for k in ("MapYear", "ReleasePolicy") if k in dimension})
    return record


def _group_record(group: dict, position: int, parent_id: int | None) -> dict:
    return {
        "odata.type": "Cbs.OData.TopicGroup",
        "ID": position,
        "Position": position,
        "ParentID": parent_id,
        "Type": "TopicGroup",
        "Key": "",
        "Title": group.get("Title") or "",
        "Description": group.get("Description"),
    }


def _topic_record(measure: dict, position: int, parent_id: int | None, key: str) -> dict:
    return {
        "odata.type": "Cbs.OData.Topic",
        "ID": position,
        "Position": position,
        "ParentID": parent_id,
        "Type": "Topic",
        "Key": key,
        "Title": measure.get("Title") or "",
        "Description": measure.get("Description"),
        "Datatype": datatype(measure.get("DataType")),
        "Unit": measure.get("Unit") or "",
        "Decimals": measure.get("Decimals") or 0,
        "Identifier": str(measure["Identifier"]),
    }


def datatype(v4_type: object) -> str:
    """v3's Datatype of a v4 DataType; a number of unknown kind is a Double."""
    return _DATATYPES.get(str(v4_type or "").lower(), "Double")


def topic_key(title: str, group_title: str | None, ordinal: int) -> str:
    """A v3 topic key from a measure's title, as CBS builds v3's keys (see the module's
    docstring): ``('Bevolking op 1 januari', None, 1)`` -> ``BevolkingOp1Januari_1``,
    ``('Gemeentecode', 'Gemeenten', 1)`` -> ``Code_1``."""
    words = _without_group_word(_WORD.findall(title) or ["Onderwerp"], group_title)
    return "".join(w[:1].upper() + w[1:] for w in words) + f"_{ordinal}"


def _without_group_word(words: list[str], group_title: str | None) -> list[str]:
    """A title that is the group's word and one word more ('COROP-code', 'Gemeentecode' in
    'Gemeenten', 'Provinciecode' in 'Provincies') keeps only that word; others stay whole."""
    group_words = _WORD.findall(group_title or "")
    if not group_words or len(words) > 2:
        return words
    stems = _stems(group_words[0].lower())
    first = words[0].lower()
    if len(words) == 2:
        return words[1:] if first in stems else words
    for stem in stems:
        if first.startswith(stem) and len(first) - len(stem) >= 2:
            return [words[0][len(stem) :]]
    return words


def _stems(word: str) -> list[str]:
    """A group's word as a compound starts with it: singular first (Dutch compounds take the
    singular: 'Gemeenten' -> 'gemeente', 'Provincies' -> 'provincie'), then the word itself;
    so 'Gemeentenaam' is 'gemeente' + 'naam', not 'gemeenten' + 'aam'."""
    singular = [word[: -len(end)] for end in ("n", "s", "en") if word.endswith(end)]
    return [*sorted(dict.fromkeys(s for s in singular if s), key=len, reverse=True), word]


def category_groups(groups: dict[str, list[dict]]) -> tuple[dict[tuple[str, str], int], list[dict]]:
    """v3's CategoryGroups records (numbered from 1 over every dimension, as v4's ids repeat
    between dimensions) and each (dimension, v4 group id)'s new ID."""
    ids: dict[tuple[str, str], int] = {}
    ordered = [(key, g) for key, records in groups.items() for g in sorted(records, key=_index)]
    for key, group in ordered:
        ids[(key, str(group.get("Id")))] = len(ids) + 1
    records = [
        {
            "ID": ids[(key, str(g.get("Id")))],
            "DimensionKey": key,
            "Title": g.get("Title") or "",
            "Description": g.get("Description"),
            "ParentID": ids.get((key, str(g.get("ParentId"))))
            if g.get("ParentId") is not None
            else None,
        }
        for key, g in ordered
    ]
    return ids, records


def dimension_members(
    codes: list[dict], dimension: str, *, time: bool, group_ids: dict[tuple[str, str], int]
) -> list[dict]:
    """v3's records of one dimension, in ``Index`` order: ``Key`` (the code as CBS sends it),
    ``Title``, ``Description``, and ``Status`` (time) or ``CategoryGroupID``."""
    records = []
    for code in sorted(codes, key=_index):
        record = {
            "Key": str(code["Identifier"]),
            "Title": code.get("Title") or "",
            "Description": code.get("Description"),
        }
        if time:
            record["Status"] = period_status(code.get("Status"))
        else:
            group = code.get("DimensionGroupId")
            record["CategoryGroupID"] = (
                group_ids.get((dimension, str(group))) if group is not None else None
            )
        records.append(record)
    return records


def period_status(status: object) -> str | None:
    """v3's spelling of a period's status: ``NaderVoorlopig`` -> ``Nader voorlopig``."""
    if status is None:
        return None
    return _STATUSES.get(str(status).replace(" ", "").lower(), str(status))


# --- the query in v4's dialect -------------------------------------------------------------


def v4_query(query: Query, measure_of_topic: dict[str, str]) -> tuple[list[str] | None, str]:
    """($select, $filter): ``$select`` as for v3 (the fields of the wide data set; applied
    when the data set is written), ``$filter`` as sent to ``Observations``. A code the
    dimension has is matched with ``eq`` in the form CBS sends it; a prefix ('GM' for every
    municipality) with ``startswith``; periods with ``contains``."""
    clauses = []
    if query.topics:
        clauses.append(any_of([f"Measure eq {quoted(measure_of_topic[t])}" for t in query.topics]))
    for clause in query.clauses:
        if isinstance(clause, PairClause):
            clauses.append(
                any_of(
                    clause.alternatives(
                        lambda d, code: f"{d} eq {quoted(code)}",
                        lambda d, prefix: f"startswith({d},{quoted(prefix)})",
                    )
                )
            )
        elif isinstance(clause, RegionClause):
            clauses.append(
                any_of(
                    [
                        f"{clause.dimension} eq {quoted(clause.sent_as[t])}"
                        if t in clause.sent_as
                        else f"startswith({clause.dimension},{quoted(t)})"
                        for t in clause.terms
                    ]
                )
            )
        elif isinstance(clause, PeriodClause):
            clauses.append(f"contains({clause.dimension},{quoted(clause.part)})")
        elif isinstance(clause, PeriodsClause):
            clauses.append(any_of([f"{clause.dimension} eq {quoted(c)}" for c in clause.codes]))
        elif isinstance(clause, MemberClause):
            clauses.append(f"{clause.dimension} eq {quoted(clause.code)}")
    select = [*query.dimensions, *query.topics] if query.topics else None
    return select, " and ".join(clauses)


# --- long observations -> v3's wide records ------------------------------------------------


@dataclass(frozen=True)
class _Column:
    key: str
    identifier: str
    datatype: str


class WideTable:
    """Gathers v4's long observations (one per cell and measure) into v3's wide records (one
    per cell). Observations are held as arrays (about 20 bytes each), not objects, until
    :meth:`records` writes them out in CBS's cube order; a page's order does not matter."""

    def __init__(self, layout: V3Layout, select: list[str] | None):
        dimension_keys = raw.dimension_keys_of(layout.data_properties)
        topics = layout.topic_records()
        if select:
            wanted = [k for k in select if k not in dimension_keys]
            by_key = {t["Key"]: t for t in topics}
            topics = [by_key[k] for k in wanted if k in by_key]
            self.fields = [k for k in select if k in dimension_keys or k in by_key]
        else:
            self.fields = ["ID", *dimension_keys, *(t["Key"] for t in topics)]
        self._columns = [_Column(t["Key"], t["Identifier"], t["Datatype"]) for t in topics]
        self._topic_of = {c.identifier: n for n, c in enumerate(self._columns)}
        self._strings = {n for n, c in enumerate(self._columns) if c.datatype == "String"}
        self._dimensions = [
            (key, [r["Key"] for r in layout.members[key]]) for key in dimension_keys
        ]
        sizes = [max(1, len(codes)) for _, codes in self._dimensions]
        self._strides = [int(np.prod(sizes[n + 1 :], dtype=np.int64)) for n in range(len(sizes))]
        self._sizes = sizes
        self._positions = [_positions(codes) for _, codes in self._dimensions]
        self._reasons = [PLAIN]
        self._reason_code: dict[object, int] = {PLAIN: 0, None: 0}
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._string_values: dict[tuple[int, int], object] = {}

    def add(self, observations: list) -> None:
        """One page of observations; raises BadAnswer on one that is not CBS's shape."""
        if not observations:
            return
        count = len(observations)
        # map() with C-level getters: a national 03759ned is ~6 million observations, and a
        # Python-level loop per observation would cost a minute.
        try:
            topic = np.fromiter(
                map(self._topic_of.get, map(itemgetter("Measure"), observations), repeat(-1)),
                np.int64,
                count,
            )
            cell = np.zeros(count, np.int64)
            for (key, _), positions, stride in zip(
                self._dimensions, self._positions, self._strides, strict=True
            ):
                cell += (
                    np.fromiter(
                        map(positions.__getitem__, map(itemgetter(key), observations)),
                        np.int64,
                        count,
                    )
                    * stride
                )
            value = np.array(
                list(map(methodcaller("get", "Value"), observations)), dtype=np.float64
            )
            reason = self._reasons_of(
                list(map(methodcaller("get", "ValueAttribute"), observations))
            )
        except KeyError as exc:
            raise BadAnswer(
                f"an observation has no field {exc} or a code its dimension's Codes do not list",
                html=False,
            ) from exc
        except (TypeError, ValueError) as exc:
            raise BadAnswer(
                f"an observation is not CBS's record of Measure, Value and dimension codes ({exc})",
                html=False,
            ) from exc
        for n in np.flatnonzero(np.isin(topic, list(self._strings))).tolist():
            self._string_values[(int(cell[n]), int(topic[n]))] = observations[n].get("StringValue")
        keep = topic >= 0  # a measure not asked for (the server ignored the filter)
        self._chunks.append((cell[keep], topic[keep], value[keep], reason[keep]))

    def _reasons_of(self, attributes: list) -> np.ndarray:
        """Each observation's ValueAttribute as a small code (0: a plain value)."""
        for attribute in set(attributes) - self._reason_code.keys():
            self._reason_code[attribute] = len(self._reasons)
            self._reasons.append(str(attribute))
        return np.fromiter(
            map(self._reason_code.__getitem__, attributes), np.int16, len(attributes)
        )

    def records(self, rows_per_page: int = _ROWS_PER_PAGE) -> Iterator[list[dict]]:
        """The wide records, a page at a time, in cube order (v3's ``ID`` order)."""
        if not self._chunks:
            return
        cells, topics, values, reasons = (
            np.concatenate(parts) for parts in zip(*self._chunks, strict=True)
        )
        self._chunks = []
        rows = np.unique(cells)
        row_of = np.searchsorted(rows, cells)
        table = np.full((len(rows), len(self._columns)), np.nan)
        table[row_of, topics] = values
        why = np.zeros((len(rows), len(self._columns)), np.int16)
        why[row_of, topics] = reasons
        for start in range(0, len(rows), rows_per_page):
            stop = start + rows_per_page
            yield self._page(rows[start:stop], table[start:stop], why[start:stop])

    def _page(self, cells: np.ndarray, values: np.ndarray, reasons: np.ndarray) -> list[dict]:
        columns: dict[str, list] = {"ID": cells.tolist()}
        for (key, codes), stride, size in zip(
            self._dimensions, self._strides, self._sizes, strict=True
        ):
            columns[key] = [codes[p] for p in ((cells // stride) % size).tolist()]
        for n, column in enumerate(self._columns):
            columns[column.key] = self._topic_values(n, column, cells, values[:, n])
        names = [*self.fields, VALUE_ATTRIBUTE]
        columns[VALUE_ATTRIBUTE] = self._reason_texts(reasons)
        return [
            dict(zip(names, row, strict=True))
            for row in zip(*(columns[name] for name in names), strict=True)
        ]

    def _topic_values(self, n: int, column: _Column, cells: np.ndarray, values: np.ndarray) -> list:
        if column.datatype == "String":
            return [self._string_values.get((cell, n)) for cell in cells.tolist()]
        if column.datatype in _INTEGER_TYPES:  # v4 sends every Value as a number
            return [None if v != v else int(v) if v.is_integer() else v for v in values.tolist()]
        return [None if v != v else v for v in values.tolist()]

    def _reason_texts(self, reasons: np.ndarray) -> list[str]:
        texts = [""] * len(reasons)
        for row in np.flatnonzero((reasons != 0).any(axis=1)).tolist():
            texts[row] = ";".join(
                f"{self._columns[n].key}={self._reasons[code]}"
                for n, code in enumerate(reasons[row].tolist())
                if code
            )
        return texts


def _positions(codes: list[str]) -> dict[str, int]:
    """Each code's place, under the form CBS sent and without padding (observations and
    codes need not pad alike)."""
    positions = {code.strip(): n for n, code in enumerate(codes)}
    positions.update({code: n for n, code in enumerate(codes)})
    return positions


# --- the client ------------------------------------------------------------------------------


class CbsV4Client(FeedClient):
    """Reads CBS tables from an OData v4 catalogue URL (live: ``etl.settings.CBS_V4_LIVE_URL``)
    and hands them over in v3's shape: the interface of :class:`etl.cbs_client.CbsClient`."""

    api: Api = "v4"
    _NEXT_LINK = "@odata.nextLink"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        retries: int,
        retry_wait: float,
        progress: Progress = lambda _: None,
    ):
        super().__init__(
            base_url.rstrip("/"),
            timeout=timeout,
            retries=retries,
            retry_wait=retry_wait,
            progress=progress,
        )
        # A run reads each table's metadata once: the query is built from what download
        # then writes, so the two cannot disagree.
        self._properties: dict[str, dict] = {}
        self._layouts: dict[str, V3Layout] = {}

    def table_url(self, table_id: str) -> str:
        return f"{self.base_url}/{table_id}"

    # -- the interface the extract uses

    def catalogue(self, title_contains: str) -> list[dict]:
        """Datasets whose title contains the text (server-side filter), in v3's shape."""
        params = {
            "$filter": f"contains(Title,{quoted(title_contains)})",
            "$select": ",".join(_CATALOGUE_FIELDS),
        }
        with requests.Session() as session:
            pages = self._pages(
                session, Request(None, "catalogue"), f"{self.base_url}/Datasets", params
            )
            records = [record for page in pages for record in page]
        self._require_records(Request(None, "catalogue"), records, "Identifier")
        return [catalogue_record(r) for r in records]

    def table_info(self, table_id: str) -> dict:
        return table_infos(self._table_properties(table_id))

    def metadata(self, table_id: str, name: str) -> list[dict]:
        layout = self._layout(table_id)
        if name == "DataProperties":
            return layout.data_properties
        if name == "CategoryGroups":
            return layout.category_groups
        if name == "TableInfos":
            return [layout.table_infos]
        if name in layout.members:
            return layout.members[name]
        raise CbsError(
            f"CBS has no entity set {name} for table {table_id} at {self.table_url(table_id)}",
            "not_found",
        )

    def render_query(self, query: Query) -> tuple[list[str] | None, str]:
        return v4_query(query, self._layout(query.table_id).measure_of_topic)

    def download(
        self, table_id: str, folder: Path, *, select: list[str] | None, filters: str | None
    ) -> None:
        """Write the table in v3's raw layout into ``folder`` (which must be fresh): the
        metadata first, then the data set, its sidecar beside it (``etl.raw``)."""
        layout = self._layout(table_id)
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        raw.write_entity_set(folder, "TableInfos", [layout.table_infos])
        raw.write_entity_set(folder, "DataProperties", layout.data_properties)
        raw.write_entity_set(folder, "CategoryGroups", layout.category_groups)
        for key, records in layout.members.items():
            raw.write_entity_set(folder, key, records)
        wide = self._observations(table_id, layout, select, filters)
        with raw.DataSetWriter(folder, layout.data_properties) as writer:
            for records in wide.records():
                writer.write_page(records)
            writer.close()

    # -- v4's entity sets

    def _observations(
        self, table_id: str, layout: V3Layout, select: list[str] | None, filters: str | None
    ) -> WideTable:
        wide = WideTable(layout, select)
        params = {"$filter": filters} if filters else {}
        self.check_query_length(table_id, f"{self.table_url(table_id)}/Observations", params)
        with requests.Session() as session:
            pages = self._pages(
                session,
                Request(table_id, "data"),
                f"{self.table_url(table_id)}/Observations",
                params,
                announce=True,
            )
            for page in fetched_ahead(pages):
                try:
                    wide.add(page)
                except BadAnswer as exc:
                    raise CbsError(
                        f"{table_id} data from {self.base_url}: {exc}", "bad_answer"
                    ) from exc
        return wide

    def _table_properties(self, table_id: str) -> dict:
        if table_id not in self._properties:
            request = Request(table_id, "Properties")
            with requests.Session() as session:
                self._properties[table_id] = self._retried(
                    request, lambda: self._object(session, f"{self.table_url(table_id)}/Properties")
                )
        return self._properties[table_id]

    def _object(self, session: requests.Session, url: str) -> dict:
        answer = self._get_json(session, url, {}, records=False)
        if not answer.get("Identifier"):
            raise BadAnswer("the answer held no Properties record (no 'Identifier')", html=False)
        return answer

    def _layout(self, table_id: str) -> V3Layout:
        if table_id not in self._layouts:
            self._layouts[table_id] = v3_layout(self._fetch_table(table_id))
        return self._layouts[table_id]

    def _fetch_table(self, table_id: str) -> V4Table:
        properties = self._table_properties(table_id)
        with requests.Session() as session:
            names = set(self._entity_set_names(session, table_id))
            fetch = self._entity_set_reader(session, table_id)
            dimensions = fetch("Dimensions", "Identifier")
            table = V4Table(table_id, properties, dimensions, fetch("MeasureCodes", "Identifier"))
            if "MeasureGroups" in names:
                table.measure_groups = fetch("MeasureGroups", "Id")
            for key in (str(d["Identifier"]) for d in dimensions):
                table.codes[key] = fetch(f"{key}Codes", "Identifier")
                if f"{key}Groups" in names:
                    table.groups[key] = fetch(f"{key}Groups", "Id")
        return table

    def _entity_set_reader(
        self, session: requests.Session, table_id: str
    ) -> Callable[[str, str], list[dict]]:
        def fetch(name: str, identifier: str) -> list[dict]:
            request = Request(table_id, name)
            records = [
                r
                for page in self._pages(session, request, f"{self.table_url(table_id)}/{name}", {})
                for r in page
            ]
            self._require_records(request, records, identifier)
            return records

        return fetch

    def _entity_set_names(self, session: requests.Session, table_id: str) -> list[str]:
        request = Request(table_id, "entity sets")
        sets = [
            entry
            for page in self._pages(session, request, self.table_url(table_id), {})
            for entry in page
        ]
        if not all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in sets):
            raise CbsError(
                f"{request} from {self.base_url}: the table's list of entity sets "
                "is not a list of names",
                "bad_answer",
            )
        return [s["name"] for s in sets]

    def _require_records(self, request: Request, records: list, identifier: str) -> None:
        if not all(isinstance(r, dict) and r.get(identifier) is not None for r in records):
            raise CbsError(
                f"{request} from {self.base_url}: a record has no '{identifier}'", "bad_answer"
            )
