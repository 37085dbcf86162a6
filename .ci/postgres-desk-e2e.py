"""End-to-end check of the staff desk on PostgreSQL in a real browser (issue 27), run by .ci/run.

    postgres-desk-e2e.py ALUMNI

`alumni serve --demo` on a database of a throw-away cluster, Chromium (Debian's chromium and
chromium-driver, driven by Selenium) against it: sign in with the password the demo printed,
the overdue view of the queue, an overdue pension case opened, a reply previewed and sent (its
e-mail queued once in PostgreSQL's outbox, read with `alumni outbox list`), an extension with
a reason, an assignment and the close (.ci/desk_case.py, as on SQLite); the person's page with
their pension; the report's charts; signing out, after which
the back button shows nothing private; a coordinator's overview. Every page is checked with
axe (no violation of impact serious or critical), and most also 390 pixels wide.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
from browser import browser, click, serious_violations  # noqa: E402
from desk_case import answer_an_overdue_case, check, on_a_phone, outbox, sign_in  # noqa: E402
from mailsink import free_port  # noqa: E402
from postgres import cluster  # noqa: E402

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-postgres-desk-")
checked = []


def look(driver, name):
    """Fails on any serious or critical accessibility violation of the page."""
    bad = serious_violations(driver)
    check(not bad, f"axe on {name} ({driver.current_url}): " + "; ".join(bad))
    checked.append(name)


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
        look(driver, "sign-in")
        sign_in(driver, base, "demo-admin", password)
        look(driver, "queue")

        inquiry = answer_an_overdue_case(driver, base, look, lambda: outbox(ALUMNI, url, env))
        click(driver, driver.find_element(By.CSS_SELECTOR, "dl.facts a[href^='/people/']"))
        person = driver.current_url.split(base, 1)[-1]
        check(driver.find_elements(By.CSS_SELECTOR, "#pension-heading"), "an admin sees the pension on the person page")
        look(driver, "person")
        on_a_phone(driver, base, look, ["/", "/?view=overdue", f"/inquiries/{inquiry}", person, "/people", "/staff",
                                        "/account", "/mail", "/relations"])

        driver.get(base + "/report")
        check(len(driver.find_elements(By.CSS_SELECTOR, "section.report-chart")) == 7, "the report draws its charts")
        look(driver, "report")

        driver.get(base + "/")
        click(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
        check("/sign-in" in driver.current_url, "signing out leads to the sign-in page")
        driver.back()
        check("/sign-in" in driver.current_url and "Certificate sent by post" not in driver.page_source,
              "after signing out, back shows nothing private")

        # A coordinator lands on the overview, and keeps in touch from the relations page.
        sign_in(driver, base, "demo-coordinator", password, lands="/home")
        check(driver.find_elements(By.CSS_SELECTOR, "#home-check-ins"), "the overview shows the check-ins due")
        look(driver, "home")
        driver.get(base + "/campaigns/new")
        check(driver.find_elements(By.CSS_SELECTOR, "form[action='/campaigns']"), "a coordinator drafts campaigns")
        look(driver, "campaign-new")
        on_a_phone(driver, base, look, ["/home", "/relations", "/campaigns"])
    finally:
        driver.quit()
        server.terminate()
        code = server.wait(timeout=60)
    check(code == 0, f"alumni serve on PostgreSQL exited with {code}")
print(f"desk on PostgreSQL: a case answered, extended, assigned and closed in Chromium; "
      f"{len(checked)} pages checked with axe", flush=True)
