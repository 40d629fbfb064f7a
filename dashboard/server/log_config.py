"""The one logging configuration of the dashboard: under gunicorn (``logconfig_dict`` in
gunicorn.conf.py) and under ``python app.py`` alike.

Every line the app writes (loggers ``dashboard``, ``etl`` and anything else through the root
logger) goes to stderr as ``<time> <LEVEL> <logger>: <message>``, from INFO up; gunicorn's
own error log (``gunicorn.error``: workers booting, timeouts) is written the same way, and its
access log (``gunicorn.access``) stays one request per line on stdout, as before.

gunicorn applies ``logconfig_dict`` as ``CONFIG_DEFAULTS.copy().update(logconfig_dict)``
followed by ``logging.config.dictConfig`` (gunicorn/glogging.py, ``Logger.setup``): a shallow
merge, so a ``loggers`` or ``handlers`` key given here replaces gunicorn's whole default
one (see benoitc/gunicorn#2250). That is why both of gunicorn's loggers are spelled out
below, and why they do not propagate: the root handler would print their lines twice.
"""

from __future__ import annotations

import logging.config
from typing import Any

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVEL = "INFO"


def logging_config() -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dictionary; a new one each call (dictConfig and
    gunicorn's merge may change what they are given)."""
    return {
        "version": 1,
        # Loggers created before this runs (module-level getLogger) keep working.
        "disable_existing_loggers": False,
        "formatters": {
            "talent": {"format": FORMAT},
            "access": {"format": "%(message)s"},  # gunicorn's access_log_format says it all
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "talent",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"level": LEVEL, "handlers": ["stderr"]},
        "loggers": {
            "dashboard": {"level": LEVEL},
            "etl": {"level": LEVEL},
            "gunicorn.error": {"level": LEVEL, "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": LEVEL, "handlers": ["access"], "propagate": False},
        },
    }


def configure() -> None:
    """Apply :func:`logging_config` (``python app.py``; gunicorn applies it itself)."""
    logging.config.dictConfig(logging_config())
