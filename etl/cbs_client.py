"""The CBS clients' shared ground, and the OData v3 client through the real ``cbsodata``.

Only this module and :mod:`etl.cbs_v4` talk to CBS. CBS runs two APIs side by side (see
../shared/CBS-API.md): v3 (``opendata.cbs.nl``, what ``cbsodata`` speaks; :class:`CbsClient`)
and v4 (``datasets.cbs.nl``; :class:`etl.cbs_v4.CbsV4Client`, which writes the same raw layout).
Both share what is here: each request gets a timeout; transient faults (connection errors,
timeouts, HTTP 5xx, a response cut off mid-JSON — all seen in the 2026 v3 outages) are retried
with exponential backoff by tenacity; anything else fails at once. Every failure is a
``CbsError`` with a plain message naming the table and a ``reason`` the pipeline turns into
advice. What to ask for is said once, API-neutral (:class:`Query`), and each client words it
in its own ``$filter`` dialect.

v3 metadata, table infos and the catalogue come from cbsodata itself. The data set does not:
``cbsodata.download_data`` keeps every page of a table in memory before it writes anything
(about 2 GB for 03759ned with every municipality), so ``download`` requests the pages the way
cbsodata does and writes each to the raw cache as it arrives (``etl.raw.DataSetWriter``),
retrying a failed page rather than the whole table.
"""

from __future__ import annotations

import functools
import json
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, TypeVar
from urllib.parse import urlsplit

import cbsodata
import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from etl import raw

Progress = Callable[[str], None]
Reason = Literal["unreachable", "not_found", "bad_answer"]
Api = Literal["v3", "v4"]
_T = TypeVar("_T")

_CBSODATA_LOCK = threading.Lock()  # cbsodata keeps the https switch in a module global
# cbsodata 1.3.5 builds every table URL as "<scheme>://<catalog_url>/ODataFeed/odata/<table>/"
# (cbsodata3._get_table_url) and asks for "$format=json" on the first page of each set.
_FEED = "ODataFeed/odata"
# The longest query string a data request may carry. CBS's feeds answer in the JSON of
# Microsoft's WCF Data Services ("odata.metadata"), so IIS is a fair guess for the server
# [?]; IIS's request filtering accepts query strings up to 2048 bytes by default
# (learn.microsoft.com, "requestLimits Element for requestFiltering", maxQueryString), and
# cbsodataR users have seen CBS fail requests with long filters (edwindj/cbsodataR issue
# 16, every municipality listed). A filter longer than this is not sent.
MAX_QUERY_BYTES = 2048
_DATA_SETS = ("TypedDataSet", "UntypedDataSet")


class CbsError(RuntimeError):
    """CBS could not be reached or answered wrongly, after all retries.

    ``reason``: ``"unreachable"`` (connection, timeout, 5xx after retries), ``"not_found"``
    (HTTP 404) or ``"bad_answer"`` (an HTML page, empty or invalid JSON, another 4xx)."""

    def __init__(self, message: str, reason: Reason = "bad_answer"):
        super().__init__(message)
        self.reason: Reason = reason


class BadAnswer(ValueError):
    """A 200 answer that is not the JSON CBS sends: an HTML page, or JSON without records."""

    def __init__(self, detail: str, *, html: bool):
        super().__init__(detail)
        self.html = html


def looks_like_html(text: str) -> bool:
    return text.lstrip()[:1] == "<"


def _response(exc: BaseException) -> requests.Response | None:
    # cbsodata re-raises HTTPError without the response; the original is the cause.
    response = getattr(exc, "response", None)
    return response if response is not None else getattr(exc.__cause__, "response", None)


def _status(exc: BaseException) -> int | None:
    response = _response(exc)
    return None if response is None else response.status_code


