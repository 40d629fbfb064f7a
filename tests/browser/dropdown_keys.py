"""Operating a Dash dropdown with the keyboard the way a person does: wait for what the page
shows before each key, never for a fixed time.

A key pressed while Dash re-renders, or before an opened list has taken the focus, is lost;
so each step waits for the page's own signal: no callback running, focus inside the list,
focus moved on.
"""

from __future__ import annotations

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

FOCUS_IN_LIST = (
    "var e = document.activeElement; return !!(e && e.closest('.dash-dropdown-content'));"
)
ACTIVE = "return document.activeElement"


def settled(duo, timeout: float = 20) -> None:
    """No callback is running (Dash marks components it is updating)."""
    duo.wait_for_no_elements('[data-dash-is-loading="true"]', timeout=timeout)


def choose_in_open_list(
    duo, *keys: str, moves: tuple[str, ...] = (Keys.ARROW_DOWN,), timeout: float = 20
) -> None:
    """In a list just opened with Enter: wait until it has the focus, press each of
    ``moves`` (waiting for the focus to move each time), then ``keys`` to choose."""
    driver = duo.driver
    wait = WebDriverWait(driver, timeout)
    duo.wait_for_element(".dash-dropdown-options")
    wait.until(lambda d: d.execute_script(FOCUS_IN_LIST))
    for move in moves:
        focused = driver.execute_script(ACTIVE)
        driver.switch_to.active_element.send_keys(move)
        wait.until(lambda d, before=focused: d.execute_script(ACTIVE) != before)
    driver.switch_to.active_element.send_keys(*keys)


def choose(duo, selector: str, moves: tuple[str, ...], *keys: str) -> None:
    """Open the dropdown ``selector`` with Enter once the page has settled, and choose."""
    settled(duo)
    duo.find_element(selector).send_keys(Keys.ENTER)
    choose_in_open_list(duo, *(keys or (Keys.ENTER,)), moves=moves)
