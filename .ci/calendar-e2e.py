"""End-to-end check of the staff deadline calendars (issue 25), run by .ci/run.

    calendar-e2e.py ALUMNI

`alumni serve --demo` on loopback; a few open cases are given to demo-hr, whose calendar is
turned on with `alumni users calendar demo-hr on`. The feed at the printed address must parse
with Python's icalendar, hold exactly one event per open deadline of those cases at its due
time, name no person and no subject; an extension keeps the event's UID with a higher
SEQUENCE; HEAD, If-None-Match and PROPFIND answer as a calendar client expects; off is a 404.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from datetime import datetime

from icalendar import Calendar

from mailsink import free_port, wait_for_port

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-calendar-e2e-")
database = os.path.join(work, "calendar.sqlite")
port = free_port()
env = dict(os.environ, ALUMNI_DB=database, USER="ci", ALUMNI_LOG_LEVEL="info", ALUMNI_ALERT_SCAN_SECONDS="0",
           ALUMNI_PUBLIC_URL=f"http://127.0.0.1:{port}")


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def alumni(*arguments):
    return subprocess.run([ALUMNI, *arguments], env=env, check=True, capture_output=True, text=True).stdout


def fetch(address, method="GET", headers=None):
    request = urllib.request.Request(address, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


server = subprocess.Popen([ALUMNI, "serve", "--demo", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
log = []
threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
try:
    wait_for_port(port)
    open_cases = json.loads(alumni("inquiries", "list", "--status", "open", "--json", "--limit", "200"))["items"]
    cases = [c for c in open_cases if c["type"] == "pension"][:2] + [c for c in open_cases if c["type"] != "pension"][:3]
    check(len(cases) == 5, "the demo has open pension and other cases")
    for case in cases:
        alumni("inquiries", "assign", str(case["id"]), "--to", "demo-hr")
    mine = {c["id"]: c for c in json.loads(alumni("inquiries", "list", "--owner", "demo-hr", "--json",
                                                  "--limit", "500"))["items"] if c["status"] != "closed"}
    address = alumni("users", "calendar", "demo-hr", "on").strip()
    check(address.startswith(f"http://127.0.0.1:{port}/calendar/") and address.endswith(".ics"),
          f"the command prints the feed's address ({address})")

    status, headers, text = fetch(address)
    check(status == 200 and headers["Content-Type"].startswith("text/calendar"), f"the feed answers ({status})")
    calendar = Calendar.from_ical(text)
    check(calendar.walk("VTIMEZONE"), "the feed carries its time zone")
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    expected = {}
    for case in mine.values():
        if "firstReplyAt" not in case["timeline"]:
            expected[f"inquiry-{case['id']}-first-response@alumni-desk"] = case["deadlines"]["firstResponseDue"]
        if case["status"] == "open":
            expected[f"inquiry-{case['id']}-resolution@alumni-desk"] = case["deadlines"]["resolutionDue"]
    check(set(events) == set(expected), f"one event per open deadline: {sorted(set(events) ^ set(expected))[:5]}")
    for uid, due in expected.items():
        start = events[uid].decoded("DTSTART")
        check(start == datetime.fromisoformat(due.replace("Z", "+00:00")), f"{uid} starts at its due time {due}")
        check(events[uid].walk("VALARM"), f"{uid} reminds")
    for case in mine.values():
        person = json.loads(alumni("people", "show", str(case["personId"]), "--json"))
        for personal in [case["subject"], person.get("givenName"), person.get("familyName"), person.get("email")]:
            check(not personal or personal not in text, f"the feed names no person and no subject ({personal!r})")

    tag = headers["ETag"]
    check(fetch(address, headers={"If-None-Match": tag})[0] == 304, "an unchanged feed is a 304")
    status, head_headers, body = fetch(address, method="HEAD")
    check(status == 200 and head_headers["ETag"] == tag and body == "", "HEAD answers the headers only")
    check(fetch(address, method="PROPFIND")[0] == 207, "PROPFIND answers 207 Multi-Status")

    pension = next(c for c in mine.values() if c["type"] == "pension" and c["status"] == "open")
    uid = f"inquiry-{pension['id']}-resolution@alumni-desk"
    before = int(events[uid]["SEQUENCE"])
    alumni("inquiries", "extend", str(pension["id"]), "--by", "1month", "--reason", "waiting for the fund")
    status, _, moved = fetch(address, headers={"If-None-Match": tag})
    again = {str(e["UID"]): e for e in Calendar.from_ical(moved).walk("VEVENT")}
    check(status == 200 and uid in again, "the moved deadline keeps its event")
    check(int(again[uid]["SEQUENCE"]) > before, f"its SEQUENCE rises ({before} → {again[uid]['SEQUENCE']})")

    alumni("users", "calendar", "demo-hr", "off")
    check(fetch(address)[0] == 404, "a feed turned off is a 404")
    token = address.rsplit("/", 1)[1][:-4]
    check(not any(token in line for line in log), "the token is never in the server's log")
    print(f"calendar: {len(events)} events for {len(mine)} cases, parsed by icalendar", flush=True)
finally:
    server.terminate()
    server.wait()
print("calendar e2e passed", flush=True)
