"""gunicorn settings for ``gunicorn app:server`` (Procfile, ``make run``). Environment
overrides defaults: ``PORT`` (8050), ``HOST`` (127.0.0.1; a platform sets 0.0.0.0),
``WEB_CONCURRENCY`` (2 workers)."""

import os

from dashboard.server.log_config import logging_config

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Import the app once in the master so workers fork with the code already loaded; each
# worker still watches for new vintages itself (see on_starting for the store).
preload_app = True


def on_starting(server):
    """Load the published store in the master: every worker, a recycled one too, forks with
    it in memory and answers its first request at full speed."""
    from dashboard.data.store import STORE

    STORE.current()


# A callback builds a few small figures from in-memory frames: 30 s means something hangs.
timeout = 30
graceful_timeout = 20  # finish in-flight requests on deploy/restart
keepalive = 5  # behind a proxy that reuses connections

# Recycle workers now and then so a slow leak (plotly, pandas caches) cannot grow forever;
# the jitter keeps both workers from restarting at the same moment. A page visit is ~10
# requests, so this is a few thousand visits per worker: often enough to bound a leak, rare
# enough that a busy council meeting does not keep losing the page cache (at 2,000 both
# workers were replaced within 30 s of the load benchmark).
max_requests = 20000
max_requests_jitter = 2000

# The dashboard's URLs are short (a handful of query parameters); callback bodies come in
# the request body, which these limits do not touch.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# gunicorn 24+ opens a control socket (a Unix socket that can reload or stop workers) by
# default; nothing here uses it, so it stays shut.
control_socket_disable = True

accesslog = "-"  # stdout, for the platform's log collector
errorlog = "-"
# One format for the app's lines and gunicorn's own (dashboard/server/log_config.py, which
# app.py uses too): time, level and logger on stderr; the access log stays on stdout.
logconfig_dict = logging_config()