def is_transient(exc: BaseException) -> bool:
    """Faults worth another try: the network, a timeout, a 5xx, a truncated body, an HTML
    page. An HTML page where JSON belongs is retried because it is what a front end shows
    while the feed behind it is down or restarting, not an answer to our question: during
    the 2026 v3 outages the OData API answered with an HTML redirect [3rd: the CBS fetcher
    of V2G-liberty/addon-v2g-liberty, pull request 447], besides resetting connections
    [3rd, confirmed by CBS Infoservice: J535D165/cbsodata issue 22]. A few retries (seconds)
    cost less than a table kept from the last store. JSON without records is not retried:
    it is a well-formed answer that asking again would only repeat."""
    if isinstance(exc, (requests.ConnectionError, requests.Timeout, json.JSONDecodeError)):
        return True
    if isinstance(exc, BadAnswer):
        return exc.html
    if isinstance(exc, requests.HTTPError):
        status = _status(exc)
        return status is not None and status >= 500
    return False


def reason_of(exc: BaseException) -> Reason:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return "unreachable"
    if isinstance(exc, requests.HTTPError):
        status = _status(exc)
        if status == 404:
            return "not_found"
        return "unreachable" if status is not None and status >= 500 else "bad_answer"
    return "bad_answer"


def describe(exc: BaseException) -> str:
    if isinstance(exc, requests.Timeout):
        return "the request timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    if isinstance(exc, json.JSONDecodeError):
        if looks_like_html(exc.doc):
            return _HTML_ANSWER
        return f"the response was not complete JSON ({exc.msg} at character {exc.pos})"
    response = _response(exc)
    if isinstance(exc, requests.HTTPError) and response is not None:
        return f"HTTP {response.status_code} ({response.reason}) at {response.url}"
    return str(exc)


_HTML_ANSWER = (
    "CBS answered with a web page (HTML) where JSON was expected; perhaps a maintenance page"
)


def _is_cbs_fault(exc: BaseException) -> bool:
    return isinstance(exc, (requests.RequestException, json.JSONDecodeError, BadAnswer))


@dataclass(frozen=True)
class Request:
    """What one request is for, to name it in messages: ``table`` is None for the catalogue."""

    table: str | None
    part: str

    def __str__(self) -> str:
        return f"{self.table} {self.part}" if self.table else self.part


# --- what to ask CBS for, whichever API ----------------------------------------------------


@dataclass(frozen=True)
class RegionClause:
    """Regions in scope: each term a code ('GM0164') or a code prefix ('GM'). ``sent_as``
    maps each code the dimension has to the form CBS sends it in (padding included)."""

    dimension: str
    terms: tuple[str, ...]
    sent_as: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PeriodClause:
    """Periods whose code contains ``part`` ('JJ': whole years)."""

    dimension: str
    part: str


@dataclass(frozen=True)
class PeriodsClause:
    """Exactly these periods (codes as CBS sends them): the peer finder's narrow national
    extract asks for the last few years only (etl/peer_stage.py)."""

    dimension: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class MemberClause:
    """One member of a dimension (its total), its code exactly as CBS sends it."""

    dimension: str
    code: str


@dataclass(frozen=True)
class PairClause:
    """Rows with a region in scope on *either* side of a pair (origin or destination):
    ``terms`` as for :class:`RegionClause`, ``sent_as`` per dimension."""

    dimensions: tuple[str, ...]
    terms: tuple[str, ...]
    sent_as: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def alternatives(self, code_form, prefix_form) -> list[str]:
        """Every (dimension, term) as a condition: a code the dimension has in its sent
        form through ``code_form(dimension, sent)``, a prefix through ``prefix_form``."""
        return [
            code_form(d, self.sent_as[d][t]) if t in self.sent_as.get(d, {}) else prefix_form(d, t)
            for d in self.dimensions
            for t in self.terms
        ]


Clause = RegionClause | PeriodClause | PeriodsClause | MemberClause | PairClause


@dataclass(frozen=True)
class Query:
    """The server-side selection of one table (built from its metadata by etl.extract):
    ``topics`` are the topic keys to keep (None: every topic), ``clauses`` are ANDed."""

    table_id: str
    dimensions: tuple[str, ...]
    topics: tuple[str, ...] | None
    clauses: tuple[Clause, ...]


def quoted(value: str) -> str:
    """An OData string literal (both versions double a quote inside it)."""
    return "'" + value.replace("'", "''") + "'"


def any_of(terms: list[str]) -> str:
    return "(" + " or ".join(terms) + ")" if len(terms) > 1 else terms[0]


