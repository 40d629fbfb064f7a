"""gunicorn settings for ``gunicorn app:server`` (Procfile). Environment overrides defaults."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Import the app once in the master so workers fork with the code already loaded; each
# worker still loads the store itself on first use and watches for new vintages.
preload_app = True
timeout = 60
accesslog = "-"
