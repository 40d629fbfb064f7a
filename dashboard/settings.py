"""All dashboard settings in one typed object, read from ``TALENT_*`` environment variables.

Like the ETL's (``etl/settings.py``), and sharing ``TALENT_DATA_DIR`` with it: the ETL
publishes into that folder, the dashboard reads from it. gunicorn reads its own variables
(``PORT``, ``HOST``, ``WEB_CONCURRENCY``: ``gunicorn.conf.py``). ``.env.example`` lists
every setting of both with its default.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)

DEFAULT_CHECK_SECONDS = 5.0
# The municipality's own website, its general contact route (www.hengelo.nl, as the
# municipality names it in its own news pages); a deployer points this at the contact form
# or mailbox that answers questions about accessibility.
DEFAULT_ACCESSIBILITY_CONTACT = "https://www.hengelo.nl"
CONTACT_URL_RE = re.compile(r"^https?://[^\s<>\"']+$")
CONTACT_EMAIL_RE = re.compile(r"^[^\s@<>\"':/]+@[^\s@<>\"':/]+\.[a-z]{2,}$", re.IGNORECASE)


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

    accessibility_contact: str = Field(
        default=DEFAULT_ACCESSIBILITY_CONTACT,
        description="Where the accessibility statement (/toegankelijkheid) sends questions "
        "and complaints: an https:// address or an e-mail address.",
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

    @field_validator("accessibility_contact", mode="before")
    @classmethod
    def _contact_is_a_web_or_mail_address(cls, value: object) -> object:
        # The statement links to it: anything but an http(s) or e-mail address (a typo, a
        # javascript: link) is left out and the municipality's website is shown instead.
        text = str(value).strip() if value is not None else ""
        if CONTACT_URL_RE.match(text) or CONTACT_EMAIL_RE.match(text):
            return text
        log.warning(
            "TALENT_ACCESSIBILITY_CONTACT=%r is neither an http(s):// nor an e-mail address; "
            "using %s",
            value,
            DEFAULT_ACCESSIBILITY_CONTACT,
        )
        return DEFAULT_ACCESSIBILITY_CONTACT


@functools.cache
def settings() -> Settings:
    """This process's settings, read from the environment once, when first asked for
    (``settings.cache_clear()`` reads them again)."""
    return Settings()
