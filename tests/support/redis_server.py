"""A real Redis (Debian's ``/usr/bin/redis-server``) that a test starts on a free 127.0.0.1
port and stops again; nothing is written to disk (``--save ''``, ``--appendonly no``).

API::

    from support.redis_server import RedisServer, redis_server

    with redis_server() as redis:          # started, answering PING; stopped on exit
        redis.url                          # "redis://127.0.0.1:<port>/0" -> TALENT_CACHE_URL
        redis.port, redis.process
        redis.stop()                       # SIGTERM, then SIGKILL after 10 s (a dead server)
        redis.start()                      # again, on the same port (a server come back)
        redis.running()                    # answers PING?

    redis = RedisServer()                  # or by hand: start() ... stop() in a finally
    redis = RedisServer(port=6390)         # a port of your choosing

``redis_server()`` and ``RedisServer()`` skip the test (pytest.skip) when redis-server is not
installed (``apt-get install redis-server``), so a machine without it says why.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.servers import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class RedisServer:
    """One redis-server process on 127.0.0.1:``port``; ``start()`` it, ``stop()`` it."""

    def __init__(self, port: int | None = None) -> None:
        if not Path(REDIS_SERVER).exists():
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        # Its working directory: nothing is saved there, but redis-server wants one it may use.
        self._dir = tempfile.mkdtemp(prefix="talent-redis-")

    def start(self, timeout: float = 15) -> RedisServer:
        if self.process is not None and self.process.poll() is None:
            return self
        options = {
            "port": str(self.port),
            "bind": "127.0.0.1",
            "save": "",  # no snapshots
            "appendonly": "no",  # no log of writes either
            "dir": self._dir,
            "daemonize": "no",
            "loglevel": "warning",
        }
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *(arg for name, value in options.items() for arg in (f"--{name}", value)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.running():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def running(self) -> bool:
        """Whether it answers PING (the inline command form of Redis' protocol)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s; a no-op when it is not running."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)


@contextmanager
def redis_server(port: int | None = None) -> Iterator[RedisServer]:
    """A started :class:`RedisServer`, stopped (and its directory removed) on exit."""
    with RedisServer(port) as server:
        yield server
