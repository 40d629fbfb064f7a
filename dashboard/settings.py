"""All dashboard settings in one typed object, read from ``TALENT_*`` environment variables.

Like the ETL's (``etl/settings.py``), and sharing ``TALENT_DATA_DIR`` with it: the ETL
publishes into that folder, the dashboard reads from it. gunicorn reads its own variables
(``PORT``, ``HOST``, ``WEB_CONCURRENCY``: ``gunicorn.conf.py``). ``.env.example`` lists
every setting of both with its default.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

DEFAULT_CHECK_SECONDS = 5.0


class Settings(BaseSettings):
    """Dashboard configuration. Environment variables carry the prefix ``TALENT_``."""

    model_config = SettingsConfigDict(env_prefix="TALENT_", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Folder whose store/ link (and vintages/) the app reads; "
        "the one the ETL publishes into.",
    )
    store_check_seconds: float = Field(
        default=DEFAULT_CHECK_SECONDS,
        description="How often (at most) a worker checks whether a new store was published.",
    )
    embed_origins: str = Field(
        default="",
        description="Space-separated origins that may frame /embed, e.g. "
        "'https://www.enschede.nl https://www.almelo.nl'.",
    )

    cache_url: str = Field(
        default="",
        description="Where rendered pages and cards are cached: empty for each worker's "
        "memory; redis://host:port/db (or rediss://, unix://) for one Redis shared by all "
        "workers and instances.",
    )

    @field_validator("store_check_seconds", mode="before")
    @classmethod
    def _unreadable_means_default(cls, value: object) -> object:
        # A typo here must not keep the dashboard from starting: the default is safe.
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            log.warning(
                "TALENT_STORE_CHECK_SECONDS=%r is not a number; using %s",
                value,
                DEFAULT_CHECK_SECONDS,
            )
            return DEFAULT_CHECK_SECONDS


@functools.cache
def settings() -> Settings:
    """This process's settings, read from the environment once, when first asked for
    (``settings.cache_clear()`` reads them again)."""
    return Settings()
