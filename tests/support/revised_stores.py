"""Two vintages in one data folder, both published by the ETL's own writer
(:func:`support.stores.publish_store`), the older one with the figures CBS later revised.

The older vintage (:data:`OLD`) is the demo store as it would have been a few months
earlier: the newest year (2025) not published yet, 2024 still provisional for
``population``, and two values that CBS then revised. The newer vintage (:data:`NEW`) is
the demo store itself. So between them, by construction:

* ``population`` GM0164 (Hengelo) 2024: :data:`POPULATION_BEFORE` -> the demo's value, i.e.
  :data:`POPULATION_REVISION` persons more, and voorlopig -> definitief;
* ``population`` of every other region 2024: voorlopig -> definitief, same value;
* ``share_18_35`` GM0164 2024: :data:`SHARE_REVISION` percentage points more (same status);
* every non-forecast 2025 row of the demo store: new.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from etl.store_writer import StoreContent
from support.stores import publish_store

OLD = "20250301T120000Z"
NEW = "20250601T120000Z"
FOCUS = "GM0164"
REVISED_YEAR = 2024
NEW_YEAR = 2025
POPULATION_REVISION = 25.0  # persons
SHARE_REVISION = 0.3  # percentage points


def earlier_figures(content: StoreContent) -> StoreContent:
    """The demo's indicators before CBS published 2025 and revised 2024 (see above)."""
    frame = content.frames.indicators.copy()
    frame = frame[~((frame["year"] == NEW_YEAR) & (frame["status"] != "prognose"))]
    in_2024 = frame["year"] == REVISED_YEAR
    population = in_2024 & (frame["indicator"] == "population")
    frame.loc[population, "status"] = "voorlopig"
    focus = frame["region_code"] == FOCUS
    frame.loc[population & focus, "value"] -= POPULATION_REVISION
    share = in_2024 & focus & (frame["indicator"] == "share_18_35")
    frame.loc[share, "value"] -= SHARE_REVISION
    frames = dataclasses.replace(content.frames, indicators=frame.reset_index(drop=True))
    return dataclasses.replace(content, frames=frames)


def publish_two_vintages(data_dir: Path) -> Path:
    """Publish :data:`OLD` then :data:`NEW` into ``data_dir``; returns ``data_dir``."""
    publish_store(data_dir, vintage=OLD, edit=earlier_figures)
    publish_store(data_dir, vintage=NEW)
    return data_dir
