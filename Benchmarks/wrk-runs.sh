# Shared by the load runs (sourced, never run): a wrk script of requests for random people, and
# one wrk run. Both use $work (a scratch folder), $seconds, $port and $people of the caller.

# Requests for 10,000 random people, formatted once: formatting one per call cost wrk more CPU
# than the static request of the other runs, on the same two cores as the server.
people_script() { # path prefix, header name, header value
    cat <<LUA
local requests = {}
init = function()
  for i = 1, 10000 do
    requests[i] = wrk.format("GET", "$1" .. math.random(1, $people), {["$2"] = "$3"})
  end
end
local n = 0
request = function()
  n = n % #requests + 1
  return requests[n]
end
LUA
}

# wrk (2 threads, 64 connections) for $seconds on one path; prints "name req/s p50 p99 errors".
run() { # name, path, script
    wrk -t2 -c64 -d"${seconds}s" --latency -s "$3" "http://127.0.0.1:$port$2" >"$work/$1.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' "$work/$1.txt")
    echo "$1 $rps $p50 $p99 ${errors:-no errors}"
}
