"""Chromium for the browser end-to-end checks (desk-e2e.py, portal-e2e.py): the driver, a
click that waits for the next page, what scrolls sideways, and axe's serious findings."""
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def browser(language=None):
    """Headless Chromium (Debian's, with its chromedriver), 1280×900; `language` ("sv-SE") is
    the one it asks pages for."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    if language:
        options.add_argument(f"--lang={language}")
        options.add_experimental_option("prefs", {"intl.accept_languages": f"{language},{language.split('-')[0]}"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def click(driver, element):
    """Clicks a link or button and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        # Chromium reports an element of a page already gone either as stale or, caught
        # mid-navigation, as a node that "does not belong to the document": both mean replaced.
        try:
            return expected_conditions.staleness_of(page)(driver)
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    WebDriverWait(driver, 15).until(replaced)


# What scrolls sideways: the page itself, and any element that scrolls its content sideways.
SIDEWAYS = """
return [document.documentElement.scrollWidth,
        Array.from(document.querySelectorAll('body *'))
          .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
          .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))]
"""


def serious_violations(driver):
    """axe's violations of impact serious or critical on the current page, described; empty when none."""
    axe = Axe(driver)
    axe.inject()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
