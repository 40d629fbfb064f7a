"""Builds the Dash app: pages from ``dashboard/pages``, assets, compression, the ``lang`` tag.

One app per process: page modules register their callbacks with ``dash.callback`` when they
are first imported, and Dash hands those to the first app that serves a request.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import dash
import flask
from dash import Dash

from dashboard.components.ids import VIEW_STATE
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from dashboard.pages import PAGE_MODULES
from dashboard.server import errors, health, render_cache, security, static_files

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
# Components whose callbacks serve every page (the pages' own come with PAGE_MODULES).
CALLBACK_MODULES = (
    "dashboard.components.shell",
    "dashboard.components.controls",
    "dashboard.components.chart_card",
)


class TalentDash(Dash):
    """Dash whose first HTML already carries ``<html lang>`` from ``?taal=`` (screen readers
    pick the voice before any script runs); a clientside callback keeps it right after."""

    # Dash calls it with keywords only; the parent spells each one out.
    def interpolate_index(self, **kwargs) -> str:  # type: ignore[override]
        html_text = super().interpolate_index(**kwargs)
        lang = DEFAULT_LANGUAGE
        if flask.has_request_context():
            requested = flask.request.args.get("taal", "").strip().lower()
            lang = requested if requested in LANGUAGES else DEFAULT_LANGUAGE
        return re.sub(r"<html[^>]*>", f'<html lang="{lang}">', html_text, count=1)


def create_app() -> Dash:
    app = TalentDash(
        __name__,
        use_pages=True,
        pages_folder="",  # pages live in the dashboard package and are imported below
        assets_folder=str(ASSETS),
        compress=True,
        # Dash's own plotly.js (the full 4.8 MB bundle, an "eager" async resource of dcc) is
        # then never put in the page; dcc.Graph uses window.Plotly when a script has defined
        # it, and assets/vendor/plotly/ does: the basic bundle (issue 12; README, "plotly.js").
        # With True, Dash would also put the full bundle and every async chunk in the page.
        eager_loading=False,
        title=t("site_title", DEFAULT_LANGUAGE),
        update_title="",  # no "Updating..." flicker in the tab title (Dash: None or "")
        # Pages render their own components, so not every id exists in every layout.
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": t("site_subtitle", DEFAULT_LANGUAGE)},
        ],
    )
    # Before the other hooks: scripts compressed once, fingerprinted URLs cached for a year.
    static_files.install(app)
    for name in PAGE_MODULES:
        importlib.import_module(name)
    for name, page in dash.page_registry.items():
        # `register_page` runs first in a page module, before `layout` exists; Dash's own
        # folder importer attaches the layout afterwards, and so do we — cached per view.
        layout = page.get("layout") or sys.modules[name].layout
        page["layout"] = render_cache.cached_layout(name, layout)
    for name in CALLBACK_MODULES:
        importlib.import_module(name)
    render_cache.install(app.server)
    health.install(app.server)  # /gezondheid
    errors.install(app, view_state_id=VIEW_STATE)  # error pages, no dev routes (issue 6)
    security.install(app.server)  # CSP and the other security headers
    return app
