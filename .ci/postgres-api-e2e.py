"""End-to-end check of `alumni serve` on PostgreSQL (issue 27), run by .ci/run.

    postgres-api-e2e.py ALUMNI

`alumni serve --demo` on a database of a throw-away cluster, then schemathesis against every
route of the API description, as on SQLite (people with their employment, pensions, contact
preferences, legal holds, data exports and erasure; inquiries and their steps, silent cases, the
report, farewells, check-ins, the calendar, the audit log, the mail that came in, campaigns, and the
pages signed links open, with links `alumni prefs link` made), with every default check and the
settings of .ci/schemathesis.toml; a campaign sent twice is sent once; `alumni mail receive` killed right after storing a message, then
given it again, stores it once; SIGTERM stops the server with exit 0, and its log holds neither the
password nor the token.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from postgres import cluster  # noqa: E402

ALUMNI = os.path.abspath(sys.argv[1])
CONFIG = os.path.join(os.path.dirname(__file__), "schemathesis.toml")
work = tempfile.mkdtemp(prefix="alumni-postgres-api-")


def request(port, path, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    try:
        with urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


with cluster(work) as server:
    url = server.database("api")
    port = int(subprocess.check_output(
        [sys.executable, "-c", 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])']))
    out, err = open(os.path.join(work, "serve.out"), "w"), open(os.path.join(work, "serve.err"), "w")
    serving = subprocess.Popen([ALUMNI, "serve", "--demo", "--db", url, "--port", str(port)],
                               env=server.environment, stdout=out, stderr=err)
    try:
        for _ in range(600):
            try:
                if request(port, "/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("alumni serve on PostgreSQL did not get ready")
        printed = open(os.path.join(work, "serve.err")).read()
        token = re.search(r"ad_[A-Za-z0-9_-]+", printed).group(0)

        # A campaign is sent once, whoever asks twice.
        status, body = request(port, "/api/v1/campaigns", token, {
            "name": "Winter news", "topic": "newsletter", "language": "en", "subject": "News for {{given_name}}",
            "body": "Hello {{given_name}}", "segment": {"kinds": ["employee"]}})
        assert status == 201, (status, body)
        campaign = json.loads(body)["id"]
        sends = [request(port, f"/api/v1/campaigns/{campaign}/send", token, {})[0] for _ in range(2)]
        assert sends == [202, 409], sends

        # Links signed with this server's key, so the self-service pages are tested past their
        # signature check (.ci/schemathesis.toml puts each in the {token} of its own pages).
        links = subprocess.run([ALUMNI, "prefs", "link", "1", "--topic", "newsletter", "--db", url, "--actor", "ci"],
                               env=server.environment, capture_output=True, text=True, check=True).stdout.splitlines()
        subprocess.run(
            ["schemathesis", "--config-file", CONFIG, "run", f"http://127.0.0.1:{port}/openapi.yaml",
             "--url", f"http://127.0.0.1:{port}", "-H", f"Authorization: Bearer {token}",
             "--max-examples", "30", "--workers", "1", "--seed", "20261207"],
            env=dict(os.environ, ALUMNI_PREFERENCE_TOKEN=links[0].rsplit("/", 1)[-1],
                     ALUMNI_LINK_TOKEN=links[-1].rsplit("/", 1)[-1]), check=True)

        # Mail in while the server runs: a message whose delivery is killed right after it is
        # stored (the mail server then delivers it again) is stored once.
        message = ("From: Someone <someone@example.org>\nTo: desk@example.com\nSubject: My pension\n"
                   "Message-ID: <redelivered@example.org>\n\nWhere did my pension go?\n")
        flag = os.path.join(work, "kill-after-store")
        open(flag, "w").close()
        killed = subprocess.run([ALUMNI, "mail", "receive", "--db", url], input=message, text=True,
                                capture_output=True, env=dict(server.environment, ALUMNI_TEST_KILL_AFTER_STORE=flag))
        assert killed.returncode == -9 and not os.path.exists(flag), (killed.returncode, killed.stderr)
        again = subprocess.run([ALUMNI, "mail", "receive", "--db", url, "--json"], input=message, text=True,
                               capture_output=True, env=server.environment, check=True)
        receipt = json.loads(again.stdout)
        assert receipt["duplicate"] and receipt["outcome"] == "unmatched", receipt
    finally:
        serving.terminate()
        code = serving.wait(timeout=60)
    log = open(os.path.join(work, "serve.out")).read()
    assert code == 0, f"alumni serve exited with {code}"
    assert "stopped; database closed" in log
    assert token not in log and server.password not in log, "the log holds a secret"
print("serve on PostgreSQL: a campaign sent once; schemathesis passed on every route; "
      "a redelivered message was stored once")
