"""The one module that talks to CBS, through the real ``cbsodata`` client (OData v3).

CBS announced OData v4 without a date; keeping every call here means a v4 client replaces
this module only. Each request gets a timeout; transient faults (connection errors, timeouts,
HTTP 5xx, a response cut off mid-JSON — all seen in the 2026 v3 outages) are retried with
exponential backoff by tenacity; anything else fails at once with a plain message.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
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

Progress = Callable[[str], None]

_CBSODATA_LOCK = threading.Lock()  # cbsodata keeps the https switch in a module global


class CbsError(RuntimeError):
    """CBS could not be reached or answered wrongly, after all retries."""


def is_transient(exc: BaseException) -> bool:
    """Faults worth another try: the network, a timeout, a 5xx, a truncated body."""
    if isinstance(exc, (requests.ConnectionError, requests.Timeout, json.JSONDecodeError)):
        return True
    if isinstance(exc, requests.HTTPError):
        # cbsodata re-raises HTTPError without the response; the original is the cause.
        response = exc.response if exc.response is not None else getattr(
            exc.__cause__, "response", None)
        return response is not None and response.status_code >= 500
    return False


def describe(exc: BaseException) -> str:
    if isinstance(exc, requests.Timeout):
        return "the request timed out"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    if isinstance(exc, json.JSONDecodeError):
        return f"the response was not complete JSON ({exc.msg} at character {exc.pos})"
    return str(exc)


class _PageLogger(logging.Handler):
    """cbsodata logs 'Download <url>' for every page it fetches; turn that into progress."""

    def __init__(self, progress: Progress, table_id: str):
        super().__init__(logging.INFO)
        self.progress, self.table_id, self.pages = progress, table_id, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Download ") and "DataSet" in message:
            self.pages += 1
            self.progress(f"  {self.table_id}: data page {self.pages}")


class CbsClient:
    """Downloads CBS tables via cbsodata against ``base_url`` (live CBS by default)."""

    def __init__(self, base_url: str, *, timeout: float, retries: int, retry_wait: float,
                 progress: Progress = lambda _: None):
        parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
        self.base_url = base_url
        self._use_https = parts.scheme == "https"
        # cbsodata builds "<scheme>://<catalog_url>/ODataFeed/odata/<table>/..."
        self._catalog_url = parts.netloc + parts.path.rstrip("/")
        self.timeout, self.retries, self.retry_wait = timeout, retries, retry_wait
        self.progress = progress

    @contextmanager
    def _cbsodata(self) -> Iterator[None]:
        with _CBSODATA_LOCK:
            previous = cbsodata.options.use_https
            cbsodata.options.use_https = self._use_https
            try:
                yield
            finally:
                cbsodata.options.use_https = previous

    def _call(self, what: str, function: Callable, *args, **kwargs):
        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome else None
            self.progress(f"  {what}: {describe(exc)}; retry {state.attempt_number} of "
                          f"{self.retries - 1} in {state.next_action.sleep:.0f} s")

        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(max(1, self.retries)),
            wait=wait_exponential(multiplier=self.retry_wait, max=60),
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt, self._cbsodata():
                    return function(*args, catalog_url=self._catalog_url,
                                    timeout=self.timeout, **kwargs)
        except (requests.RequestException, json.JSONDecodeError) as exc:
            tries = f" after {self.retries} attempts" if is_transient(exc) else ""
            raise CbsError(f"{what} from {self.base_url} failed{tries}: {describe(exc)}") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def table_info(self, table_id: str) -> dict:
        info = self._call(f"{table_id} TableInfos", cbsodata.get_info, table_id)
        if not info:
            raise CbsError(f"{table_id}: CBS returned no TableInfos record")
        return info

    def metadata(self, table_id: str, name: str) -> list[dict]:
        return self._call(f"{table_id} {name}", cbsodata.get_meta, table_id, name)

    def catalogue(self, title_contains: str) -> list[dict]:
        """Catalogue records whose title contains the text (server-side filter)."""
        text = title_contains.replace("'", "''")
        return self._call("catalogue", cbsodata.get_table_list,
                          filters=f"substringof('{text}',Title)")

    def download(self, table_id: str, folder: Path, *, select: list[str] | None,
                 filters: str | None) -> None:
        """Write the table in cbsodata's own layout into ``folder`` (which must be fresh)."""
        handler = _PageLogger(self.progress, table_id)
        root = logging.getLogger()
        previous_level = root.level
        root.addHandler(handler)
        root.setLevel(min(previous_level or logging.WARNING, logging.INFO))
        try:
            self._call(f"{table_id} data", cbsodata.download_data, table_id, dir=str(folder),
                       select=select, filters=filters)
        finally:
            root.removeHandler(handler)
            root.setLevel(previous_level)
