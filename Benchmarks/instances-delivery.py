"""Delivery by one and by two `alumni serve` instances on one PostgreSQL database (issue 28),
by hand, never from CI:

    python3 Benchmarks/instances-delivery.py [MESSAGES] [ALUMNI]

In a throw-away PostgreSQL cluster on loopback, MESSAGES people (20,000 by default) who said yes
to the newsletter and a campaign to them, queued while no server runs; then the instances start
and deliver it over the smtp transport (4 connections each) to an aiosmtpd sink. Run twice in
the same script, on two databases alike: with one instance, then with two. Prints each run's
messages a second from the first server's start to the last message's arrival, the ratio of two
to one, and the duplicates (none expected: nothing is killed). ALUMNI defaults to the release
build.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".ci"))
from campaign_audience import queue_campaign  # noqa: E402
from mailsink import SMTPSink, free_port  # noqa: E402
from postgres import cluster  # noqa: E402

MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
ALUMNI = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".build/release/alumni")
work = tempfile.mkdtemp(prefix="alumni-instances-benchmark-")


def prepare(postgres, name, env):
    """A database with MESSAGES consenting people and their campaign queued; returns its env."""
    url = postgres.database(name)
    env = dict(env, ALUMNI_DB=url)

    def alumni(*args):
        return subprocess.run([ALUMNI, *args], env=env, capture_output=True, text=True, check=True).stdout.strip()

    alumni("init")
    queue_campaign(alumni, postgres, name, MESSAGES, name, work)
    return env


def arrived(sink):
    """How many messages the sink holds (files counted, not parsed: parsing would slow the sink)."""
    folder = os.path.join(sink.maildir, "new")
    return len(os.listdir(folder)) if os.path.isdir(folder) else 0


def deliver(env, instances, sink, name):
    """Starts `instances` servers (their logs in the work folder) and waits until MESSAGES more
    messages arrived; returns seconds."""
    before = arrived(sink)
    started = time.monotonic()
    logs = [open(os.path.join(work, f"{name}-{i}.log"), "w") for i in range(instances)]
    servers = [subprocess.Popen([ALUMNI, "serve", "--port", str(free_port())], env=env, stdout=log, stderr=log)
               for log in logs]
    try:
        while arrived(sink) - before < MESSAGES:
            time.sleep(0.1)
        return time.monotonic() - started
    finally:
        time.sleep(2)  # what is in flight arrives
        for server in servers:
            server.terminate()
            server.wait(timeout=60)


def duplicates(sink, prefix):
    counts = {}
    for message, _ in sink.received():
        address = message["To"].addresses[0].addr_spec
        if address.startswith(prefix):
            counts[address] = counts.get(address, 0) + 1
    return sum(counts.values()) - len(counts), len(counts)


sink = SMTPSink(work)
with cluster(work) as postgres:
    base = dict(postgres.environment, USER="bench", ALUMNI_LOG_LEVEL="warning",
                ALUMNI_MAIL_FROM="alumni-desk@example.com", ALUMNI_PUBLIC_URL="http://127.0.0.1:8080",
                ALUMNI_ALERT_SCAN_SECONDS="3600", **sink.environment(os.path.join(work, "smtp-password")))
    single = prepare(postgres, "one", base)
    double = prepare(postgres, "two", base)
    one_seconds = deliver(single, 1, sink, "one")
    two_seconds = deliver(double, 2, sink, "two")
    for name in ["one", "two"]:
        retried = postgres.sql(name, "SELECT count(*) FILTER (WHERE attempts > 1), count(*) FILTER (WHERE "
                               "status <> 'sent'), string_agg(DISTINCT last_error, '; ') FROM outbox_message")
        print(f"{name}: messages attempted more than once, not sent, errors: {retried}", flush=True)
(one_duplicates, one_people), (two_duplicates, two_people) = duplicates(sink, "one"), duplicates(sink, "two")
sink.stop()
print(f"work folder (server logs): {work}")
assert one_people == two_people == MESSAGES, (one_people, two_people)
one_rate, two_rate = MESSAGES / one_seconds, MESSAGES / two_seconds
print(f"one instance:  {MESSAGES} messages in {one_seconds:.1f} s, {one_rate:.0f}/s, {one_duplicates} duplicates")
print(f"two instances: {MESSAGES} messages in {two_seconds:.1f} s, {two_rate:.0f}/s, {two_duplicates} duplicates")
print(f"two against one: {two_rate / one_rate:.2f}x (target >= 1.0, 0 duplicates)")
