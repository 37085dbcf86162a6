"""End-to-end check that a long write never freezes the server (issue 13), run by .ci/run.

    freeze-e2e.py ALUMNI

`alumni serve` runs on a demo database while `alumni people import` of 200,000 rows holds the
database's write lock in another process. Meanwhile three clients keep asking: `/health`, one
person by id, and new people (writes). `/health` must stay fast (p99 under 50 ms), reads
must keep answering 200, and a write must either succeed or get a 503 with `Retry-After`:
no other 5xx, no hang. Then `PRAGMA integrity_check` is ok.
"""
import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from mailsink import free_port, wait_for_port

ALUMNI = os.path.abspath(sys.argv[1])
ROWS = 200_000
work = tempfile.mkdtemp(prefix="alumni-freeze-e2e-")
database = os.path.join(work, "freeze.sqlite")
port = free_port()
env = dict(os.environ, ALUMNI_DB=database, USER="ci", ALUMNI_LOG_LEVEL="warning")
server = subprocess.Popen([ALUMNI, "serve", "--demo", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
token = None
for line in server.stderr:
    match = re.search(r"ad_[A-Za-z0-9_-]+", line)
    if match:
        token = match.group(0)
        break
wait_for_port(port)
threading.Thread(target=server.stderr.read, daemon=True).start()

csv = os.path.join(work, "people.csv")
with open(csv, "w") as f:
    f.write("given_name,family_name,email,kind,country,language,joined,ref\n")
    for i in range(ROWS):
        f.write(f"Given{i},Family{i},p{i}@example.com,employee,SE,sv,2010-01-01,IMPORT-{i}\n")

results = {"health": [], "read": [], "write": []}
importing = threading.Event()
importing.set()


def client(kind):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    auth = {"Authorization": f"Bearer {token}"}
    number = 0
    while importing.is_set():
        number += 1
        started = time.perf_counter()
        if kind == "health":
            connection.request("GET", "/health")
        elif kind == "read":
            connection.request("GET", "/api/v1/people/1", headers=auth)
        else:
            body = json.dumps({"givenName": "Björn", "familyName": f"Writer {number}", "kind": "customer"})
            connection.request("POST", "/api/v1/people", body=body,
                               headers=dict(auth, **{"Content-Type": "application/json"}))
        response = connection.getresponse()
        response.read()
        results[kind].append((response.status, response.getheader("Retry-After"), time.perf_counter() - started))


threads = [threading.Thread(target=client, args=(kind,)) for kind in results]
for thread in threads:
    thread.start()
time.sleep(0.5)
started = time.perf_counter()
imported = subprocess.run([ALUMNI, "people", "import", csv], env=env, capture_output=True, text=True)
seconds = time.perf_counter() - started
time.sleep(0.5)
importing.clear()
for thread in threads:
    thread.join()
server.send_signal(signal.SIGTERM)
server.wait()
assert imported.returncode == 0, imported.stderr

health = sorted(latency for _, _, latency in results["health"])
assert len(health) > 50, f"only {len(health)} health checks during the import"
p99 = health[int(len(health) * 0.99) - 1]
assert all(status == 200 for status, _, _ in results["health"]), "/health failed"
assert p99 < 0.05, f"/health p99 {p99 * 1000:.1f} ms during the import"
reads = [status for status, _, _ in results["read"]]
assert reads and all(status == 200 for status in reads), f"reads: {sorted(set(reads))}"
writes = results["write"]
refused = [(status, retry) for status, retry, _ in writes if status != 201]
assert all(status == 503 and retry for status, retry in refused), f"writes: {sorted(set(refused))}"
with sqlite3.connect(database) as db:
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    people = db.execute("SELECT COUNT(*) FROM person WHERE external_ref LIKE 'IMPORT-%'").fetchone()[0]
    assert people == ROWS, f"{people} imported"
print(f"freeze e2e: import of {ROWS} rows in {seconds:.1f} s; /health {len(health)} times, p99 "
      f"{p99 * 1000:.1f} ms; {len(reads)} reads all 200; {len(writes)} writes, {len(writes) - len(refused)} "
      f"stored, {len(refused)} answered 503 with Retry-After; no other 5xx; integrity ok")
