"""ARIA and data attributes reach the component as they are; anything else is refused."""

from __future__ import annotations

import pytest
from dash import html

from dashboard.components.attributes import attributes


def test_att001_aria_and_data_attributes_pass_through_unchanged():
    nav = html.Nav("x", **attributes({"aria-label": "Navigatie", "data-total": "3"}))
    props = nav.to_plotly_json()["props"]
    assert props["aria-label"] == "Navigatie" and props["data-total"] == "3"


def test_att002_a_name_that_is_no_wildcard_attribute_is_refused():
    with pytest.raises(ValueError, match="hidden"):
        attributes({"aria-live": "polite", "hidden": "true"})
