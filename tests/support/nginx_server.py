"""A real nginx (Debian's ``/usr/sbin/nginx``) in front of app instances, run unprivileged on a
free 127.0.0.1 port with THE deploy site file, ``deploy/nginx/talent.conf``.

The site file is used as it is; only what differs on a test machine is replaced (and a
replacement that no longer finds its text stops the start with a message, so a test never runs
a second, hand-written copy): the upstream's ``server 127.0.0.1:<port>`` lines by one line per
instance port (same parameters), ``listen 80;`` by ``listen 127.0.0.1:<port>;``,
``/opt/talentopgave`` (the app's folder) by this checkout, ``/var/log/nginx`` by the run's
folder. Around it, an ``nginx.conf`` with the ``http {}`` block that Debian's own nginx.conf
would give (mime types, sendfile), every ``*_temp_path`` inside the run's folder, started as
``nginx -p <folder> -c <folder>/nginx.conf -g 'daemon off; pid <folder>/nginx.pid;'``.

API::

    from support.nginx_server import NginxServer, nginx_server, NGINX, nginx_installed

    with nginx_server([port_a, port_b], folder) as nginx:  # started, answering; stopped on exit
        nginx.url                 # "http://127.0.0.1:<port>"
        nginx.port, nginx.process, nginx.folder
        nginx.access_log          # Path: the site's access log (format "talent": up=<upstream>)
        nginx.error_log           # Path: the site's error log
        nginx.upstreams()         # [$upstream_addr of every logged request, oldest first]
        nginx.stop()              # SIGQUIT (graceful), then SIGKILL after 10 s

    NginxServer([8051, 8052], folder, extra_http="add_header X-Upstream $upstream_addr;")
    # extra_http: directives for the http {} block (test-only, e.g. a response header naming
    # the instance that answered; it reaches every location that has no add_header of its own,
    # i.e. all proxied ones). port=...: a port of your choosing. start() ... stop() by hand.

``nginx_server()`` and ``NginxServer()`` skip the test (pytest.skip) when nginx is not installed
(``apt-get install nginx``; ``/usr/sbin`` need not be on PATH). A benchmark outside pytest checks
``nginx_installed()`` first.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from support.servers import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE_FILE = ROOT / "deploy" / "nginx" / "talent.conf"
# Debian's nginx package installs it; the site file relies on the types (application/json ...).
MIME_TYPES = Path("/etc/nginx/mime.types")

# What the site file holds for a production machine, and what replaces it here.
APP_FOLDER = "/opt/talentopgave"
LOG_FOLDER = "/var/log/nginx"
LISTEN = "listen 80;"
UPSTREAM_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n", re.MULTILINE)
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
UPSTREAM_IN_LOG = re.compile(r" up=(\S+(?:, \S+)*) up_status=")


def nginx_installed() -> bool:
    return Path(NGINX).exists()


def site_config(
    upstream_ports: Sequence[int],
    listen_port: int,
    log_folder: Path,
    app_folder: Path = ROOT,
    site_file: Path = SITE_FILE,
) -> str:
    """The deploy site file with this machine's ports and folders (see the module docstring)."""
    text = site_file.read_text()
    servers = list(UPSTREAM_SERVER.finditer(text))
    problems = []
    if not servers:
        problems.append("no 'server 127.0.0.1:<port> ...;' line in its upstream")
    for expected in (LISTEN, APP_FOLDER, LOG_FOLDER):
        if expected not in text:
            problems.append(f"no {expected!r}")
    if problems:
        raise RuntimeError(
            f"{site_file} changed: {'; '.join(problems)}. Update tests/support/nginx_server.py "
            "so the test keeps running that file."
        )
    indent, parameters = servers[0].group(1), servers[0].group(2) or ""
    lines = "".join(f"{indent}server 127.0.0.1:{port}{parameters};\n" for port in upstream_ports)
    text = text[: servers[0].start()] + lines + text[servers[-1].end() :]
    text = text.replace(LISTEN, f"listen 127.0.0.1:{listen_port};")
    text = text.replace(APP_FOLDER, str(app_folder))
    return text.replace(LOG_FOLDER, str(log_folder))


