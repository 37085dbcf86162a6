"""The staff desk's main job in Chromium, shared by desk-e2e.py (on SQLite) and
postgres-desk-e2e.py (on PostgreSQL): signing in, and answering an overdue case from the queue
to its close. `look(driver, name)` checks each page (axe) as the calling script does."""
import json
import re
import subprocess
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import SIDEWAYS, click


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def outbox(alumni, database, env=None):
    """The messages in the outbox of `database`, as `alumni outbox list --json` prints them."""
    listed = json.loads(subprocess.run([alumni, "outbox", "list", "--json", "--db", database], env=env, check=True,
                                       capture_output=True, text=True).stdout)
    return listed["items"] if isinstance(listed, dict) else listed


def text(driver, selector):
    """The text of the first element matching `selector`, its white space as one space."""
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return " ".join(elements[0].text.split()) if elements else ""


def submit(driver, action):
    click(driver, driver.find_element(By.CSS_SELECTOR, f"form[action$='/{action}'] button[type=submit]"))


def sign_in(driver, base, name, password, lands="/"):
    driver.get(base + "/")
    check("/sign-in" in driver.current_url, "a signed-out visitor is sent to sign in")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button"))
    check(driver.current_url == base + lands, f"{name} lands on {lands} after signing in (at {driver.current_url})")


def on_a_phone(driver, base, look, paths):
    """Opens each page 390 pixels wide: nothing scrolls sideways; each is then checked with `look`."""
    driver.set_window_size(390, 844)
    for path in paths:
        driver.get(base + path)
        width, inner = driver.execute_script(SIDEWAYS)
        check(width <= 390 and not inner,
              f"{path} reads on a phone without sideways scrolling (page {width} px, scrolling inside: {inner})")
        look(driver, "phone" + re.sub(r"[^a-z0-9]+", "-", path).rstrip("-"))
    driver.set_window_size(1280, 900)


def answer_an_overdue_case(driver, base, look, outbox):
    """Opens an overdue pension case from the queue, previews and sends a reply (one e-mail
    queued, among the messages `outbox()` lists), extends the case with a reason, assigns it to
    demo-hr and closes it; returns the case's number."""
    # An overdue pension case: the default policies allow pension cases an extension.
    # Its requester must have an e-mail address, for the reply to be mailed.
    driver.get(base + "/?view=overdue&type=pension")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
    check(rows and all(r.find_elements(By.CSS_SELECTOR, ".badge-overdue") for r in rows), "overdue rows are marked")
    links = [r.find_element(By.CSS_SELECTOR, "a[href^='/inquiries/']").get_attribute("href") for r in rows]
    inquiry = None
    for link in links:
        driver.get(link)
        if "@" in driver.find_element(By.CSS_SELECTOR, "dl.facts dd").text:
            inquiry = link.rsplit("/", 1)[1]
            break
    check(inquiry, "an overdue pension case whose requester has an e-mail address")
    look(driver, "inquiry")

    reply = f"Thank you for waiting: your certificate for case {inquiry} is on its way."
    driver.find_element(By.ID, "reply-body").send_keys(reply)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/reply/preview'] button"))
    check(reply in text(driver, "pre.mail"),
          f"the preview shows the e-mail (page: {driver.title}: {driver.find_element(By.TAG_NAME, 'main').text[:400]})")
    look(driver, "reply-preview")
    submit(driver, "reply")
    check(reply in text(driver, "ol.thread"), "the reply is in the thread")
    queued = [m for m in outbox() if f"INQ-{inquiry}]" in m["subject"] and m["status"] == "queued"]
    check(len(queued) == 1, f"one e-mail queued for the reply to #INQ-{inquiry}, found {len(queued)}")

    driver.find_element(By.ID, "extend-reason").send_keys("Waiting for the pension fund's statement")
    submit(driver, "extend")
    check("Waiting for the pension fund's statement" in driver.page_source, "the extension and its reason show")
    check(driver.find_elements(By.CSS_SELECTOR, ".badge-extended"), "the case is marked extended")
    Select(driver.find_element(By.ID, "assign-owner")).select_by_value("demo-hr")
    submit(driver, "assign")
    check("assigned to demo-hr" in text(driver, "ol.thread"), "the assignment shows")
    driver.find_element(By.ID, "close-resolution").send_keys("Certificate sent by post.")
    submit(driver, "close")
    check(driver.find_elements(By.CSS_SELECTOR, "form[action$='/reopen']"),
          f"the closed case offers reopening (page: {driver.title}: {driver.find_element(By.TAG_NAME, 'main').text[:300]})")
    look(driver, "inquiry-closed")
    return inquiry