def v3_query(query: Query) -> tuple[list[str] | None, str]:
    """($select, $filter) in OData v3 as cbsodata sends them. Regions and periods are matched
    with ``substringof``, so CBS's padding of keys ('NL01  ') does not matter. A pair
    table's municipalities are matched with ``eq`` on each code as CBS sends it (padding
    included), which is shorter: the filter of both sides must stay within what a server
    accepts in a URL (see :data:`MAX_QUERY_BYTES`)."""
    clauses = []
    for clause in query.clauses:
        if isinstance(clause, PairClause):
            clauses.append(
                any_of(
                    clause.alternatives(
                        lambda d, code: f"{d} eq {quoted(code)}",
                        lambda d, prefix: f"substringof({quoted(prefix)},{d})",
                    )
                )
            )
        elif isinstance(clause, RegionClause):
            clauses.append(
                any_of([f"substringof({quoted(t)},{clause.dimension})" for t in clause.terms])
            )
        elif isinstance(clause, PeriodClause):
            clauses.append(f"substringof({quoted(clause.part)},{clause.dimension})")
        elif isinstance(clause, PeriodsClause):
            clauses.append(any_of([f"{clause.dimension} eq {quoted(c)}" for c in clause.codes]))
        else:
            clauses.append(f"{clause.dimension} eq {quoted(clause.code)}")
    select = [*query.dimensions, *query.topics] if query.topics else None
    return select, " and ".join(clauses)


class CbsSource(Protocol):
    """What the extract needs of a CBS API. Records come in v3's shape from either API
    (catalogue records, TableInfos, DataProperties, dimension members), and ``download``
    writes v3's raw layout, so nothing after the extract knows which API a table came from."""

    api: Api
    base_url: str

    def table_url(self, table_id: str) -> str: ...

    def catalogue(self, title_contains: str) -> list[dict]: ...

    def table_info(self, table_id: str) -> dict: ...

    def metadata(self, table_id: str, name: str) -> list[dict]: ...

    def render_query(self, query: Query) -> tuple[list[str] | None, str]: ...

    def download(
        self, table_id: str, folder: Path, *, select: list[str] | None, filters: str | None
    ) -> None: ...


# --- what every client shares: retries, one error type, JSON pages --------------------------


