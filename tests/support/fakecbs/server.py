"""A fake CBS OData v3 feed on 127.0.0.1, so the ETL is tested offline through the real client.

Why: CBS's v3 feed is slow, had outages and may change, yet the ETL must be proven against
exactly what cbsodata 1.3.5 requests: the table root (the list of entity sets), one request per
entity set, `odata.nextLink` pages with server-side `$filter`/`$select`, and the catalogue, plus
the faults the design names (5xx, timeouts, truncated JSON) and bad answers with status 200 (an
HTML maintenance page, empty JSON). Tables are served from folders in
the layout `cbsodata.download_data(dir=...)` writes, so a real snapshot and generated demo data
both work unchanged.

URLs (the table id matches case-insensitively, as on CBS; `ODataApi` is served like `ODataFeed`):

    /ODataFeed/odata/{table}/?$format=json                      entity sets of a table
    /ODataFeed/odata/{table}/{EntitySet}?$format=json[&$filter][&$select][&$skiptoken]
    /ODataCatalog/Tables?$format=json[&$filter][&$select]        one record per table
"""

import json
import shutil
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlencode, urlsplit

from .odata_filter import FilterError, compile_filter

__all__ = ["FakeCBS", "copy_table_with_renamed_topic"]

DATA_SETS = ("TypedDataSet", "UntypedDataSet")
_FEED_ROOTS = ("odatafeed", "odataapi")
_FAULT_KINDS = ("status", "delay", "truncate", "html", "empty")
_MAINTENANCE_PAGE = (
    '<!DOCTYPE html>\n<html lang="nl"><head><title>Onderhoud - CBS</title></head>\n'
    "<body><h1>Gepland onderhoud</h1><p>StatLine is tijdelijk niet beschikbaar.</p></body>"
    "</html>\n"
)


class _ODataError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class _Fault:
    path_contains: str
    kind: str
    times: int | None
    status: int
    delay: float


class _Table:
    """One table folder; each entity set is parsed on first use and kept with its field names."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, tuple[list[dict], frozenset[str]]] = {}
        # Every page of a filtered data set re-sends the same $filter (nextLink): filtering
        # 03759ned's 3 million rows once per page would make a national refresh take hours.
        self._filtered: dict[tuple[str, str], list[dict]] = {}
        self._lock = threading.RLock()

    def _file(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def entity_sets(self) -> list[str]:
        """Metadata sets, both data sets (cbsodata removes one of them) and the dimensions."""
        dimensions = []
        if self._file("DataProperties").is_file():
            keys = [p.get("Key") for p in self.records("DataProperties")[0]]
            dimensions = [k for k in keys if k and self._file(k).is_file()]
        metadata = [
            name for name in ("DataProperties", "CategoryGroups") if self._file(name).is_file()
        ]
        return ["TableInfos", *DATA_SETS, *metadata, *dimensions]

    def records(self, name: str) -> tuple[list[dict], frozenset[str]]:
        with self._lock:
            if name not in self._cache:
                if name == "UntypedDataSet":
                    typed, _ = self.records("TypedDataSet")
                    rows = [
                        {k: None if v is None else str(v) for k, v in row.items()} for row in typed
                    ]
                else:
                    rows = json.loads(self._file(name).read_text(encoding="utf-8"))
                self._cache[name] = (rows, frozenset(k for row in rows for k in row))
            return self._cache[name]

    def filtered(self, name: str, params: dict[str, str]) -> tuple[list[dict], frozenset[str]]:
        """The entity set's rows that pass `$filter` (all without one), computed once."""
        rows, fields = self.records(name)
        if "$filter" not in params:
            return rows, fields
        key = (name, params["$filter"])
        with self._lock:
            if key not in self._filtered:
                self._filtered[key] = _filtered(rows, fields, params)
            return self._filtered[key], fields


