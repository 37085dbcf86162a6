#!/usr/bin/env bash
# Load run for the HTTP API (issue 4) and the desk's pages (issues 14 and 25), by hand, never from CI:
#   bash Benchmarks/http-load.sh [PEOPLE] [INQUIRIES] [SECONDS] [CAMPAIGNS]
# Builds the release binary, fills a fresh database, starts `alumni serve` on loopback and
# runs wrk (64 connections) against /health, one person by id and the overdue list, from
# the API and as desk pages (signed in with a session cookie: an admin, whose person page reads
# and audits the pension, and a coordinator, whose page does neither), all against the same
# server in one run, and prints requests per second, p50/p99 and the ratios the issues set.
# With CAMPAIGNS (default 1,000; 0 for none) the database also gets that many campaigns, the
# newest 20 sent to 100,000 people each (Benchmarks/campaign-history.py), and the coordinator's
# overview and campaign list are loaded too. ALUMNI=path runs that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-100000}
inquiries=${2:-100000}
seconds=${3:-30}
campaigns=${4:-1000}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
alumni=${ALUMNI:-.build/release/alumni}
[ -n "${ALUMNI:-}" ] || swift build -c release --product alumni >/dev/null
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null; rm -rf "$work"' EXIT

"$alumni" demo --db "$work/load.sqlite" --people "$people" --inquiries "$inquiries" >/dev/null 2>&1
[ "$campaigns" -eq 0 ] || python3 Benchmarks/campaign-history.py "$work/load.sqlite" "$campaigns"
"$alumni" users add load --email load@example.com --role admin --db "$work/load.sqlite" >/dev/null
"$alumni" users add coordinator --email coordinator@example.com --role coordinator --db "$work/load.sqlite" >/dev/null
token=$("$alumni" tokens create load --db "$work/load.sqlite" 2>/dev/null)
for user in load coordinator; do
    echo "a load password" | "$alumni" users password "$user" --stdin --db "$work/load.sqlite" >/dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ALUMNI_LOG_LEVEL=warning ALUMNI_ALERT_SCAN_SECONDS=0 "$alumni" serve --db "$work/load.sqlite" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
until curl -fs "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
sign_in() { # user name; prints the session cookie
    curl -s -o /dev/null -D - --data "name=$1&password=a+load+password" "http://127.0.0.1:$port/sign-in" |
        grep -io 'alumni_session=[^;]*'
}
cookie=$(sign_in load)
coordinator_cookie=$(sign_in coordinator)

. Benchmarks/wrk-runs.sh
people_script /api/v1/people/ Authorization "Bearer $token" >"$work/person.lua"
people_script /people/ Cookie "$cookie" >"$work/desk-person.lua"
people_script /people/ Cookie "$coordinator_cookie" >"$work/desk-person-coordinator.lua"
echo "wrk.headers[\"Authorization\"] = \"Bearer $token\"" >"$work/auth.lua"
echo "wrk.headers[\"Cookie\"] = \"$cookie\"" >"$work/cookie.lua"
echo "wrk.headers[\"Cookie\"] = \"$coordinator_cookie\"" >"$work/coordinator.lua"

echo "people=$people inquiries=$inquiries connections=64 seconds=$seconds"
health=$(run health /health "$work/auth.lua")
person=$(run person /api/v1/people/1 "$work/person.lua")
overdue=$(run overdue "/api/v1/inquiries?overdue=true&limit=50" "$work/auth.lua")
desk_person=$(run desk-person /people/1 "$work/desk-person.lua")
desk_person_coordinator=$(run desk-person-co /people/1 "$work/desk-person-coordinator.lua")
desk_queue=$(run desk-queue "/?view=overdue" "$work/cookie.lua")
desk_home=$(run desk-home /home "$work/coordinator.lua")
desk_campaigns=$(run desk-campaigns /campaigns "$work/coordinator.lua")
printf '%-12s %12s %10s %10s  %s\n' route req/s p50 p99 errors
for line in "$health" "$person" "$overdue" "$desk_person" "$desk_person_coordinator" "$desk_queue" "$desk_home" \
    "$desk_campaigns"; do
    set -- $line
    printf '%-12s %12s %10s %10s  %s\n' "$1" "$2" "$3" "$4" "${*:5}"
done
ratio() { python3 -c "print(round($(echo "$1" | cut -d' ' -f2) / $(echo "$2" | cut -d' ' -f2), 2))"; }
echo "ratio person/health: $(ratio "$person" "$health") (target >= 0.5)"
echo "ratio overdue/health: $(ratio "$overdue" "$health")"
echo "ratio desk person page / API person: $(ratio "$desk_person" "$person") (target >= 0.5)"
echo "ratio desk person page as a coordinator / API person: $(ratio "$desk_person_coordinator" "$person")"
echo "ratio desk overdue queue / API overdue list: $(ratio "$desk_queue" "$overdue") (target >= 0.5)"
echo "coordinator's overview and campaign list ($campaigns campaigns): p99 $(echo "$desk_home" | cut -d' ' -f4) and $(echo "$desk_campaigns" | cut -d' ' -f4) (target < 50 ms)"
html=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/?view=overdue" | wc -c)
css=$(curl -s "http://127.0.0.1:$port/desk/desk.css" | wc -c)
echo "queue page: $html bytes of HTML + $css of CSS = $((html + css)) (target < 61440)"
