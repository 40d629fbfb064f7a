"""Entry point: builds the Dash app and exposes ``server`` for gunicorn (see Procfile).

Development server: ``python app.py`` (port from $PORT, default 8050).
"""

import os

from dashboard.application import create_app
from dashboard.server import log_config

if __name__ == "__main__":
    # Before the app is built, so that what building it logs is formatted too; under
    # gunicorn, gunicorn.conf.py's logconfig_dict does the same.
    log_config.configure()

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8050")), debug=False)
