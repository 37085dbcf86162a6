"""End-to-end check of the staff desk in a real browser (issue 14), run by .ci/run.

    desk-e2e.py ALUMNI

Chromium (Debian's chromium and chromium-driver, driven by Selenium) against `alumni serve
--demo` on loopback: sign in, find an overdue case in the queue, open it, reply after the
preview, see the reply in the thread and its e-mail queued in the outbox, extend it with a
reason, assign it, close it; a coordinator sees no pension data on any page; after signing out
the back button shows nothing private. Every page is checked with axe (no violation of impact
serious or critical) and photographed into the folder printed at the start. A coordinator then
writes, previews and sends a campaign in two languages and watches it go out.

Then a crawl: every link reachable from the queue, as an admin, on a database of
`alumni demo --people 2000 --inquiries 3000`, must answer without a 5xx.
"""
import html.parser
import http.client
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import SIDEWAYS, browser, click, serious_violations
from desk_case import answer_an_overdue_case, check, on_a_phone, outbox, sign_in, submit, text
from mailsink import free_port, wait_for_port

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-desk-e2e-")
shots = os.path.join(work, "screenshots")
os.makedirs(shots)
print(f"screenshots: {shots}", flush=True)


def serve(database, demo, **settings):
    """`alumni serve` on `database`, without background work unless `settings` (environment) turn it on."""
    port = free_port()
    env = dict(os.environ, ALUMNI_DB=database, USER="ci", ALUMNI_LOG_LEVEL="warning", ALUMNI_ALERT_SCAN_SECONDS="0")
    env.update(settings)
    arguments = [ALUMNI, "serve", "--port", str(port)] + (["--demo"] if demo else [])
    server = subprocess.Popen(arguments, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    password = None
    if demo:
        for line in server.stderr:
            match = re.search(r"with password (\S+)", line)
            if match:
                password = match.group(1)
                break
        assert password, "alumni serve --demo printed no desk password"
    threading.Thread(target=server.stderr.read, daemon=True).start()
    wait_for_port(port)
    return server, f"http://127.0.0.1:{port}", password


# ---------------------------------------------------------------- the browser
checked_pages = []


def look(driver, name):
    """Photographs the page and fails on any serious or critical accessibility violation."""
    driver.save_screenshot(os.path.join(shots, f"{len(checked_pages) + 1:02d}-{name}.png"))
    bad = serious_violations(driver)
    check(not bad, f"axe on {name} ({driver.current_url}): " + "; ".join(bad))
    checked_pages.append(name)


database = os.path.join(work, "desk.sqlite")
server, base, password = serve(database, demo=True)
driver = browser()
try:
    driver.get(base + "/")
    look(driver, "sign-in")
    sign_in(driver, base, "demo-admin", password)
    look(driver, "queue")
    click(driver, driver.find_element(By.CSS_SELECTOR, "nav.views a[href='/?view=overdue']"))
    badges = driver.find_elements(By.CSS_SELECTOR, "table.queue .badge-overdue")
    check(badges, "the overdue view shows overdue badges")
    look(driver, "queue-overdue")

    inquiry = answer_an_overdue_case(driver, base, look, lambda: outbox(ALUMNI, database))

    click(driver, driver.find_element(By.CSS_SELECTOR, "dl.facts a[href^='/people/']"))
    inquiry_person = driver.current_url.rsplit("/", 1)[1]
    person_name = driver.find_element(By.TAG_NAME, "h1").text
    look(driver, "person")
    driver.get(base + "/people")
    look(driver, "directory")
    driver.get(base + "/staff")
    look(driver, "staff")

    # Mail the desk could not file: the demo's stranger asks about a pension; HR-level staff
    # add her as a new person, and her question becomes an e-mail inquiry.
    click(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/mail']"))
    look(driver, "mail-list")
    click(driver, driver.find_element(By.CSS_SELECTOR, "table a[href^='/mail/']"))
    mail_path = driver.current_url.split(base, 1)[-1]
    check("Who can tell me about my pension?" in text(driver, "main"), "the unmatched message shows its text")
    look(driver, "mail")
    driver.find_element(By.ID, "new-given").send_keys("Kari")
    driver.find_element(By.ID, "new-family").send_keys("Nordmann")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form input[value='new'] ~ fieldset button[type=submit]"))
    check("/inquiries/" in driver.current_url and "Who can tell me about my pension?" in text(driver, "ol.thread"),
          f"the filed message opened an inquiry with its text (at {driver.current_url})")
    look(driver, "mail-filed-inquiry")
    driver.get(base + "/inquiries/99999999")
    look(driver, "not-found")

    # On a phone: every page an admin has reads without sideways scrolling.
    on_a_phone(driver, base, look, ["/", "/?view=overdue", f"/inquiries/{inquiry}", "/people", "/people?q=a",
                              f"/people/{inquiry_person}", "/staff", "/mail", mail_path, "/relations", "/home",
                              "/campaigns", "/campaigns/new", "/account", "/report", "/report?months=24",
                              "/inquiries/99999999"])
    # The reply preview, on a phone.
    driver.set_window_size(390, 844)
    driver.get(base + "/")
    driver.get(driver.find_element(By.CSS_SELECTOR, "table.queue a[href^='/inquiries/']").get_attribute("href"))
    driver.find_element(By.ID, "reply-body").send_keys("A short answer, previewed on a phone.")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/reply/preview'] button"))
    width, inner = driver.execute_script(SIDEWAYS)
    check(width <= 390 and not inner, f"the reply preview reads on a phone ({width} px, {inner})")
    look(driver, "phone-reply-preview")
    driver.set_window_size(1280, 900)

    # Signing out: the back button shows nothing private.
    driver.get(base + "/")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
    check("/sign-in" in driver.current_url, "signing out leads to the sign-in page")
    driver.back()
    check("/sign-in" in driver.current_url, "after signing out, back leads to signing in again")
    check(person_name not in driver.page_source, "after signing out, back shows nothing private")
    on_a_phone(driver, base, look, ["/sign-in"])

    # A coordinator sees no pension data anywhere.
    sign_in(driver, base, "demo-coordinator", password, lands="/home")
    check(driver.find_elements(By.CSS_SELECTOR, "#home-check-ins"), "the overview shows the check-ins due")
    look(driver, "home")
    driver.get(base + "/")
    look(driver, "queue-coordinator")
    pages = {a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.queue a")}
    check(pages, "the coordinator's queue lists cases")
    for page in sorted(pages):
        driver.get(page)
        source = driver.page_source
        check("pension-heading" not in source, f"no pension section for a coordinator on {page}")
        check(not re.search(r"P-\d+-\d+", source), f"no pension reference for a coordinator on {page}")
    # Asking for pension cases is refused by the store, as over the API: the desk's 403 page.
    driver.get(base + "/?type=pension")
    check(not driver.find_elements(By.CSS_SELECTOR, "table.queue a"), "no pension case in a coordinator's queue")
    check(driver.find_elements(By.CSS_SELECTOR, "p.error[role=alert]"), "a coordinator asking for pension cases is refused")

    # Farewells and check-ins: the coordinator marks the oldest check-in done, on a phone too.
    driver.get(base + "/")
    click(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/relations']"))
    look(driver, "relations")
    forms = driver.find_elements(By.CSS_SELECTOR, "form[action^='/relations/check-ins/']")
    check(forms, "the demo has check-ins due")
    action = forms[0].get_attribute("action")
    Select(forms[0].find_element(By.TAG_NAME, "select")).select_by_value("returned")
    forms[0].find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("Starts again in March")
    click(driver, forms[0].find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check(not driver.find_elements(By.CSS_SELECTOR, f"form[action='{action.split(base, 1)[-1]}']"),
          "a check-in marked done leaves the list")
    check(len(driver.find_elements(By.CSS_SELECTOR, "form[action^='/relations/check-ins/']")) == len(forms) - 1,
          "one check-in fewer is due")
    on_a_phone(driver, base, look, ["/relations", "/home"])

    # The report: charts drawn as SVG, each with its numbers in a table beside it.
    click(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/report']"))
    charts = driver.find_elements(By.CSS_SELECTOR, "section.report-chart")
    check(len(charts) == 7, f"the report draws seven charts ({len(charts)})")
    volume = charts[0]
    check(volume.find_elements(By.CSS_SELECTOR, "svg[role=img] rect.bar"), "the volume chart has bars")
    rows = volume.find_elements(By.CSS_SELECTOR, "table.numbers tbody tr")
    check(len(rows) == 12, f"its table has a row for each of the 12 months ({len(rows)})")
    Select(driver.find_element(By.ID, "months")).select_by_value("3")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.report-filters button"))
    rows = driver.find_elements(By.CSS_SELECTOR, "section.report-chart table.numbers")[0] \
        .find_elements(By.CSS_SELECTOR, "tbody tr")
    check(len(rows) == 3, f"three months chosen, three rows ({len(rows)})")
    look(driver, "report")
    on_a_phone(driver, base, look, ["/report?months=24&type=general"])
    print(f"browser: {len(checked_pages)} pages checked with axe, coordinator saw {len(pages)} pages", flush=True)
finally:
    driver.quit()
    server.terminate()
    server.wait()


# ---------------------------------------------------------------- a campaign
# A coordinator writes a newsletter in English and Danish, previews a Danish reader's copy,
# looks at the audience and sends it; `alumni serve`'s background work queues and delivers it
# (to files) while the page's own script keeps the figures current, until all are sent.
campaign_db = os.path.join(work, "campaign.sqlite")
server, base, password = serve(campaign_db, demo=True, ALUMNI_ALERT_SCAN_SECONDS="3600",
                               ALUMNI_MAIL_TRANSPORT="file", ALUMNI_MAIL_DIR=os.path.join(work, "campaign-mail"))
driver = browser()
try:
    sign_in(driver, base, "demo-coordinator", password, lands="/home")
    click(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/campaigns']"))
    look(driver, "campaigns")
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/campaigns/new']"))
    driver.find_element(By.ID, "campaign-name").send_keys("Winter news")
    Select(driver.find_element(By.ID, "campaign-topic")).select_by_value("newsletter")
    Select(driver.find_element(By.ID, "language")).select_by_value("en")
    driver.find_element(By.ID, "subject").send_keys("Winter news for {{given_name}}")
    driver.find_element(By.ID, "body").send_keys("Dear **{{given_name}}**, here is what happened this year.")
    click(driver, driver.find_element(By.CSS_SELECTOR, "button[formaction='/campaigns/count']"))
    counted = text(driver, "#audience-count")
    check("Would get it:" in counted, f"Count shows how many the segment reaches ({counted})")
    eligible = int(re.search(r"Would get it: (\d+)", counted).group(1))
    check(eligible > 0, "the demo has people who agreed to newsletters")
    look(driver, "campaign-new")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/campaigns'] > button[type=submit]"))
    check(re.search(r"/campaigns/\d+$", driver.current_url), f"the draft opens (at {driver.current_url})")
    page = driver.current_url
    Select(driver.find_element(By.ID, "new-language")).select_by_value("da")
    driver.find_element(By.ID, "new-subject").send_keys("Vinternyheder til {{given_name}}")
    driver.find_element(By.ID, "new-body").send_keys("Kære **{{given_name}}**, her er årets nyheder.")
    click(driver, driver.find_element(By.CSS_SELECTOR, "#add-language button[type=submit]"))
    check("Dansk: Vinternyheder" in driver.page_source, "the Danish version is saved")
    look(driver, "campaign")

    danish = json.loads(subprocess.run([ALUMNI, "people", "list", "--language", "da", "--json", "--db", campaign_db],
                                       check=True, capture_output=True, text=True).stdout)["items"][0]
    driver.find_element(By.ID, "preview-person").send_keys(str(danish["id"]))
    click(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/preview'] button"))
    check(text(driver, "#preview-subject") == f"Vinternyheder til {danish['givenName']}",
          f"the preview is the Danish reader's copy ({text(driver, '#preview-subject')})")
    check("/unsubscribe/" in text(driver, "#preview-text"), "the preview has the unsubscribe link")
    look(driver, "campaign-preview")
    driver.get(page + "/audience")
    check(f"Would get it: {eligible}" in text(driver, "main"), "the audience page agrees with Count")
    look(driver, "campaign-audience")

    driver.get(page)
    submit(driver, "send")
    check(driver.find_elements(By.CSS_SELECTOR, "[data-progress]"), "a campaign going out shows its figures")
    figure = lambda name: int(text(driver, f"[data-figure={name}]") or -1)
    # No reload by the test: the desk's script brings the figures up to date.
    WebDriverWait(driver, 120, poll_frequency=1).until(lambda _: figure("sent") == eligible and figure("queued") == 0)
    look(driver, "campaign-sent")
    campaign_path = page.split(base, 1)[-1]
    on_a_phone(driver, base, look, ["/campaigns", campaign_path, campaign_path + "/audience", "/home"])
    campaign_id = page.rsplit("/", 1)[1]
    mail = os.path.join(work, "campaign-mail")
    sent = [name for name in os.listdir(mail) if name.endswith(".eml")
            and f"<campaign-{campaign_id}-person-" in open(os.path.join(mail, name), errors="replace").read()]
    check(len(sent) == eligible, f"each of the {eligible} readers got one message ({len(sent)} files)")
    print(f"campaign: {eligible} messages sent while the page followed them", flush=True)
finally:
    driver.quit()
    server.terminate()
    server.wait()


# ---------------------------------------------------------------- the crawl
crawl_db = os.path.join(work, "crawl.sqlite")
run = lambda *arguments, **kwargs: subprocess.run([ALUMNI, *arguments, "--db", crawl_db], check=True,
                                                 capture_output=True, text=True, **kwargs)
run("demo", "--people", "2000", "--inquiries", "3000", "--seed", "7")
run("users", "add", "crawler", "--email", "crawler@example.com", "--role", "admin")
run("users", "password", "crawler", "--stdin", input="crawler password 1\n")
server, base, _ = serve(crawl_db, demo=False)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attributes):
        if tag == "a":
            href = dict(attributes).get("href")
            if href and href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])


jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
opener.open(base + "/sign-in", data=urllib.parse.urlencode(
    {"name": "crawler", "password": "crawler password 1", "from": "/"}).encode())
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
check("alumni_session" in cookie, "the crawler signed in")
local = threading.local()


def fetch(path):
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=60)
    local.connection.request("GET", path, headers={"Cookie": cookie})
    response = local.connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    parser = Links()
    parser.feed(body)
    return path, response.status, parser.links


seen = {"/"}
frontier = ["/"]
statuses = {}
try:
    with ThreadPoolExecutor(max_workers=4) as pool:
        while frontier:
            results = list(pool.map(fetch, frontier))
            frontier = []
            for path, status, links in results:
                statuses[path] = status
                for link in links:
                    if link not in seen:
                        seen.add(link)
                        frontier.append(link)
finally:
    server.terminate()
    server.wait()
failures = {path: status for path, status in statuses.items() if status >= 500}
kinds = {kind: sum(1 for p in statuses if p.startswith(kind)) for kind in ("/inquiries/", "/people/", "/?", "/people?")}
print(f"crawl: {len(statuses)} pages ({kinds}), statuses {sorted(set(statuses.values()))}", flush=True)
check(not failures, f"pages answered 5xx: {sorted(failures.items())[:10]}")
check(kinds["/inquiries/"] >= 3000 and kinds["/people/"] >= 2000, "the crawl reached every inquiry and person")
print("desk e2e passed", flush=True)
