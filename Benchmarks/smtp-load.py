"""Delivery speed of the smtp transport (issue 16), by hand, never from CI:

    python3 Benchmarks/smtp-load.py [PEOPLE] [SAMPLE]

Builds the release binary, fills a database with a demo directory of PEOPLE (default 25,000)
and queues a newsletter to everyone who consented, then delivers the same queued campaign,
each time from a fresh copy of the database, to one aiosmtpd server on loopback whose
handler accepts and discards (so the sink is not what limits):

- Python's smtplib sending the same rendered messages over one persistent connection (the
  sink's own limit, the baseline);
- `alumni outbox deliver` over the smtp transport with 1 and with 4 connections;
- `alumni outbox deliver` over the sendmail transport through msmtp, on the first SAMPLE
  (default 500) messages.

Prints messages per second, the ratios to smtplib and to msmtp, and each delivery's peak
memory (maximum resident set size of the process).
"""
import os
import shutil
import smtplib
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, ".ci"))
from mailsink import free_port, msmtp_sendmail, wait_for_port  # noqa: E402 (the CI's helpers, beside this script's repository)
people = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
sample = int(sys.argv[2]) if len(sys.argv) > 2 else 500
SENDER = "alumni-desk@example.com"

if shutil.which("msmtp") is None:
    subprocess.run(["apt-get", "install", "-y", "-qq", "msmtp"], check=True)
subprocess.run(["swift", "build", "-c", "release", "--product", "alumni"], cwd=ROOT, check=True,
               stdout=subprocess.DEVNULL)
ALUMNI = os.path.join(ROOT, ".build/release/alumni")
work = tempfile.mkdtemp(prefix="alumni-smtp-load-")
port = free_port()
sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c",
                         "aiosmtpd.handlers.Sink"])
wait_for_port(port)

base = os.path.join(work, "base.sqlite")
env = dict(os.environ, ALUMNI_DB=base, ALUMNI_MAIL_FROM=SENDER, ALUMNI_LOG_LEVEL="error", USER="bench")


def alumni(*args, environment=None):
    return subprocess.run([ALUMNI, *args], env=environment or env, check=True, capture_output=True,
                          text=True).stdout.strip()


print(f"filling a directory of {people} people and queueing a newsletter ...", flush=True)
alumni("demo", "--people", str(people), "--seed", "16")
body = os.path.join(work, "news.md")
with open(body, "w") as f:
    f.write("Hello **{{given_name}}**,\n\n" + "After {{years}} years with us you are still one of us. " * 40 + "\n")
campaign = alumni("campaigns", "create", "--name", "Load", "--topic", "newsletter", "--subject-template",
                  "News for {{given_name}}", "--body", body)
alumni("campaigns", "send", campaign)
with sqlite3.connect(base) as db:
    db.execute("UPDATE outbox_message SET status = 'suppressed' WHERE campaign_id IS NULL AND status = 'queued'")
    queued = db.execute("SELECT count(*) FROM outbox_message WHERE status = 'queued'").fetchone()[0]
    rendered = db.execute(
        "SELECT recipient, mime FROM outbox_message JOIN outbox_content ON outbox_content.message_id = outbox_message.id "
        "WHERE status = 'queued' ORDER BY outbox_message.id").fetchall()
size = sum(len(mime) for _, mime in rendered) / len(rendered)
print(f"{queued} messages queued, {size:.0f} bytes each on average", flush=True)


def smtplib_rate():
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for recipient, mime in rendered:
            client.sendmail(SENDER, [recipient], mime)
    return len(rendered) / (time.perf_counter() - started)


def deliver(name, settings, limit=None):
    """`outbox deliver` on a fresh copy of the queued campaign; messages a second and peak RSS in MB."""
    db_path = os.path.join(work, f"{name}.sqlite")
    shutil.copy(base, db_path)
    count = queued
    if limit:
        with sqlite3.connect(db_path) as db:
            db.execute("UPDATE outbox_message SET status = 'suppressed' WHERE status = 'queued' AND id NOT IN "
                       "(SELECT id FROM outbox_message WHERE status = 'queued' ORDER BY id LIMIT ?)", (limit,))
        count = limit
    started = time.perf_counter()
    process = subprocess.Popen([ALUMNI, "outbox", "deliver", "--json"], env=dict(env, ALUMNI_DB=db_path, **settings),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode()
    if status != 0 or f'"sent":{count}' not in output.replace(" ", ""):
        sys.exit(f"{name}: {output} {process.stderr.read().decode()}")
    return count / elapsed, usage.ru_maxrss / 1024


sendmail = msmtp_sendmail(work, port, SENDER)

smtp = dict(ALUMNI_MAIL_TRANSPORT="smtp", ALUMNI_SMTP_HOST="127.0.0.1", ALUMNI_SMTP_PORT=str(port),
            ALUMNI_SMTP_SECURITY="none")
baseline = smtplib_rate()
print(f"smtplib, one connection:        {baseline:8.0f} msg/s", flush=True)
one, one_rss = deliver("smtp1", dict(smtp, ALUMNI_SMTP_CONNECTIONS="1"))
print(f"smtp transport, 1 connection:   {one:8.0f} msg/s  {one / baseline:.2f}x smtplib  peak {one_rss:.0f} MB",
      flush=True)
four, four_rss = deliver("smtp4", dict(smtp, ALUMNI_SMTP_CONNECTIONS="4"))
print(f"smtp transport, 4 connections:  {four:8.0f} msg/s  {four / baseline:.2f}x smtplib  peak {four_rss:.0f} MB",
      flush=True)
msmtp, msmtp_rss = deliver("msmtp", dict(ALUMNI_MAIL_TRANSPORT="sendmail", ALUMNI_SENDMAIL_PATH=sendmail), sample)
print(f"sendmail through msmtp ({sample}): {msmtp:8.0f} msg/s  peak {msmtp_rss:.0f} MB", flush=True)
print(f"smtp transport against msmtp: {one / msmtp:.1f}x (1 connection), {four / msmtp:.1f}x (4 connections)")
sink.terminate()
shutil.rmtree(work)
