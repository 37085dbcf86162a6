"""End-to-end check of the alumni portal in a real browser (issues 26 and 27), run by .ci/run.

    portal-e2e.py ALUMNI [--postgres]

`alumni serve --demo` on loopback (on a SQLite file, or with --postgres on a database of a
throw-away PostgreSQL cluster) with its mail going through msmtp to an aiosmtpd sink.
Chromium (Selenium) asks for a sign-in link for the Swedish demo person the server names,
reads the mail from the sink, opens the link and presses "Logga in", sees Swedish pages, asks
a pension question with a PDF attached and sees its due date. Staff ask the person something
through the API; the portal shows it, the person replies, and the desk no longer lists their
silent case as silent. Another person's inquiry is a 404; signing out ends the session.
Every portal page is checked with axe (no violation of impact serious or critical) at phone
width (390 px, nothing scrolling sideways) and at desktop width, and photographed into the
folder printed at the start.
"""
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from browser import SIDEWAYS, browser, click, serious_violations
from mailsink import MailSink, free_port, wait_for_port
from postgres import cluster

ALUMNI = os.path.abspath(sys.argv[1])
POSTGRES = "--postgres" in sys.argv[2:]
work = tempfile.mkdtemp(prefix="alumni-portal-e2e-")
shots = os.path.join(work, "screenshots")
os.makedirs(shots)
print(f"screenshots: {shots}", flush=True)


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


# ---------------------------------------------------------------- the server and its mail
sink = MailSink(work)
port = free_port()
base = f"http://127.0.0.1:{port}"
env = dict(os.environ, ALUMNI_DB=os.path.join(work, "portal.sqlite"), USER="ci", ALUMNI_LOG_LEVEL="warning",
           ALUMNI_MAIL_TRANSPORT="sendmail", ALUMNI_SENDMAIL_PATH=sink.sendmail,
           ALUMNI_MAIL_FROM="alumni-desk@example.com", ALUMNI_PUBLIC_URL=base,
           # The background work runs, so the outbox is delivered every few seconds.
           ALUMNI_ALERT_SCAN_SECONDS="300")
databases = contextlib.ExitStack()
if POSTGRES:
    postgres = databases.enter_context(cluster(work))
    env.update(ALUMNI_DB=postgres.database("portal"), ALUMNI_DB_PASSWORD=postgres.password)