class FeedClient:
    """Requests with a timeout, retried per request; JSON pages followed through the next
    link (``_NEXT_LINK``: v3 ``odata.nextLink``, v4 ``@odata.nextLink``)."""

    _NEXT_LINK = "odata.nextLink"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        retries: int,
        retry_wait: float,
        progress: Progress = lambda _: None,
    ):
        self.base_url = base_url
        self.timeout, self.retries, self.retry_wait = timeout, retries, retry_wait
        self.progress = progress

    def _retried(self, request: Request, attempt: Callable[[], _T]) -> _T:
        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            wait = state.next_action.sleep if state.next_action else 0
            self.progress(
                f"  {request}: {describe(exc) if exc else 'failed'}; retry "
                f"{state.attempt_number} of {self.retries - 1} in {wait:.0f} s"
            )

        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(max(1, self.retries)),
            wait=wait_exponential(multiplier=self.retry_wait, max=60),
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except Exception as exc:
            if not _is_cbs_fault(exc):
                raise
            raise self._error(request, exc) from exc

    def _error(self, request: Request, exc: BaseException) -> CbsError:
        reason = reason_of(exc)
        if reason == "not_found":
            response = _response(exc)
            url = response.url if response is not None else self.base_url
            return CbsError(f"CBS has no {self._missing(request)} at {url} (HTTP 404)", reason)
        attempts = max(1, self.retries)
        tries = (
            f" after {attempts} attempt{'s' if attempts > 1 else ''}" if is_transient(exc) else ""
        )
        return CbsError(f"{request} from {self.base_url} failed{tries}: {describe(exc)}", reason)

    @staticmethod
    def _missing(request: Request) -> str:
        if request.table is None:
            return "table catalogue"
        if request.part in ("TableInfos", "Properties", "entity sets") or request.part.startswith(
            "data"
        ):
            return f"table {request.table}"
        return f"entity set {request.part} for table {request.table}"

    def _pages(
        self,
        session: requests.Session,
        request: Request,
        url: str | None,
        params: dict[str, str],
        *,
        announce: bool = False,
    ) -> Iterator[list]:
        """The ``value`` of each page, following the next link (which carries the whole
        query, so later pages get no parameters, as in cbsodata); each page retried alone."""
        number = 0
        while url:
            number += 1
            page_request = Request(
                request.table,
                f"{request.part} page {number}" if request.part == "data" else request.part,
            )
            if announce:
                self.progress(f"  {request.table}: data page {number}")
            answer = self._retried(
                page_request, functools.partial(self._get_json, session, url, params)
            )
            yield answer["value"]
            url, params = answer.get(self._NEXT_LINK), {}

    def _request_options(self) -> dict:
        return {"timeout": self.timeout}

    def check_query_length(self, table_id: str, url: str, params: dict[str, str]) -> int:
        """The query string's length in bytes as sent; CbsError when it is over
        :data:`MAX_QUERY_BYTES` (the server would refuse or cut it: better said here)."""
        prepared = requests.Request("GET", url, params=params).prepare()
        length = len(urlsplit(prepared.url or "").query.encode("utf-8"))
        if length > MAX_QUERY_BYTES:
            raise CbsError(
                f"{table_id}: the server-side filter would make a query string of "
                f"{length:,} bytes, more than the {MAX_QUERY_BYTES:,} a server accepts by "
                "default; the scope has too many municipalities to list one by one",
                "bad_answer",
            )
        return length

    def _get_json(
        self,
        session: requests.Session,
        url: str | None,
        params: dict[str, str],
        *,
        records: bool = True,
    ) -> dict:
        """The answer as JSON; ``records``: it must hold a ``value`` list (else one object)."""
        prepared = requests.Request("GET", url, params=params).prepare()
        response = session.send(prepared, **self._request_options())
        response.raise_for_status()
        response.encoding = "utf-8"
        text = response.text
        try:
            answer = json.loads(text)
        except json.JSONDecodeError:
            if looks_like_html(text) or "html" in response.headers.get("Content-Type", ""):
                raise BadAnswer(_HTML_ANSWER, html=True) from None
            raise  # cut off: retried as truncated JSON
        if not isinstance(answer, dict):
            raise BadAnswer(f"the answer is not a JSON object: {text[:80]!r}", html=False)
        if records and not isinstance(answer.get("value"), list):
            raise BadAnswer(
                f"the answer held no 'value' list of records: {text[:80]!r}", html=False
            )
        return answer


# --- OData v3, through cbsodata ------------------------------------------------------------


