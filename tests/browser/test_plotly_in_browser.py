"""plotly.js in the browser (issue 12): Chromium loads the vendored basic bundle and never
Dash's full one; the bundle is the version plotly.py ships and has every trace type the
pages draw; the modebar speaks the page's language and its camera still saves a PNG."""

from __future__ import annotations

import time
from pathlib import Path

from dropdown_keys import settled
from plotly.offline import get_plotlyjs_version
from selenium.webdriver.common.action_chains import ActionChains
from support import traces

from dashboard.components.chart_card import DUTCH_MODEBAR

CHART = ".js-plotly-plot .main-svg"
RESOURCES = "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
MODEBAR = "#card-ovw-line-share_18_35 .modebar-btn"
CAMERA = MODEBAR + "[data-title]"


def test_pjb001_only_the_basic_bundle_is_downloaded_and_it_has_every_trace(start, talent_app):
    duo = start("/talentopgave")
    duo.wait_for_element(CHART)
    settled(duo)
    for path in ("/", "/vergrijzing", "/vergelijken"):  # pyramid, ranking, map too
        duo.driver.get(duo.server_url + path)
        duo.wait_for_element(CHART)
        settled(duo)
        loaded = duo.driver.execute_script(RESOURCES)
        assert [u for u in loaded if "plotly-basic.min.js" in u], path
        full = [u for u in loaded if "package_data/plotly" in u or "cdn.plot.ly" in u]
        assert not full, full
    assert duo.driver.execute_script("return window.Plotly.version") == get_plotlyjs_version()
    in_browser = set(
        duo.driver.execute_script("return Object.keys(window.Plotly.PlotSchema.get().traces)")
    )
    drawn = set().union(*traces.from_pages(talent_app.server.test_client()).values())
    assert drawn and drawn <= in_browser, sorted(drawn - in_browser)
    assert duo.get_logs() == []


# A date axis with month names, drawn in the page's own plotly.js with the Dutch locale.
MONTHS = """
var done = arguments[arguments.length - 1];
var div = document.createElement('div');
document.body.appendChild(div);
var months = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'];
window.Plotly.newPlot(div, [{x: months, y: [1, 2, 3, 4]}],
  {xaxis: {type: 'date', tickformat: '%B', dtick: 'M1'}, width: 600, height: 300},
  {locale: arguments[0]}).then(function () {
    var ticks = Array.from(div.querySelectorAll('.xtick text')).map(function (t) {
      return t.textContent; });
    window.Plotly.purge(div); div.remove(); done(ticks);
  });
"""


def test_pjb002_the_modebar_speaks_dutch_and_english(start):
    duo = start("/")
    duo.wait_for_element(CHART)
    settled(duo)
    titles = [b.get_attribute("data-title") for b in duo.find_elements(MODEBAR)]
    assert titles == [DUTCH_MODEBAR["Download plot as a PNG"], DUTCH_MODEBAR["Reset axes"]]
    # the locale file is loaded and registered: plotly's own Dutch month names
    assert {"februari", "maart"} <= set(duo.driver.execute_async_script(MONTHS, "nl"))
    assert {"February", "March"} <= set(duo.driver.execute_async_script(MONTHS, "en"))
    duo.driver.get(duo.server_url + "/?taal=en")
    duo.wait_for_element(CHART)
    settled(duo)
    titles = [b.get_attribute("data-title") for b in duo.find_elements(MODEBAR)]
    assert titles == ["Download plot as a PNG", "Reset axes"]


def test_pjb003_the_modebar_camera_saves_the_png(start):
    duo = start("/?gemeente=GM0153")
    duo.wait_for_element(CHART)
    settled(duo)
    chart = duo.find_element("#card-ovw-line-share_18_35 .js-plotly-plot")
    ActionChains(duo.driver).move_to_element(chart).perform()  # the modebar shows on hover
    ActionChains(duo.driver).move_to_element(duo.find_element(CAMERA)).click().perform()
    target = Path(duo.download_path) / "enschede_share_18_35_2000-2025.png"
    deadline = time.monotonic() + 20
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), "the modebar's camera saved no PNG"
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert duo.get_logs() == []
