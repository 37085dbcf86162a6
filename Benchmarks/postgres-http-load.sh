#!/usr/bin/env bash
# Load run for `alumni serve` on PostgreSQL against SQLite (issue 27), by hand, never from CI:
#   bash Benchmarks/postgres-http-load.sh [PEOPLE] [INQUIRIES] [SECONDS]
# Fills a SQLite database, copies it into a throw-away PostgreSQL cluster on loopback (initdb
# in a scratch folder, as the postgres user when run as root), then serves the same data from
# each store in turn and runs wrk (64 connections) against one person by id and the overdue
# list. Prints requests per second, p50/p99, each server's peak resident memory, and the
# ratios the issue sets; then, for scale, what PostgreSQL itself answers on this machine with as
# many clients (pgbench, select-only, prepared). ALUMNI_DB_CONNECTIONS sets the server's pool;
# ALUMNI=path runs that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-100000}
inquiries=${2:-100000}
seconds=${3:-20}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { apt-get update -qq && apt-get install -y -qq postgresql; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); }
alumni=${ALUMNI:-.build/release/alumni}
[ -n "${ALUMNI:-}" ] || swift build -c release --product alumni >/dev/null
alumni=$(realpath "$alumni")
work=$(mktemp -d)
chmod 755 "$work"
as_postgres=()
if [ "$(id -u)" = 0 ]; then as_postgres=(runuser -u postgres --); fi
stop_cluster() { [ -d "$work/pg" ] && "${as_postgres[@]}" "$bin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true; }
trap '[ -z "${server:-}" ] || kill "$server" 2>/dev/null; stop_cluster; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

"$alumni" demo --db "$work/load.sqlite" --people "$people" --inquiries "$inquiries" >/dev/null 2>&1
"$alumni" users add load --email load@example.com --role admin --db "$work/load.sqlite" >/dev/null
token=$("$alumni" tokens create load --db "$work/load.sqlite" 2>/dev/null)

mkdir "$work/pg"
[ ${#as_postgres[@]} -eq 0 ] || chown postgres "$work/pg"
pg_port=$(free_port)
"${as_postgres[@]}" "$bin/initdb" -D "$work/pg" -U alumni -E UTF8 --auth=trust >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg" >/dev/null
"${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U alumni load
url="postgres://alumni@127.0.0.1:$pg_port/load"
"$alumni" db copy --db "$work/load.sqlite" --to "$url" >/dev/null

. Benchmarks/wrk-runs.sh
echo "wrk.headers[\"Authorization\"] = \"Bearer $token\"" >"$work/auth.lua"
people_script /api/v1/people/ Authorization "Bearer $token" >"$work/person.lua"

# Serves `database` and loads it; prints "store person-line | overdue-line | peak-kB".
load() { # store name, database
    port=$(free_port)
    ALUMNI_LOG_LEVEL=warning ALUMNI_ALERT_SCAN_SECONDS=0 "$alumni" serve --db "$2" --port "$port" \
        >"$work/serve-$1.log" 2>&1 &
    server=$!
    until curl -fs "http://127.0.0.1:$port/ready" >/dev/null; do sleep 0.2; done
    local person overdue peak
    person=$(run "person-$1" /api/v1/people/1 "$work/person.lua")
    overdue=$(run "overdue-$1" "/api/v1/inquiries?overdue=true&limit=50" "$work/auth.lua")
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
    kill -TERM "$server"
    wait "$server" || true
    server=
    echo "$person|$overdue|$peak"
}

echo "people=$people inquiries=$inquiries connections=64 seconds=$seconds"
field() { echo "$1" | cut -d'|' -f"$2" | cut -d' ' -f"${3:-2}"; }
ratio() { python3 -c "print(round($1 / $2, 2))"; }
sqlite=$(load sqlite "$work/load.sqlite")
printf '%-18s %12s %10s %10s  %s\n' route req/s p50 p99 errors
show() { set -- $1; printf '%-18s %12s %10s %10s  %s\n' "$1" "$2" "$3" "$4" "${*:5}"; }
show "$(echo "$sqlite" | cut -d'|' -f1)"
show "$(echo "$sqlite" | cut -d'|' -f2)"
echo "peak memory sqlite: $(field "$sqlite" 3 1) kB"
# The server's pool on PostgreSQL: each size in POOLS (default: the server's own default).
for pool in ${POOLS:-8}; do
    postgres=$(ALUMNI_DB_CONNECTIONS=$pool load "postgres-$pool" "$url")
    show "$(echo "$postgres" | cut -d'|' -f1)"
    show "$(echo "$postgres" | cut -d'|' -f2)"
    echo "pool $pool: person postgres/sqlite $(ratio "$(field "$postgres" 1)" "$(field "$sqlite" 1)") (target >= 0.5)," \
        "overdue $(ratio "$(field "$postgres" 2)" "$(field "$sqlite" 2)")," \
        "peak memory $(field "$postgres" 3 1) kB, $(ratio "$(field "$postgres" 3 1)" "$(field "$sqlite" 3 1)") of sqlite's (target <= 1.2)"
done

"${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U alumni bench
"${as_postgres[@]}" "$bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U alumni -i -q bench >/dev/null 2>&1
pgbench_tps=$("${as_postgres[@]}" "$bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U alumni -n -S -M prepared -c 64 -j 2 \
    -T "$seconds" bench 2>/dev/null | awk '/^tps/ {print $3}')
echo "pgbench select-only, prepared, 64 clients: $pgbench_tps transactions/s (one statement each)"