class CbsClient(FeedClient):
    """Downloads CBS tables via cbsodata against ``base_url`` (live CBS by default)."""

    api: Api = "v3"

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
            base_url, timeout=timeout, retries=retries, retry_wait=retry_wait, progress=progress
        )
        parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
        self._use_https = parts.scheme == "https"
        # cbsodata builds "<scheme>://<catalog_url>/ODataFeed/odata/<table>/..."
        self._catalog_url = parts.netloc + parts.path.rstrip("/")

    def render_query(self, query: Query) -> tuple[list[str] | None, str]:
        return v3_query(query)

    # -- through cbsodata

    @contextmanager
    def _cbsodata(self) -> Iterator[None]:
        with _CBSODATA_LOCK:
            previous = cbsodata.options.use_https
            cbsodata.options.use_https = self._use_https
            try:
                yield
            finally:
                cbsodata.options.use_https = previous

    def _call(self, request: Request, function: Callable, *args, **kwargs):
        def through_cbsodata():
            with self._cbsodata():
                try:
                    return function(
                        *args, catalog_url=self._catalog_url, timeout=self.timeout, **kwargs
                    )
                except KeyError as exc:
                    # cbsodata reads res["value"] unchecked: JSON without records
                    raise BadAnswer(
                        "the answer held no 'value' list of records", html=False
                    ) from exc

        return self._retried(request, through_cbsodata)

    def table_info(self, table_id: str) -> dict:
        request = Request(table_id, "TableInfos")
        info = self._call(request, cbsodata.get_info, table_id)
        if not isinstance(info, dict):
            raise CbsError(
                f"{request} from {self.base_url}: CBS returned no TableInfos record", "bad_answer"
            )
        return info

    def metadata(self, table_id: str, name: str) -> list[dict]:
        request = Request(table_id, name)
        records = self._call(request, cbsodata.get_meta, table_id, name)
        return self._records(request, records)

    def catalogue(self, title_contains: str) -> list[dict]:
        """Catalogue records whose title contains the text (server-side filter)."""
        request = Request(None, "catalogue")
        records = self._call(
            request, cbsodata.get_table_list, filters=f"substringof({quoted(title_contains)},Title)"
        )
        return self._records(request, records)

    def _records(self, request: Request, records: object) -> list[dict]:
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise CbsError(
                f"{request} from {self.base_url}: the answer's 'value' is not a list of records",
                "bad_answer",
            )
        return records

    # -- the data, page by page

    def download(
        self, table_id: str, folder: Path, *, select: list[str] | None, filters: str | None
    ) -> None:
        """Write the table in cbsodata's own layout into ``folder`` (which must be fresh):
        exactly the files ``cbsodata.download_data(table_id, dir=folder, select=select,
        filters=filters)`` writes, plus the data's parquet sidecar (``etl.raw``). The data
        is written page by page as it arrives; metadata first, so a table whose metadata
        fails costs no data pages."""
        names = [n for n in self._entity_set_names(table_id) if n != "UntypedDataSet"]
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)  # as cbsodata's _save_data does
        properties = None
        for name in names:
            if name not in _DATA_SETS:
                records = self.metadata(table_id, name)
                raw.write_entity_set(folder, name, records)
                properties = records if name == "DataProperties" else properties
        for name in names:
            if name in _DATA_SETS:
                self._stream_data_set(table_id, name, folder, properties, select, filters)

    def table_url(self, table_id: str) -> str:
        scheme = "https" if self._use_https else "http"
        return f"{scheme}://{self._catalog_url}/{_FEED}/{table_id}"

    def _table_url(self, table_id: str) -> str:
        return self.table_url(table_id) + "/"

    def _entity_set_names(self, table_id: str) -> list[str]:
        request = Request(table_id, "entity sets")
        with requests.Session() as session:
            sets = [
                entry
                for page in self._pages(
                    session, request, self._table_url(table_id), {"$format": "json"}
                )
                for entry in page
            ]
        if not all(isinstance(s, dict) and isinstance(s.get("name"), str) for s in sets):
            raise CbsError(
                f"{request} from {self.base_url}: the table's list of entity sets "
                "is not a list of names",
                "bad_answer",
            )
        return [s["name"] for s in sets]

    def _stream_data_set(
        self,
        table_id: str,
        name: str,
        folder: Path,
        properties: list[dict] | None,
        select: list[str] | None,
        filters: str | None,
    ) -> None:
        params = {"$format": "json"}
        if select:
            params["$select"] = ",".join(select) if isinstance(select, list) else select
        if filters:
            params["$filter"] = filters
        url = self._table_url(table_id) + name
        self.check_query_length(table_id, url, params)
        with raw.DataSetWriter(folder, properties, name) as writer, requests.Session() as session:
            pages = self._pages(session, Request(table_id, "data"), url, params, announce=True)
            for page in fetched_ahead(pages):
                writer.write_page(page)
            writer.close()

    def _request_options(self) -> dict:
        # the same extra arguments cbsodata passes to requests (proxies, cert, verify)
        return {**cbsodata.options.requests, "timeout": self.timeout}


def fetched_ahead(pages: Iterator[list]) -> Iterator[list]:
    """The pages, the next one fetched in a thread while the caller writes this one: waiting
    for CBS overlaps our own encoding (json, the sidecar). At most one page waits, so memory
    stays at about three pages. A fault while fetching is raised here, in the caller."""
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(kind: str, item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put((kind, item), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False  # the caller has gone

    def fetch() -> None:
        try:
            for page in pages:
                if not hand_over("page", page):
                    return
            hand_over("end", None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            hand_over("fault", exc)

    fetcher = threading.Thread(target=fetch, name="cbs-page-fetcher", daemon=True)
    fetcher.start()
    try:
        while True:
            kind, item = ready.get()
            if kind == "fault":
                raise item
            if kind == "end":
                break
            yield item
        fetcher.join()
    finally:
        stop.set()  # the caller failed or stopped early: the fetcher ends after its request
