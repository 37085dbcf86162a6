#!/usr/bin/env bash
# Load run for the alumni portal (issue 26), by hand, never from CI:
#   bash Benchmarks/portal-load.sh [PEOPLE] [INQUIRIES] [SECONDS]
# Builds the release binary, fills a fresh database (`alumni demo`), starts `alumni serve` on
# loopback, signs in to the portal as the person with the most inquiries (a sign-in link asked
# for, read from the outbox and pressed, as a browser would), then runs wrk (64 connections)
# against the API's person read (random ids) and the portal's "my questions" page in the same
# run, and prints requests per second, p50/p99 and their ratio. Then it times 200 requests for a
# sign-in link to known addresses and 200 to unknown ones, interleaved, and prints the medians.
# ALUMNI=path runs that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-1000000}
inquiries=${2:-1000000}
seconds=${3:-30}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3; }
alumni=${ALUMNI:-.build/release/alumni}
[ -n "${ALUMNI:-}" ] || swift build -c release --product alumni >/dev/null
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/load.sqlite"

"$alumni" demo --db "$db" --people "$people" --inquiries "$inquiries" >/dev/null 2>&1
"$alumni" users add load --email load@example.com --role admin --db "$db" >/dev/null
token=$("$alumni" tokens create load --db "$db" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# The limits on link requests are raised for the timing below: 400 requests from one client.
ALUMNI_LOG_LEVEL=warning ALUMNI_ALERT_SCAN_SECONDS=0 ALUMNI_MAIL_TRANSPORT=file ALUMNI_MAIL_DIR="$work/mail" \
    ALUMNI_PORTAL_LINK_REQUESTS_PER_ADDRESS=100000 ALUMNI_PORTAL_LINK_REQUESTS_PER_CLIENT=100000 \
    "$alumni" serve --db "$db" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
until curl -fs "$base/health" >/dev/null; do sleep 0.2; done

# Who may be e-mailed: the person with the most inquiries signs in; 200 others are the known
# addresses of the timing.
emailable="email IS NOT NULL AND erased_at IS NULL AND do_not_contact = 0 AND email_undeliverable_at IS NULL"
person=$(sqlite3 "$db" "SELECT person_id FROM inquiry JOIN person ON person.id = person_id WHERE $emailable
    GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1")
sqlite3 "$db" "SELECT email FROM person WHERE $emailable AND id != $person ORDER BY id LIMIT 200" >"$work/known.txt"
email=$(sqlite3 "$db" "SELECT email FROM person WHERE id = $person")
questions=$(sqlite3 "$db" "SELECT COUNT(*) FROM inquiry WHERE person_id = $person")

python3 - "$base" "$db" "$email" "$work" <<'PY'
import json, re, sqlite3, statistics, sys, time, urllib.parse, urllib.request
base, db, email, work = sys.argv[1:]

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None

opener = urllib.request.build_opener(NoRedirect)

def request(path, form=None, cookie=""):
    data = None if form is None else urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Cookie": cookie})
    try:
        response = opener.open(req, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    response.read()
    return response

# The sign-in page's form token, then a link for the person, read from the outbox and pressed.
form_cookie = re.search(r"alumni_portal_form=([^;]+)", request("/my/sign-in").headers["Set-Cookie"]).group(1)
cookie = f"alumni_portal_form={form_cookie}"
request("/my/sign-in", {"csrf": form_cookie, "email": email}, cookie)
payload = sqlite3.connect(db).execute(
    "SELECT payload FROM outbox_message_content WHERE dedupe_key LIKE 'portal-link:%' ORDER BY id DESC LIMIT 1"
).fetchone()[0]
link = re.search(r"/my/link/[A-Za-z0-9_.\-]+", json.loads(payload)["text"]).group(0)
pressed = request(link, {"csrf": form_cookie}, cookie)
session = re.search(r"alumni_portal=([^;]+)", pressed.headers["Set-Cookie"]).group(1)
open(f"{work}/portal.lua", "w").write(f'wrk.headers["Cookie"] = "alumni_portal={session}"\n')

# Known and unknown addresses, interleaved, each timed from request to answer.
known = open(f"{work}/known.txt").read().split()
timings = {"known": [], "unknown": []}
for i in range(200):
    for kind, address in [("known", known[i % len(known)]), ("unknown", f"nobody{i}@example.invalid")]:
        start = time.perf_counter()
        answer = request("/my/sign-in", {"csrf": form_cookie, "email": address}, cookie)
        timings[kind].append(time.perf_counter() - start)
        assert answer.status == 200, answer.status
median = {kind: statistics.median(values) * 1000 for kind, values in timings.items()}
with open(f"{work}/timing.txt", "w") as f:
    f.write(f"link request median: known {median['known']:.2f} ms, unknown {median['unknown']:.2f} ms, "
            f"difference {abs(median['known'] - median['unknown']) / median['unknown'] * 100:.1f}%\n")
PY

. Benchmarks/wrk-runs.sh
people_script /api/v1/people/ Authorization "Bearer $token" >"$work/person.lua"

echo "people=$people inquiries=$inquiries connections=64 seconds=$seconds; the signed-in person has $questions questions"
api=$(run api-person /api/v1/people/1 "$work/person.lua")
portal=$(run my-questions /my/questions "$work/portal.lua")
printf '%s\n%s\n' "$api" "$portal" | awk '{printf "%-13s %10s req/s  p50 %8s  p99 %8s  %s\n", $1, $2, $3, $4, substr($0, index($0, $5))}'
awk -v a="$(echo "$api" | cut -d' ' -f2)" -v p="$(echo "$portal" | cut -d' ' -f2)" \
    'BEGIN {printf "my questions / API person read: %.2fx (target >= 0.3x)\n", p / a}'
cat "$work/timing.txt"
