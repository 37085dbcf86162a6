"""End-to-end check of the staff desk on PostgreSQL in a real browser (issue 27), run by .ci/run.

    postgres-desk-e2e.py ALUMNI

`alumni serve --demo` on a database of a throw-away cluster, Chromium (Debian's chromium and
chromium-driver, driven by Selenium) against it: sign in with the password the demo printed,
the overdue view of the queue, an overdue pension case opened, a reply previewed and sent (its
e-mail queued once in PostgreSQL's outbox, read with `alumni outbox list`), an extension with
a reason, an assignment and the close; a page that does not run on PostgreSQL yet says so;
signing out, after which the back button shows nothing private. Every page is checked with axe
(no violation of impact serious or critical), the queue and the case also 390 pixels wide.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
from browser import SIDEWAYS, browser, click, serious_violations  # noqa: E402
from mailsink import free_port  # noqa: E402
from postgres import cluster  # noqa: E402

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-postgres-desk-")
checked = []


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def look(driver, name):
    """Fails on any serious or critical accessibility violation of the page."""
    bad = serious_violations(driver)
    check(not bad, f"axe on {name} ({driver.current_url}): " + "; ".join(bad))
    checked.append(name)


def text(driver, selector):
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return " ".join(elements[0].text.split()) if elements else ""


def submit(driver, action):
    click(driver, driver.find_element(By.CSS_SELECTOR, f"form[action$='/{action}'] button[type=submit]"))


def on_a_phone(driver, base, paths):
    driver.set_window_size(390, 844)
    for path in paths:
        driver.get(base + path)
        width, inner = driver.execute_script(SIDEWAYS)
        check(width <= 390 and not inner, f"{path} reads on a phone ({width} px, scrolling inside: {inner})")
        look(driver, "phone " + path)
    driver.set_window_size(1280, 900)


with cluster(work) as postgres:
    url = postgres.database("desk")
    port = free_port()
    env = dict(postgres.environment, USER="ci", ALUMNI_LOG_LEVEL="warning", ALUMNI_ALERT_SCAN_SECONDS="0")
    server = subprocess.Popen([ALUMNI, "serve", "--demo", "--db", url, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    password = None
    for line in server.stderr:
        match = re.search(r"with password (\S+)", line)
        if match:
            password = match.group(1)
            break
    check(password, "alumni serve --demo on PostgreSQL printed how to sign in to the desk")
    threading.Thread(target=server.stderr.read, daemon=True).start()
    for _ in range(600):  # the demo is copied in before the server listens
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("FAILED: alumni serve on PostgreSQL did not get ready")
    base = f"http://127.0.0.1:{port}"
    driver = browser()
    try:
        driver.get(base + "/")
        check("/sign-in" in driver.current_url, "a signed-out visitor is sent to sign in")
        look(driver, "sign-in")
        driver.find_element(By.ID, "name").send_keys("demo-admin")
        driver.find_element(By.ID, "password").send_keys(password)
        click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button"))
        check(driver.current_url == base + "/", f"demo-admin lands on the queue (at {driver.current_url})")
        look(driver, "queue")

        driver.get(base + "/?view=overdue&type=pension")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
        check(rows and all(r.find_elements(By.CSS_SELECTOR, ".badge-overdue") for r in rows),
              "the overdue view lists pension cases, each marked overdue")
        look(driver, "queue-overdue")
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
        check(reply in text(driver, "pre.mail"), "the preview shows the e-mail")
        look(driver, "reply-preview")
        submit(driver, "reply")
        check(reply in text(driver, "ol.thread"), "the reply is in the thread")
        outbox = json.loads(subprocess.run([ALUMNI, "outbox", "list", "--json", "--db", url], env=env, check=True,
                                           capture_output=True, text=True).stdout)
        items = outbox["items"] if isinstance(outbox, dict) else outbox
        queued = [m for m in items if f"INQ-{inquiry}]" in m["subject"] and m["status"] == "queued"]
        check(len(queued) == 1, f"one e-mail queued for the reply to #INQ-{inquiry}, found {len(queued)}")

        driver.find_element(By.ID, "extend-reason").send_keys("Waiting for the pension fund's statement")
        submit(driver, "extend")
        check("Waiting for the pension fund's statement" in driver.page_source, "the extension and its reason show")
        Select(driver.find_element(By.ID, "assign-owner")).select_by_value("demo-hr")
        submit(driver, "assign")
        check("assigned to demo-hr" in text(driver, "ol.thread"), "the assignment shows")
        driver.find_element(By.ID, "close-resolution").send_keys("Certificate sent by post.")
        submit(driver, "close")
        check(driver.find_elements(By.CSS_SELECTOR, "form[action$='/reopen']"), "the closed case offers reopening")
        look(driver, "inquiry-closed")
        on_a_phone(driver, base, ["/", "/?view=overdue", f"/inquiries/{inquiry}", "/people", "/staff"])

        driver.get(base + "/report")
        check("PostgreSQL" in text(driver, "main"), "a page that does not run on PostgreSQL yet says so")
        look(driver, "not-yet")

        driver.get(base + "/")
        click(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        check("/sign-in" in driver.current_url, "signing out leads to the sign-in page")
        driver.back()
        check("/sign-in" in driver.current_url and reply not in driver.page_source,
              "after signing out, back shows nothing private")
    finally:
        driver.quit()
        server.terminate()
        code = server.wait(timeout=60)
    check(code == 0, f"alumni serve on PostgreSQL exited with {code}")
print(f"desk on PostgreSQL: a case answered, extended, assigned and closed in Chromium; "
      f"{len(checked)} pages checked with axe", flush=True)