server = subprocess.Popen([ALUMNI, "serve", "--demo", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
alumnus = token = None
for line in server.stderr:
    match = re.search(r"try it as (\S+) \(Svenska\)", line)
    alumnus = match.group(1) if match else alumnus
    match = re.search(r"Admin token \(shown once\): (\S+)", line)
    if match:
        token = match.group(1)
        break
check(alumnus, "alumni serve --demo names a Swedish demo person to try the portal as")
check(token, "alumni serve --demo prints an admin token")
threading.Thread(target=server.stderr.read, daemon=True).start()
wait_for_port(port, seconds=60)  # on PostgreSQL the demo is copied in before the server listens


def api(method, path, body=None):
    request = urllib.request.Request(
        base + "/api/v1" + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def mail_to(address, subject, after=0):
    """The text of the newest message to `address` whose subject is `subject`, waiting up to 30 s."""
    for _ in range(300):
        found = [(m, raw) for m, raw in sink.received() if m["To"] and address in m["To"] and m["Subject"] == subject]
        if len(found) > after:
            message = found[-1][0]
            part = message.get_body(preferencelist=("plain",))
            return part.get_content()
        time.sleep(0.1)
    sys.exit(f"FAILED: no message '{subject}' to {address} arrived")


# ---------------------------------------------------------------- the browser
checked = []


def look(driver, name):
    """Checks the page at phone width (no sideways scrolling) and at desktop width: axe finds no
    serious or critical violation at either; both are photographed."""
    for width, height, label in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver.set_window_size(width, height)
        if width == 390:
            page, inner = driver.execute_script(SIDEWAYS)
            check(page <= 390 and not inner,
                  f"{name} reads on a phone without sideways scrolling (page {page} px, scrolling inside: {inner})")
        driver.save_screenshot(os.path.join(shots, f"{len(checked) + 1:02d}-{name}-{label}.png"))
        bad = serious_violations(driver)
        check(not bad, f"axe on {name} at {label} width ({driver.current_url}): " + "; ".join(bad))
    checked.append(name)


def language(driver):
    return driver.find_element(By.TAG_NAME, "html").get_attribute("lang")


driver = browser("sv-SE")
try:
    # A letter from the person that came ten days ago and was filed today: silent at once, as
    # nobody has answered it within the silence limit. Their reply in the portal will clear it.
    def silent_inquiries():
        return {case["id"] for case in api("GET", "/silent") if case["kind"] == "inquiry"}

    found = [p for p in api("GET", "/people?search=" + urllib.parse.quote(alumnus))["items"]
             if p.get("email") == alumnus]
    check(len(found) == 1, f"the API finds the demo person {alumnus}")
    me = found[0]["id"]
    received = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 10 * 86400))
    letter = api("POST", "/inquiries", {"personId": me, "type": "general", "subject": "Brev om intyg",
                                        "body": "Jag behöver ett tjänstgöringsintyg.", "channel": "letter",
                                        "receivedAt": received})
    silent_before = {letter["id"]}
    check(letter["id"] in silent_inquiries(), "the letter filed ten days late is silent on the desk")

    driver.get(base + "/my/")
    check("/my/sign-in" in driver.current_url, "a signed-out visitor is sent to sign in")
    look(driver, "sign-in")
    driver.find_element(By.ID, "email").send_keys(alumnus)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/my/sign-in'] button"))
    look(driver, "check-email")

    body = mail_to(alumnus, "Din länk för att logga in")
    link = re.search(r"http://\S+/my/link/\S+", body)
    check(link, f"the sign-in mail carries a link: {body!r}")
    driver.get(link.group(0))
    check(language(driver) == "sv", "the link's page is in the person's language, Swedish")
    look(driver, "link")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check(driver.current_url == base + "/my/questions", f"pressing the link signs in ({driver.current_url})")
    check(language(driver) == "sv" and "Mina frågor" in driver.page_source, "the portal speaks Swedish")
    look(driver, "questions")

    # A pension question with a PDF attached.
    driver.get(base + "/my/questions/new")
    look(driver, "ask")
    driver.find_element(By.CSS_SELECTOR, "input[name=topic][value=pension]").click()
    driver.find_element(By.ID, "question").send_keys("Vart tog min ITP-pension vägen efter 2019?")
    statement = os.path.join(work, "pensionsbesked.pdf")
    with open(statement, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    driver.find_element(By.ID, "files").send_keys(statement)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/my/questions'] button[type=submit]"))
    match = re.search(r"/my/questions/(\d+)\?asked", driver.current_url)
    check(match, f"asking shows the new question ({driver.current_url})")
    asked = int(match.group(1))
    notice = driver.find_element(By.CSS_SELECTOR, ".notice").text
    check("du får ett svar senast" in notice, f"the page says by when the answer comes: {notice!r}")
    check(driver.find_elements(By.LINK_TEXT, "pensionsbesked.pdf"), "the attached PDF is listed in the thread")
    look(driver, "question-asked")
    details = api("GET", f"/inquiries/{asked}")
    check(details["inquiry"]["type"] == "pension" and details["inquiry"]["channel"] == "portal",
          f"the question is a pension inquiry through the portal: {details['inquiry']}")

    # Staff ask the person something through the API; the portal shows it.
    api("POST", f"/inquiries/{asked}/wait", {"body": "Vilka år arbetade du i Malmö?"})
    driver.get(base + f"/my/questions/{asked}")
    check("Vilka år arbetade du i Malmö?" in driver.page_source, "the staff's question shows in the thread")
    check("Vi väntar på ditt svar" in driver.page_source, "the status says we wait for their answer")
    driver.find_element(By.ID, "message").send_keys("2004 till 2011.")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"form[action='/my/questions/{asked}/reply'] button"))
    check("Vi arbetar med den" in driver.page_source, "after the reply we are working on it again")
    look(driver, "question-replied")
    check(api("GET", f"/inquiries/{asked}")["inquiry"]["status"] == "open", "the reply restarted the clock")

    # The silent case: the person's reply clears it from the desk's silent list.
    silent = letter["id"]
    driver.get(base + f"/my/questions/{silent}")
    driver.find_element(By.ID, "message").send_keys("Jag väntar fortfarande på svar.")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"form[action='/my/questions/{silent}/reply'] button"))
    check(silent not in silent_inquiries(), f"the desk no longer lists inquiry {silent} as silent")

    # Every other page of the portal.
    for path, name in [("/my/messages", "messages"), ("/my/details", "details"), ("/my/preferences", "preferences"),
                       ("/my/employment", "employment"), ("/my/data", "data")]:
        driver.get(base + path)
        check(language(driver) == "sv", f"{path} is in Swedish")
        look(driver, name)

    # Someone else's inquiry: not found, never forbidden.
    other = next(i["id"] for i in api("GET", "/inquiries?limit=50")["items"] if i["personId"] != me)
    driver.get(base + f"/my/questions/{other}")
    check("Hittades inte" in driver.page_source, f"another person's inquiry {other} is not found")
    look(driver, "not-found")

    # Signing out ends the session; the portal sends the browser to sign in again.
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/my/sign-out'] button"))
    check("/my/sign-in" in driver.current_url, "signing out lands on the sign-in page")
    driver.get(base + "/my/questions")
    check("/my/sign-in" in driver.current_url, "after signing out the questions need signing in again")
    driver.get(base + "/my/ask")
    look(driver, "ask-without-record")
    store = "PostgreSQL" if POSTGRES else "SQLite"
    print(f"portal e2e passed on {store}: {len(checked)} pages checked with axe at phone and desktop width", flush=True)
finally:
    driver.quit()
    server.terminate()
    server.wait(timeout=30)
    sink.stop()
    databases.close()
