"""Component ids that more than one module (or ``assets/*.js``) uses, in one place, so a
rename cannot leave a callback listening to nothing. A page's own ids carry its prefix
(``ovw-``, ``tlo-``, ``cmp-``…) and stay in the page."""

from __future__ import annotations

import json

VIEW_STATE = "view-state"  # dcc.Store: the canonical query and links (state/view.py)
LANGUAGE_SWITCH = "language-switch"
SHARE_BUTTON = "share-button"
SHARE_STATUS = "share-status"  # also where "added to the presentation" is announced
SHARE_FALLBACK = "share-fallback"  # shown when copying fails (assets/clientside.js)
SHARE_FALLBACK_INPUT = "share-fallback-input"
DATA_VINTAGE = "data-vintage"
# The dcc.Location that Dash's pages put in every app with use_pages (dash/dash.py,
# ``_ID_LOCATION = "_pages_location"``): where the Excel export reads the page's address.
PAGES_LOCATION = "_pages_location"
CARD_PARTS = ("spec", "head", "body", "toggle", "csv", "download", "xlsx", "xlsx_download")


def control_id(name: object) -> dict:
    """A control that writes URL parameter ``name`` (or ``ALL`` of them)."""
    return {"type": "control", "name": name}


def nav_link_id(path: object) -> dict:
    """A navigation link; ``path`` is the link's path, which assets/clientside.js extends
    with the view's query."""
    return {"type": "nav-link", "path": path}


def card_ids(card: object) -> dict[str, dict]:
    """The parts of chart card ``card`` (or ``MATCH``/``ALL`` of them)."""
    return {part: {"type": f"card-{part}", "card": card} for part in CARD_PARTS}


def dom_id(component_id: dict) -> str:
    """The id Dash gives a dict id in the DOM (sorted keys, no spaces): for ``<label for>``."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
