"""gunicorn settings for ``gunicorn app:server`` (Procfile, ``make run``). Environment
overrides defaults: ``PORT`` (8050), ``HOST`` (127.0.0.1; a platform sets 0.0.0.0),
``WEB_CONCURRENCY`` (2 workers)."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Import the app once in the master so workers fork with the code already loaded; each
# worker still loads the store itself on first use and watches for new vintages.
preload_app = True

# A callback builds a few small figures from in-memory frames: 30 s means something hangs.
timeout = 30
graceful_timeout = 20  # finish in-flight requests on deploy/restart
keepalive = 5  # behind a proxy that reuses connections

# Recycle workers now and then so a slow leak (plotly, pandas caches) cannot grow forever;
# the jitter keeps both workers from restarting at the same moment.
max_requests = 2000
max_requests_jitter = 200

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