def main_config(folder: Path, site: Path, extra_http: str = "") -> str:
    """An nginx.conf around the site file, everything nginx writes inside ``folder``."""
    # As root (CI), nginx would hand its workers to "nobody", who may not enter the test's
    # private temporary folder; they stay root there. As any other user they run as that user.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"    {name}_temp_path {folder / 'temp' / name};\n" for name in TEMP_PATHS)
    return (
        f"{user}worker_processes 1;\n"
        f"error_log {folder / 'logs' / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        f"    access_log {folder / 'logs' / 'access.log'};\n"
        f"{temp}"
        f"    {extra_http}\n"
        f"    include {site};\n"
        "}\n"
    )


class NginxServer:
    """One nginx master (1 worker) on 127.0.0.1:``port`` in front of ``upstream_ports``."""

    def __init__(
        self,
        upstream_ports: Sequence[int],
        folder: Path | None = None,
        *,
        port: int | None = None,
        extra_http: str = "",
    ) -> None:
        if not nginx_installed():
            pytest.skip("nginx is not installed (apt-get install nginx)")
        self.upstream_ports = list(upstream_ports)
        # A folder made here is removed on exit; one given is left for the caller (its logs).
        self._own_folder = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="talent-nginx-")).resolve()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_http = extra_http
        self.access_log = self.folder / "logs" / "talent.access.log"
        self.error_log = self.folder / "logs" / "talent.error.log"
        self.process: subprocess.Popen | None = None

    def write_config(self) -> Path:
        for name in ("logs", *(f"temp/{t}" for t in TEMP_PATHS)):
            (self.folder / name).mkdir(parents=True, exist_ok=True)
        site = self.folder / "talent.conf"
        site.write_text(site_config(self.upstream_ports, self.port, self.folder / "logs"))
        config = self.folder / "nginx.conf"
        config.write_text(main_config(self.folder, site, self.extra_http))
        return config

    def command(self, *extra: str) -> list[str]:
        return [
            NGINX,
            "-p",
            str(self.folder),
            "-c",
            str(self.folder / "nginx.conf"),
            "-g",
            f"daemon off; pid {self.folder / 'nginx.pid'};",
            *extra,
        ]

    def start(self, timeout: float = 15) -> NginxServer:
        if self.process is not None and self.process.poll() is None:
            return self
        self.write_config()
        check = subprocess.run(self.command("-t", "-q"), capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration:\n{check.stderr}")
        self.process = subprocess.Popen(
            self.command(),
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "logs" / "stderr.log", "ab"),  # noqa: SIM115 - nginx keeps it
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answering():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        errors = (self.folder / "logs" / "stderr.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"nginx on port {self.port} did not start:\n{errors}")

    def answering(self) -> bool:
        """Whether nginx accepts a request (any status: the instances may still be starting)."""
        try:
            requests.get(f"{self.url}/assets/style.css", timeout=1)
            return True
        except requests.RequestException:
            return False

    def upstreams(self) -> list[str]:
        """The ``$upstream_addr`` of every logged request, oldest first (nginx writes a line
        when the response has been sent)."""
        if not self.access_log.exists():
            return []
        text = self.access_log.read_text(errors="replace")
        return [m.group(1) for m in UPSTREAM_IN_LOG.finditer(text)]

    def stop(self) -> None:
        """SIGQUIT (graceful shutdown), then SIGKILL after 10 s; a no-op when not running."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def __enter__(self) -> NginxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def nginx_server(
    upstream_ports: Sequence[int],
    folder: Path | None = None,
    *,
    port: int | None = None,
    extra_http: str = "",
) -> Iterator[NginxServer]:
    """A started :class:`NginxServer`, stopped on exit."""
    with NginxServer(upstream_ports, folder, port=port, extra_http=extra_http) as server:
        yield server
