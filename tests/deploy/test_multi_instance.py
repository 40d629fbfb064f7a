"""More than one instance, as docs/deploy.md runs them (issue 12, item 7): a real redis-server,
two gunicorn instances (1 worker each) on ONE data folder with ONE ``TALENT_CACHE_URL``, and a
real nginx in front running the deploy site file itself (deploy/nginx/talent.conf, through
tests/support/nginx_server.py), everything unprivileged on free 127.0.0.1 ports.

- mlt001: a shared link opened through nginx again and again, each time as the browser opens
  it (the page, /_dash-layout, /_dash-dependencies, the pages router) and then every callback
  the page offers (support.payloads; a browser fires most of them on a click: card menus,
  downloads), gives the same parsed JSON whichever instance answered, and both answered.
- mlt002: a page built on instance A is an ``X-Talent-Cache: hit`` on instance B.
- mlt003: a new publish into the data folder reaches both instances within
  ``TALENT_STORE_CHECK_SECONDS`` (+ margin), and the page through nginx shows it.
- mlt004: with instance A stopped, nginx serves 30 requests (pages and callbacks) from B, all
  200; its log shows that it tried A and moved on.
- mlt005: what the page links under /assets/ nginx serves from disk (the same bytes, gzipped),
  cached for good when fingerprinted (``?m=``) and revalidated otherwise; Dash's component
  scripts come from the app with the app's own cache headers.
- mlt006: the rate limit of the site file answers 429 past its burst, and does not touch
  /assets/ or /gezondheid.

The tests share one set of servers and run in this order (mlt003 publishes, mlt004 stops A,
mlt006 empties the limit's bucket). Requests through nginx are paced at the site file's own
rate so the limit never decides a test that is not about it.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from support.nginx_server import NginxServer, site_config
from support.payloads import page_components, payloads_for_page, router_payload
from support.redis_server import RedisServer
from support.servers import ROOT, free_port, start_gunicorn, stop
from support.stores import DEFAULT_VINTAGE, publish_store

from dashboard.components.ids import DATA_VINTAGE
from dashboard.i18n.formatting import format_vintage

STORE_CHECK_SECONDS = 1
NEW_VINTAGE = "20250402T090000Z"
# A shared link with every kind of parameter (dashboard/state/url.py: ViewState's fields).
SHARED_PATH = "/talentopgave"
SHARED_SEARCH = "?gemeente=GM0164&vergelijk=CR12,NL01,GM0153&van=2015&tot=2023&taal=nl"
# A link no other test opens, so its page is not in the cache before mlt002.
FRESH_PATH = "/"
FRESH_SEARCH = "?gemeente=GM0153&vergelijk=NL01&taal=en"
CACHE_HEADER = "X-Talent-Cache"
UPSTREAM_HEADER = "X-Upstream"
DASH_CONFIG = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.S)


@dataclass
class Answer:
    request: str  # what was asked: "GET /_dash-layout", "POST <callback outputs>" ...
    status: int
    upstream: str  # nginx's $upstream_addr ("" when asked directly)
    cache: str  # X-Talent-Cache ("" when the response did not go through the render cache)
    body: object  # parsed JSON (for the page: its _dash-config)


@dataclass
class Visitor:
    """A browser's requests against ``base``, at most ``rate`` per second when going through
    nginx (the site file's limit_req rate)."""

    base: str
    rate: float | None = None
    session: requests.Session = field(default_factory=requests.Session)
    _last: float = 0.0

    def _pace(self) -> None:
        if self.rate:
            wait = self._last + 1 / self.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()

    def ask(self, method: str, path: str, name: str, payload: dict | None = None) -> Answer:
        self._pace()
        response = self.session.request(method, self.base + path, json=payload, timeout=30)
        kind = response.headers.get("Content-Type", "")
        body: object = response.text
        if kind.startswith("application/json"):
            body = response.json()
        elif kind.startswith("text/html") and (config := DASH_CONFIG.search(response.text)):
            # The page itself: Dash's config in it, less end_id, a token Dash signs anew for
            # every page load (dash.py, _generate_config; used only by background callbacks,
            # which this app has none of), so it differs between two loads on one instance.
            body = {k: v for k, v in json.loads(config.group(1)).items() if k != "end_id"}
        return Answer(
            name,
            response.status_code,
            response.headers.get(UPSTREAM_HEADER, ""),
            response.headers.get(CACHE_HEADER, ""),
            body,
        )

    def open_page(self, path: str, search: str) -> list[Answer]:
        """The requests the browser makes to the app for one page open (the scripts and
        styles aside), in its order, then one for every callback the page offers."""
        answers = [
            self.ask("GET", path + search, f"GET {path}"),
            self.ask("GET", "/_dash-layout", "GET /_dash-layout"),
            self.ask("GET", "/_dash-dependencies", "GET /_dash-dependencies"),
            self.ask(
                "POST",
                "/_dash-update-component",
                "POST pages router",
                router_payload(path, search),
            ),
        ]
        deps, router = answers[2].body, answers[3].body
        assert isinstance(deps, list) and isinstance(router, dict), answers[3]
        for payload in payloads_for_page(deps, page_components(router)):
            name = "POST " + json.dumps(payload["outputs"], sort_keys=True)
            answers.append(self.ask("POST", "/_dash-update-component", name, payload))
        return answers

    def router(self, path: str, search: str) -> Answer:
        return self.ask(
            "POST", "/_dash-update-component", "POST pages router", router_payload(path, search)
        )


@dataclass
class Cluster:
    redis: RedisServer
    data_dir: Path
    ports: list[int]
    instances: list
    nginx: NginxServer
    rate: float
    burst: int

    def direct(self, index: int) -> Visitor:
        return Visitor(f"http://127.0.0.1:{self.ports[index]}")

    def through_nginx(self) -> Visitor:
        return Visitor(self.nginx.url, rate=self.rate)

    def address(self, index: int) -> str:
        return f"127.0.0.1:{self.ports[index]}"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("multi-instance")
    redis = RedisServer()  # skips when redis-server is absent
    nginx = NginxServer(
        [free_port(), free_port()],
        folder / "nginx",
        extra_http=f"add_header {UPSTREAM_HEADER} $upstream_addr always;",
    )
    # ^ skips when nginx is absent. The ports are the instances' (started below).
    ports = nginx.upstream_ports
    data_dir = folder / "data"
    data_dir.mkdir()
    publish_store(data_dir, vintage=DEFAULT_VINTAGE)
    instances: list = []
    redis.start()
    try:
        env = {
            "TALENT_CACHE_URL": redis.url,
            "TALENT_STORE_CHECK_SECONDS": str(STORE_CHECK_SECONDS),
        }
        # Both at once: each start loads the app and the store (several seconds).
        with ThreadPoolExecutor(2) as pool:
            starts = [
                pool.submit(
                    start_gunicorn,
                    data_dir,
                    port,
                    workers=1,
                    env=env,
                    log=folder / f"gunicorn-{port}.log",
                )
                for port in ports
            ]
            for start in starts:
                try:
                    instances.append(start.result())
                except RuntimeError:
                    pass  # the other one is still stopped in the finally below
        if len(instances) != 2:
            logs = "\n".join(p.read_text()[-2000:] for p in folder.glob("gunicorn-*.log"))
            raise RuntimeError(f"an app instance did not start:\n{logs}")
        nginx.start()
        site = site_config(ports, nginx.port, folder)
        rate = float(re.search(r"zone=talent_per_ip:\S+ rate=(\d+)r/s", site).group(1))
        burst = int(re.search(r"limit_req zone=talent_per_ip burst=(\d+)", site).group(1))
        yield Cluster(redis, data_dir, ports, instances, nginx, rate, burst)
    finally:
        nginx.stop()
        for process in instances:
            stop(process)
        redis.stop()


def by_request(answers: list[Answer]) -> dict[str, list[Answer]]:
    grouped: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        grouped[answer.request].append(answer)
    return grouped


def test_mlt001_a_shared_link_gives_the_same_view_whichever_instance_answers(cluster):
    # The reference: the link opened on instance A directly; B directly must agree.
    reference = {a.request: a for a in cluster.direct(0).open_page(SHARED_PATH, SHARED_SEARCH)}
    assert all(a.status == 200 for a in reference.values()), [
        (a.request, a.status) for a in reference.values() if a.status != 200
    ]
    assert len(reference) >= 5  # page, layout, dependencies, router and the page's callbacks
    for answer in cluster.direct(1).open_page(SHARED_PATH, SHARED_SEARCH):
        assert answer.body == reference[answer.request].body, answer.request

    visitor = cluster.through_nginx()
    answers: list[Answer] = []
    for _ in range(6):
        opened = visitor.open_page(SHARED_PATH, SHARED_SEARCH)
        answers += opened
        # nginx takes turns (round robin over two): the next request goes to the instance
        # that did not answer the last one. When that is the instance this open started on,
        # the next open would meet the instances in the same order (every kind of request on
        # one instance only): a health request in between shifts the turn.
        if opened[-1].upstream != opened[0].upstream:
            visitor.ask("GET", "/gezondheid", "GET /gezondheid")
    for request, group in by_request(answers).items():
        assert {a.status for a in group} == {200}, request
        assert {a.upstream for a in group} == {cluster.address(0), cluster.address(1)}, request
        for answer in group:
            assert answer.body == reference[request].body, f"{request} from {answer.upstream}"


def test_mlt002_a_page_built_on_one_instance_is_a_cache_hit_on_the_other(cluster):
    built = cluster.direct(0).router(FRESH_PATH, FRESH_SEARCH)
    assert (built.status, built.cache) == (200, "miss")
    served = cluster.direct(1).router(FRESH_PATH, FRESH_SEARCH)
    assert (served.status, served.cache) == (200, "hit")
    assert served.body == built.body
    again = cluster.direct(0).router(FRESH_PATH, FRESH_SEARCH)
    assert (again.status, again.cache) == (200, "hit")


def shown_vintage(router: Answer) -> str:
    assert isinstance(router.body, dict)
    components = page_components(router.body)
    assert DATA_VINTAGE in components, "the page shows no data version"
    return str(components[DATA_VINTAGE]["children"])


def test_mlt003_a_new_publish_reaches_both_instances(cluster):
    before = cluster.through_nginx().router(SHARED_PATH, SHARED_SEARCH)
    assert format_vintage(DEFAULT_VINTAGE) in shown_vintage(before)

    publish_store(cluster.data_dir, vintage=NEW_VINTAGE)
    published = time.monotonic()
    seen: dict[int, float] = {}
    while len(seen) < 2 and time.monotonic() - published < STORE_CHECK_SECONDS + 5:
        for index in (0, 1):
            if index not in seen:
                health = requests.get(f"http://{cluster.address(index)}/gezondheid", timeout=5)
                if health.json().get("vintage") == NEW_VINTAGE:
                    seen[index] = time.monotonic() - published
        time.sleep(0.1)
    assert sorted(seen) == [0, 1], f"not every instance saw {NEW_VINTAGE}: {seen}"
    # Each worker looks again at most every TALENT_STORE_CHECK_SECONDS; 2 s for the loading.
    assert max(seen.values()) <= STORE_CHECK_SECONDS + 2, seen

    # The same link as before, through nginx, on both instances: the new data version, not
    # the page the render cache holds for the old one.
    visitor = cluster.through_nginx()
    answers = [visitor.router(SHARED_PATH, SHARED_SEARCH) for _ in range(4)]
    assert {a.upstream for a in answers} == {cluster.address(0), cluster.address(1)}
    for answer in answers:
        assert answer.status == 200
        assert format_vintage(NEW_VINTAGE) in shown_vintage(answer), answer.upstream


def test_mlt004_with_one_instance_stopped_nginx_serves_from_the_other(cluster):
    visitor = cluster.through_nginx()
    page = visitor.open_page(SHARED_PATH, SHARED_SEARCH)  # both still up: the requests to replay
    assert {a.status for a in page} == {200}
    stop(cluster.instances[0])  # SIGTERM: gunicorn's graceful stop, as systemctl stop does
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{cluster.address(0)}/gezondheid", timeout=2)

    answers: list[Answer] = []
    while len(answers) < 30:
        answers += visitor.open_page(SHARED_PATH, SHARED_SEARCH)
    answers = answers[:30]
    methods = {a.request.split()[0] for a in answers}
    assert methods == {"GET", "POST"}
    reference = {a.request: a for a in page}
    for answer in answers:
        assert answer.status == 200, (answer.request, answer.status, answer.upstream)
        # The final instance is B; an attempt on A shows as "A, B" in $upstream_addr.
        assert answer.upstream.split(", ")[-1] == cluster.address(1), answer.upstream
        assert answer.body == reference[answer.request].body, answer.request
    # nginx did try A (and moved on without an error for the user): it was not skipped by luck.
    retried = [a for a in answers if a.upstream == f"{cluster.address(0)}, {cluster.address(1)}"]
    assert retried, [a.upstream for a in answers]
    assert "Connection refused" in cluster.nginx.error_log.read_text()


ASSET_LINK = re.compile(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"')


def test_mlt005_nginx_serves_the_assets_and_keeps_the_apps_cache_headers(cluster):
    session = requests.Session()
    page = session.get(f"{cluster.nginx.url}{SHARED_PATH}{SHARED_SEARCH}", timeout=10)
    links = ASSET_LINK.findall(page.text)
    assets = [link for link in links if link.startswith("/assets/")]
    suites = [link for link in links if link.startswith("/_dash-component-suites/")]
    assert any(link.startswith("/assets/style.css?m=") for link in assets), links
    assert suites, links
    for link in assets:
        answer = session.get(cluster.nginx.url + link, headers={"Accept-Encoding": "gzip"})
        file = ROOT / link.split("?")[0].lstrip("/")
        assert answer.status_code == 200, link
        assert answer.content == file.read_bytes(), link  # requests undoes the gzip
        assert UPSTREAM_HEADER not in answer.headers, link  # nginx answered, not an instance
        cache = answer.headers["Cache-Control"]
        assert "immutable" in cache and "max-age=315360000" in cache, (link, cache)
        if file.stat().st_size > 1000 and file.suffix in {".js", ".css"}:
            assert answer.headers.get("Content-Encoding") == "gzip", link
    # The same file without its fingerprint: revalidated, and a revalidation costs a 304.
    plain = session.get(f"{cluster.nginx.url}/assets/style.css")
    assert plain.headers["Cache-Control"] == "no-cache"
    again = session.get(
        f"{cluster.nginx.url}/assets/style.css", headers={"If-None-Match": plain.headers["ETag"]}
    )
    assert again.status_code == 304
    # Component scripts: proxied, with the app's own year-long immutable caching.
    for link in suites:
        answer = session.get(cluster.nginx.url + link)
        assert answer.status_code == 200, link
        assert answer.headers.get(UPSTREAM_HEADER), link
        assert "immutable" in answer.headers.get("Cache-Control", ""), link


def test_mlt006_the_rate_limit_answers_429_past_its_burst(cluster):
    time.sleep(1)  # what the earlier tests left in the bucket drains (1 s: `rate` requests)
    url = f"{cluster.nginx.url}/_dash-layout"
    requests_sent = 3 * cluster.burst

    def ask(_: int) -> int:
        return requests.get(url, timeout=30).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:  # a burst, as from a script, not a person
        statuses = list(pool.map(ask, range(requests_sent)))
    elapsed = time.monotonic() - started
    # The leaky bucket (ngx_http_limit_req_module) lets `burst` through at once (nodelay),
    # plus one per 1/rate s: at most burst + 1 + rate x elapsed pass; the rest get 429 (set
    # in the site file instead of the module's 503), and nothing else.
    passed = statuses.count(200)
    assert set(statuses) == {200, 429}, statuses
    assert cluster.burst <= passed <= cluster.burst + 2 + cluster.rate * elapsed, (passed, elapsed)
    # Assets (served by nginx) and health are outside the limit, even now.
    session = requests.Session()
    assert session.get(f"{cluster.nginx.url}/assets/style.css", timeout=10).status_code == 200
    assert session.get(f"{cluster.nginx.url}/gezondheid", timeout=10).status_code == 200
