#!/usr/bin/env bash
# Load run for the HTTP API (issue 4), by hand, never from CI:
#   bash Benchmarks/http-load.sh [PEOPLE] [INQUIRIES] [SECONDS]
# Builds the release binary, fills a fresh database, starts `alumni serve` on loopback and
# runs wrk (64 connections) against one person by id, the overdue page and /health, all in
# the same process and run, and prints requests per second, the ratio to /health, p50/p99.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-100000}
inquiries=${2:-100000}
seconds=${3:-30}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
swift build -c release --product alumni >/dev/null
alumni=.build/release/alumni
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null; rm -rf "$work"' EXIT

"$alumni" demo --db "$work/load.sqlite" --people "$people" --inquiries "$inquiries" >/dev/null 2>&1
"$alumni" users add load --email load@example.com --role admin --db "$work/load.sqlite" >/dev/null
token=$("$alumni" tokens create load --db "$work/load.sqlite" 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ALUMNI_LOG_LEVEL=warning ALUMNI_ALERT_SCAN_SECONDS=0 "$alumni" serve --db "$work/load.sqlite" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
until curl -fs "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done

# Requests for 10,000 random people, formatted once: formatting one per call cost wrk more CPU
# than the static request of the other runs, on the same two cores as the server.
cat >"$work/person.lua" <<LUA
local requests = {}
init = function()
  for i = 1, 10000 do
    requests[i] = wrk.format("GET", "/api/v1/people/" .. math.random(1, $people), {["Authorization"] = "Bearer $token"})
  end
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
LUA
cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA

run() { # name, url, script
    wrk -t2 -c64 -d"${seconds}s" --latency -s "$3" "http://127.0.0.1:$port$2" >"$work/$1.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/$1.txt")
    echo "$1 $rps $p50 $p99 ${errors:-no errors}"
}
echo "people=$people inquiries=$inquiries connections=64 seconds=$seconds"
health=$(run health /health "$work/auth.lua")
person=$(run person /api/v1/people/1 "$work/person.lua")
overdue=$(run overdue "/api/v1/inquiries?overdue=true&limit=50" "$work/auth.lua")
printf '%-8s %12s %10s %10s  %s\n' route req/s p50 p99 errors
for line in "$health" "$person" "$overdue"; do
    set -- $line
    printf '%-8s %12s %10s %10s  %s\n' "$1" "$2" "$3" "$4" "${*:5}"
done
h=$(echo "$health" | cut -d' ' -f2)
echo "ratio person/health: $(python3 -c "print(round($(echo "$person" | cut -d' ' -f2) / $h, 2))") (target >= 0.5)"
echo "ratio overdue/health: $(python3 -c "print(round($(echo "$overdue" | cut -d' ' -f2) / $h, 2))")"
