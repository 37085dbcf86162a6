"""End-to-end check of a full disk (issue 24), run by .ci/run as root.

    storage-e2e.py ALUMNI

The database lives on a 4 MB tmpfs that a filler file then fills. `alumni serve` must answer
writes with 507 and a problem detail, `/ready` with 503 while writes fail, `/metrics` must
count the fault and the log name it; the command line must say the disk holding the database
is full and exit 74. Once the filler is gone, writes succeed again, `/ready` is 200, and the
database passes `PRAGMA integrity_check` with every acknowledged person in it.
"""
import http.client
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

from mailsink import free_port, wait_for_port

ALUMNI = os.path.abspath(sys.argv[1])
mount = tempfile.mkdtemp(prefix="alumni-storage-e2e-")
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount], check=True)
server = None


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"ok: {what}", flush=True)


try:
    database = os.path.join(mount, "alumni.sqlite")
    env = dict(os.environ, ALUMNI_DB=database, USER="ci")
    subprocess.run([ALUMNI, "users", "add", "ci", "--email", "ci@example.com", "--role", "admin"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    token = subprocess.run([ALUMNI, "tokens", "create", "ci"], env=env, check=True, capture_output=True,
                           text=True).stdout
    token = re.search(r"ad_[A-Za-z0-9_-]+", token).group(0)
    port = free_port()
    log = open(os.path.join(tempfile.mkdtemp(), "serve.log"), "w+")
    server = subprocess.Popen([ALUMNI, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def request(method, path, body=None):
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=auth)
        response = connection.getresponse()
        return response.status, response.read().decode()

    def add(number):
        return request("POST", "/api/v1/people",
                       {"givenName": "Liisa", "familyName": f"Virtanen {number}", "kind": "customer"})

    stored = 0
    for number in range(5):
        status, _ = add(number)
        check(status == 201, f"person {number} stored while there is room")
        stored += 1

    filler = os.path.join(mount, "filler")
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    refused = None
    for number in range(5, 2000):
        status, body = add(number)
        if status == 201:
            stored += 1
            continue
        refused = (status, body)
        break
    check(refused is not None and refused[0] == 507, f"a write on a full disk is a 507: {refused}")
    check("out of space" in json.loads(refused[1])["detail"], "the problem detail says the server is out of space")
    status, _ = request("GET", "/ready")
    check(status == 503, "/ready turns the load balancer away while writes fail")
    status, _ = request("GET", "/api/v1/people?limit=1")
    check(status == 200, "reads go on")
    status, metrics = request("GET", "/metrics")
    check('alumni_storage_faults_total{kind="full"}' in metrics, "/metrics counts the fault")
    cli = subprocess.run([ALUMNI, "people", "add", "--given", "Bo", "--family", "Berg", "--email",
                          "bo@example.com", "--kind", "customer"], env=env, capture_output=True, text=True)
    check(cli.returncode == 74, f"the command line exits 74 on a full disk (got {cli.returncode})")
    check(cli.stderr.strip() == f"Error: the disk holding {database} is full: free some space and try again; "
          "nothing stored was lost", f"the command line says so: {cli.stderr.strip()}")

    os.remove(filler)
    status, _ = add("after")
    check(status == 201, "with room again, writes succeed")
    stored += 1
    status, _ = request("GET", "/ready")
    check(status == 200, "/ready is ready again")
    server.terminate()
    server.wait(timeout=30)
    server = None
    log.seek(0)
    check("storage.fault=full" in log.read(), "the log names the fault")
    db = sqlite3.connect(database)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check is ok")
    count = db.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    db.close()
    check(count == stored, f"every acknowledged person is stored, and only those ({count} of {stored})")
    print("storage e2e passed")
finally:
    if server is not None:
        server.kill()
    subprocess.run(["umount", mount], check=True)
    os.rmdir(mount)
