"""What CBS revised, in Chromium, on two vintages the ETL's writer published
(support/revised_stores.py): the "herzien" marker and its legend on a line chart, the
section on /over-de-data with no serious or critical axe violation (its tables filled)."""

from __future__ import annotations

import time

from support.revised_stores import NEW, OLD, publish_two_vintages
from test_accessibility import CHART, _axe_violations, _describe

from dashboard.data.store import STORE

TRACE_NAMES = """
return Array.from(document.querySelectorAll('.js-plotly-plot'))
  .map(function (g) { return (g.data || []).map(function (t) { return t.name; }); });
"""
LEGEND = "return Array.from(document.querySelectorAll('.legendtext')).map(e => e.textContent);"


def test_rvb001_marker_legend_and_an_accessible_section(start, tmp_path, browser_store):
    publish_two_vintages(tmp_path / "data")
    STORE.configure(tmp_path / "data", check_seconds=0)
    try:
        duo = start("/?van=2018")
        duo.wait_for_element(CHART, timeout=15)
        time.sleep(0.5)  # the other cards' charts
        names = duo.driver.execute_script(TRACE_NAMES)
        assert any("herzien" in traces for traces in names), names
        assert "herzien" in duo.driver.execute_script(LEGEND)

        duo.driver.get(duo.server_url + f"/over-de-data?versie={OLD}&sinds={NEW}")
        duo.wait_for_element("#about-revision-rows", timeout=10)
        section = duo.find_element("section.revisions").text
        assert "Vergeleken met een gekozen versie." in section
        violations = _axe_violations(duo.driver)
        assert not violations, _describe(violations)
        assert duo.get_logs() == []
    finally:
        STORE.configure(browser_store, check_seconds=0)