class FakeCBS:
    """A threaded HTTP server that answers like CBS's OData v3 feed for the given tables.

    `tables` maps a table id to its folder. `page_size` caps the records per response; the rest
    follow through `odata.nextLink`. `catalog_extra` adds catalogue records for tables that are
    not served (e.g. an older edition). Use as a context manager or call `start()`/`stop()`.
    """

    def __init__(
        self,
        tables: dict[str, Path],
        page_size: int = 10000,
        catalog_extra: list[dict] | None = None,
    ):
        self._tables = {}
        for table_id, folder in tables.items():
            if not Path(folder, "TableInfos.json").is_file():
                raise ValueError(f"{folder} has no TableInfos.json: not a table folder")
            self._tables[table_id.lower()] = _Table(Path(folder))
        self.page_size = page_size
        self.catalog_extra = list(catalog_extra or [])
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []
        self._log: list[tuple[str, dict[str, str]]] = []
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def start(self) -> "FakeCBS":
        if self._httpd is not None:
            raise RuntimeError("FakeCBS is already running")
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-cbs",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; requests held by a "delay" fault end at once without an answer."""
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> "FakeCBS":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def catalog_url(self) -> str:
        """`host:port`, the form cbsodata's `catalog_url` argument takes."""
        if self._httpd is None:
            raise RuntimeError("FakeCBS is not running")
        return f"127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def url(self) -> str:
        return f"http://{self.catalog_url}"

    # -- fault injection
    def add_fault(
        self,
        path_contains: str,
        kind: str,
        times: int | None = 1,
        status: int = 500,
        delay: float = 0,
    ) -> None:
        """Spoil the next `times` requests (None: all) whose decoded path and query contain
        `path_contains`:

        - "status": answers HTTP `status` with an OData error body (404 as for an unknown
          table, 500/503 as in an outage);
        - "delay": waits `delay` seconds before the normal answer (a client timeout);
        - "truncate": sends the first half of the JSON body, status 200 (a cut connection);
        - "html": status 200 with `Content-Type: text/html` and a small maintenance page,
          as a proxy in front of a feed that is down answers;
        - "empty": status 200 with the JSON body `{}` (no `value`).

        For a renamed topic, serve a copy made by `copy_table_with_renamed_topic`."""
        if kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {_FAULT_KINDS}")
        with self._lock:
            self._faults.append(_Fault(path_contains, kind, times, status, delay))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _take_fault(self, target: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path_contains in target:
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
        return None

    # -- request log
    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        """A copy of the log: `(path, params)` per request received, in order."""
        with self._lock:
            return list(self._log)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def data_page_requests(self, table: str | None = None) -> int:
        """How many TypedDataSet/UntypedDataSet pages were requested (of `table`, if given)."""
        count = 0
        for path, _ in self.requests:
            parts = path.strip("/").split("/")
            if len(parts) == 4 and parts[3] in DATA_SETS:
                count += table is None or parts[2].lower() == table.lower()
        return count

    def _record(self, path: str, params: dict[str, str]) -> None:
        with self._lock:
            self._log.append((path, params))

    # -- answers
    def _answer(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        if params.get("$format") != "json":
            raise _ODataError(400, "only $format=json is supported")
        parts = [part for part in path.split("/") if part]
        if [part.lower() for part in parts] == ["odatacatalog", "tables"]:
            return self._catalog(params)
        if len(parts) in (3, 4) and parts[0].lower() in _FEED_ROOTS and parts[1].lower() == "odata":
            table = self._tables.get(parts[2].lower())
            if table is None:
                raise _ODataError(404, f"table {parts[2]!r} does not exist")
            base = f"{self.url}/{'/'.join(parts[:3])}"
            if len(parts) == 3:
                sets = [{"name": name, "url": f"{base}/{name}"} for name in table.entity_sets()]
                return {"odata.metadata": f"{base}/$metadata", "value": sets}
            return self._entity_set(table, base, parts[3], params)
        raise _ODataError(404, f"no resource at {path}")

    def _entity_set(self, table: _Table, base: str, name: str, params: dict[str, str]) -> dict:
        if name not in table.entity_sets():
            raise _ODataError(404, f"entity set {name!r} does not exist")
        rows, fields = table.filtered(name, params)
        select = _selection(fields, params)
        token = params.get("$skiptoken", "0")
        if not token.isdigit():
            raise _ODataError(400, f"bad $skiptoken {token!r}")
        start = int(token)
        page = {
            "odata.metadata": f"{base}/$metadata#{name}",
            "value": _project(rows[start : start + self.page_size], select),
        }
        if start + self.page_size < len(rows):
            kept = {k: v for k, v in params.items() if k in ("$format", "$filter", "$select")}
            query = urlencode({**kept, "$skiptoken": start + self.page_size}, quote_via=quote)
            page["odata.nextLink"] = f"{base}/{name}?{query}"
        return page

    def _catalog(self, params: dict[str, str]) -> dict:
        rows = [dict(t.records("TableInfos")[0][0]) for t in self._tables.values()]
        rows += self.catalog_extra
        fields = frozenset(k for row in rows for k in row)
        rows = _project(_filtered(rows, fields, params), _selection(fields, params))
        return {"odata.metadata": f"{self.url}/ODataCatalog/$metadata#Tables", "value": rows}


def _check_fields(names, fields: frozenset[str]) -> None:
    """Reject unknown field names; an empty entity set has no known fields and accepts any."""
    unknown = sorted(set(names) - fields)
    if fields and unknown:
        raise _ODataError(400, f"unknown field(s): {', '.join(unknown)}")


def _filtered(rows: list[dict], fields: frozenset[str], params: dict[str, str]) -> list[dict]:
    if "$filter" not in params:
        return rows
    try:
        predicate = compile_filter(params["$filter"])
        _check_fields(predicate.fields, fields)
        return [row for row in rows if predicate(row)]
    except FilterError as error:
        raise _ODataError(400, f"bad $filter: {error}") from error


def _selection(fields: frozenset[str], params: dict[str, str]) -> list[str] | None:
    if "$select" not in params:
        return None
    names = [name.strip() for name in params["$select"].split(",")]
    if not all(names):
        raise _ODataError(400, f"bad $select {params['$select']!r}")
    _check_fields(names, fields)
    return names


def _project(rows: list[dict], select: list[str] | None) -> list[dict]:
    if select is None:
        return rows
    return [{name: row.get(name) for name in select} for row in rows]


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer  # with a `fake` attribute set by FakeCBS.start

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `FakeCBS.requests` instead of an access log."""

    def do_GET(self) -> None:
        fake: FakeCBS = self.server.fake
        split = urlsplit(self.path)
        path = unquote(split.path)
        params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        fake._record(path, params)

        fault = fake._take_fault(unquote_plus(self.path))
        if fault and fault.kind == "status":
            self._send(fault.status, _error_body(f"injected fault: HTTP {fault.status}"))
            return
        if fault and fault.kind == "html":
            self._send_bytes(200, _MAINTENANCE_PAGE.encode("utf-8"), "text/html; charset=utf-8")
            return
        if fault and fault.kind == "empty":
            self._send(200, {})
            return
        if fault and fault.kind == "delay" and fake._stopping.wait(fault.delay):
            return  # the server is stopping: give up without an answer
        try:
            status, body = 200, fake._answer(path, params)
        except _ODataError as error:
            status, body = error.status, _error_body(str(error))
        self._send(status, body, truncate=bool(fault and fault.kind == "truncate"))

    def _send(self, status: int, body: dict, truncate: bool = False) -> None:
        data = json.dumps(body).encode("utf-8")
        if truncate:
            data = data[: len(data) // 2]
        self._send_bytes(status, data, "application/json;odata=minimalmetadata;charset=utf-8")

    def _send_bytes(self, status: int, data: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except ConnectionError:
            pass  # the client gave up (e.g. it timed out during a "delay" fault)


def _error_body(message: str) -> dict:
    return {"odata.error": {"code": "", "message": {"lang": "en-US", "value": message}}}


def copy_table_with_renamed_topic(
    src_dir: Path | str, dst_dir: Path | str, old_key: str, new_key: str
) -> Path:
    """Copy a table folder with topic `old_key` renamed to `new_key` in DataProperties and
    TypedDataSet, as when CBS renumbers a topic; serve the copy to test the ETL's stop."""
    src, dst = Path(src_dir), Path(dst_dir)
    properties = json.loads((src / "DataProperties.json").read_text(encoding="utf-8"))
    topics = [p for p in properties if p.get("Type") == "Topic" and p.get("Key") == old_key]
    if not topics:
        raise KeyError(f"{old_key!r} is not a topic of {src}")
    for topic in topics:
        topic["Key"] = new_key
    rows = json.loads((src / "TypedDataSet.json").read_text(encoding="utf-8"))
    rows = [{new_key if k == old_key else k: v for k, v in row.items()} for row in rows]

    dst.mkdir(parents=True, exist_ok=True)
    for file in src.glob("*.json"):
        if file.name not in ("DataProperties.json", "TypedDataSet.json"):
            shutil.copyfile(file, dst / file.name)
    (dst / "DataProperties.json").write_text(json.dumps(properties, indent=2), encoding="utf-8")
    (dst / "TypedDataSet.json").write_text(json.dumps(rows), encoding="utf-8")
    return dst
