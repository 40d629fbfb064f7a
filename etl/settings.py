"""All ETL settings in one typed object, read from ``TALENT_*`` environment variables.

Every field has a documented default; the CLI overrides fields from its flags.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

CBS_LIVE_URL = "https://opendata.cbs.nl"
# CBS's OData v4 catalogue of its own tables (../shared/CBS-API.md; etl/cbs_v4.py).
CBS_V4_LIVE_URL = "https://datasets.cbs.nl/odata/v1/CBS"

Scope = Literal["twente", "nl"]
CbsApiChoice = Literal["v3", "v4", "auto"]


class Settings(BaseSettings):
    """ETL configuration. Environment variables carry the prefix ``TALENT_``."""

    model_config = SettingsConfigDict(env_prefix="TALENT_", extra="ignore")

    data_dir: Path = Field(
        Path("data"), description="Folder holding raw/ (CBS cache) and store/ (published data)."
    )
    cbs_url: str = Field(
        CBS_LIVE_URL,
        description="Base URL of the CBS OData v3 service; point it at a fake feed for tests.",
    )
    cbs_v4_url: str = Field(
        CBS_V4_LIVE_URL,
        description="CBS OData v4 catalogue URL (tables at <url>/<id>, the catalogue at "
        "<url>/Datasets); point it at a fake feed for tests.",
    )
    cbs_api: CbsApiChoice = Field(
        "auto",
        description="'v3', 'v4', or 'auto': per table v3 first, then v4 when v3 is "
        "unreachable after its retries or lacks the table. A v3 URL other than "
        "CBS's falls back only to a v4 URL given with it (see v4_pairs_with_v3).",
    )
    pdok_url: str = Field(
        "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0",
        description="PDOK CBS gebiedsindelingen WFS; '{year}' is replaced by the boundary year.",
    )
    timeout_seconds: float = Field(60.0, description="Timeout for every single HTTP request.")
    retries: int = Field(4, description="Attempts per download before giving up (5xx, timeouts).")
    retry_wait_seconds: float = Field(
        2.0, description="First wait between attempts; doubles with every retry."
    )
    scope: Scope = Field(
        "twente", description="'twente': 14 municipalities + CR12, PV23, NL01; 'nl': all."
    )
    vintages_kept: int = Field(5, description="How many earlier published stores to keep.")
    lock_wait_seconds: float = Field(
        600.0,
        description="How long a refresh waits while another one holds the data "
        "folder's lock, before it gives up.",
    )
    programme_file: Path = Field(
        Path("programme/talentopgave.xlsx"),
        description="The Talentopgave programme file: an .xlsx workbook or a folder of CSVs "
        "(programme/README.md).",
    )

    def v4_pairs_with_v3(self) -> bool:
        """Whether 'auto' may fall back from the v3 feed to the v4 one: always for CBS's own
        v3 feed; for another (a test feed, a mirror) only when a v4 URL was given too, so a
        store is never half a fake's and half live CBS's figures."""
        return "cbs_v4_url" in self.model_fields_set or self.cbs_url.rstrip("/") == CBS_LIVE_URL

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def vintages_dir(self) -> Path:
        return self.data_dir / "vintages"
