"""Region groups in a real browser, keyboard only: pick a predefined group, make one, see
both drawn as regions; the page with groups passes the axe audit."""

from __future__ import annotations

from dropdown_keys import choose_in_open_list, settled
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from test_accessibility import CHART, _axe_violations, _describe, _tab_to

IN_MEMBERS = "return !!document.activeElement.closest('#groep-members')"


def _press(driver, *keys) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def _legend(driver) -> str:
    return " ".join(e.text for e in driver.find_elements("css selector", ".legendtext"))


def test_rgb001_pick_and_make_groups_with_the_keyboard(start):
    duo = start("/")
    driver = duo.driver
    duo.wait_for_element(CHART)
    settled(duo)
    wait = WebDriverWait(driver, 20)

    # 1. Pick the first predefined group (groups.toml's order: Netwerkstad Twente).
    _tab_to(driver, lambda f: "control-groep" in f and "BUTTON" in f)
    _press(driver, Keys.ENTER)
    choose_in_open_list(duo, Keys.SPACE)
    wait.until(lambda d: "groep=netwerkstad-twente" in d.current_url)
    _press(driver, Keys.ESCAPE)
    settled(duo)
    wait.until(lambda d: "Netwerkstad Twente" in _legend(d))

    # 2. Make a group: name it, choose a municipality, add it.
    _tab_to(driver, lambda f: f.startswith("groep-name|"))
    _press(driver, "Hengelo + Borne")
    _tab_to(driver, lambda f: "BUTTON" in f and driver.execute_script(IN_MEMBERS))
    _press(driver, Keys.ENTER)
    choose_in_open_list(duo, Keys.SPACE)  # the first municipality: Almelo
    _press(driver, Keys.ESCAPE)
    _tab_to(driver, lambda f: f.startswith("groep-add|"))
    _press(driver, Keys.ENTER)
    wait.until(lambda d: "Hengelo%20%2B%20Borne:GM0141" in d.current_url)
    assert "is toegevoegd" in duo.find_element("#groep-status").text
    settled(duo)
    wait.until(lambda d: "Hengelo + Borne" in _legend(d))

    # 3. The same view from its link, as a partner opens it: both groups drawn.
    driver.get(driver.current_url)
    duo.wait_for_element(CHART)
    settled(duo)
    wait.until(lambda d: "Netwerkstad Twente" in _legend(d) and "Hengelo + Borne" in _legend(d))
    violations = _axe_violations(driver)
    assert not violations, _describe(violations)
