"""End-to-end check of `alumni db copy` (issue 27), run by .ci/run.

    postgres-copy-e2e.py ALUMNI

A demo database of 5,000 people and 10,000 inquiries, with mail received through `alumni mail
receive` (a question, a reply with an attachment, a bounce report and a complaint) and a campaign queued,
is copied into a fresh PostgreSQL database and back into a new SQLite file. Both copies must
report every table equal, and every table must come back with the checksum it left with.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from postgres import cluster  # noqa: E402

ALUMNI = os.path.abspath(sys.argv[1])
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "AlumniMailTests", "Fixtures")
work = tempfile.mkdtemp(prefix="alumni-postgres-copy-")
database = os.path.join(work, "demo.sqlite")


def alumni(*arguments, env=None, stdin=None):
    done = subprocess.run([ALUMNI, *arguments], env=env or dict(os.environ, ALUMNI_DB=database), input=stdin,
                          capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"alumni {' '.join(arguments)} failed ({done.returncode}): {done.stderr.decode()}")
    return done.stdout.decode()


alumni("demo", "--people", "5000", "--inquiries", "10000", "--seed", "27")
for fixture in ["new-question.eml", "reply-with-attachment.eml", "dsn-postfix.eml", "arf-complaint.eml"]:
    with open(os.path.join(FIXTURES, fixture), "rb") as f:
        alumni("mail", "receive", stdin=f.read())
body = os.path.join(work, "news.md")
with open(body, "w") as f:
    f.write("Hello **{{given_name}}**,\n\nafter {{years}} years with us you are still one of us.\n")
campaign = alumni("campaigns", "create", "--name", "Winter", "--topic", "newsletter", "--subject-template",
                  "News for {{given_name}}", "--body", body).strip()
alumni("campaigns", "send", campaign)
queued = json.loads(alumni("campaigns", "show", campaign, "--json"))["progress"]
print(f"campaign {campaign}: {queued}")

with cluster(work) as server:
    url = server.database("alumni")
    started = time.monotonic()
    there = json.loads(alumni("db", "copy", "--to", url, "--json", env=dict(server.environment, ALUMNI_DB=database)))
    print(f"SQLite to PostgreSQL in {time.monotonic() - started:.1f} s")
    info = json.loads(alumni("db", "info", "--db", url, "--json", env=server.environment))
    assert info["store"] == "postgresql" and info["migrationsPending"] == [], info
    back = os.path.join(work, "back.sqlite")
    started = time.monotonic()
    home = json.loads(alumni("db", "copy", "--db", url, "--to", back, "--json", env=server.environment))
    print(f"PostgreSQL to SQLite in {time.monotonic() - started:.1f} s")

rows = {table["name"]: table["sourceRows"] for table in there["tables"]}
for name in ["person", "inquiry", "inbound_mail", "inbound_attachment", "outbox_message",
             "outbox_content", "campaign", "campaign_tally"]:
    assert rows[name] > 0, f"the demo database has no {name}: {rows}"
assert rows["person"] >= 5000 and rows["inquiry"] >= 10000, rows
for report in (there, home):
    unequal = [table for table in report["tables"] if not table["equal"]]
    assert not unequal, f"{report['source']} to {report['target']}: {unequal}"
returned = {table["name"]: table["targetChecksum"] for table in home["tables"]}
for table in there["tables"]:
    assert returned[table["name"]] == table["sourceChecksum"], f"{table['name']} did not come back as it left"
    print(f"{table['name']:22} {table['sourceRows']:>7} rows  {table['sourceChecksum']}")
print("db copy: every table there and back with equal row counts and checksums")
