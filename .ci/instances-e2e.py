"""End-to-end check of several `alumni serve` instances on one PostgreSQL database (issue 28),
run by .ci/run.

    instances-e2e.py ALUMNI [MESSAGES]

A throw-away PostgreSQL cluster, an aiosmtpd sink that `alumni`'s own smtp transport logs in to
(4 connections an instance), 2,000 people who said yes to the newsletter and a campaign to them.
Two `alumni serve` instances deliver it together; while they do, one is killed with SIGKILL three
times and the other once, each restarted at once. Every person must get the message, duplicates
are at most the messages in flight at the kills (printed), and the outbox ends with every
message sent and none claimed. Both instances also started at the same moment on the empty
database: the migrations ran once and both serve.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from campaign_audience import queue_campaign  # noqa: E402
from mailsink import SMTPSink, free_port  # noqa: E402
from postgres import cluster  # noqa: E402

ALUMNI = os.path.abspath(sys.argv[1])
MESSAGES = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
IN_FLIGHT = 4  # ALUMNI_SMTP_CONNECTIONS: the messages an instance has in the transport at once
work = tempfile.mkdtemp(prefix="alumni-instances-e2e-")


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


class Instance:
    """One `alumni serve` on the shared database, on a port of its own."""

    def __init__(self, name, env):
        self.name, self.env, self.port, self.process, self.kills = name, env, free_port(), None, 0

    def start(self):
        log = open(os.path.join(work, f"{self.name}.log"), "a")
        self.process = subprocess.Popen([ALUMNI, "serve", "--port", str(self.port)], env=self.env,
                                        stdout=log, stderr=log)

    def ready(self):
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ready", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        sys.exit(f"FAILED: instance {self.name} did not get ready")

    def kill_and_restart(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.kills += 1
        self.start()

    def stop(self):
        self.process.terminate()
        return self.process.wait(timeout=60)


sink = SMTPSink(work)
with cluster(work) as postgres:
    url = postgres.database("instances")
    port = free_port()
    env = dict(postgres.environment, ALUMNI_DB=url, USER="ci", ALUMNI_LOG_LEVEL="notice",
               ALUMNI_MAIL_FROM="alumni-desk@example.com", ALUMNI_PUBLIC_URL="http://127.0.0.1:8080",
               ALUMNI_ALERT_SCAN_SECONDS="3600", **sink.environment(os.path.join(work, "smtp-password")))
    instances = [Instance("a", env), Instance("b", env)]

    # Two instances started at the same moment on the empty database: one migrates, both serve.
    for instance in instances:
        instance.start()
    for instance in instances:
        instance.ready()
    migrations = postgres.sql("instances", "SELECT count(*), count(DISTINCT name) FROM schema_migration")
    total, distinct = map(int, migrations.split("|"))
    check(total == distinct and total > 20, f"the migrations ran once: {migrations}")

    def alumni(*args):
        result = subprocess.run([ALUMNI, *args], env=env, capture_output=True, text=True)
        check(result.returncode == 0, f"alumni {' '.join(args)}: {result.stderr}")
        return result.stdout.strip()

    started = time.monotonic()
    queue_campaign(alumni, postgres, "instances", MESSAGES, "person", work)

    def recipients():
        found = {}
        for message, _ in sink.received():
            address = message["To"].addresses[0].addr_spec
            found[address] = found.get(address, 0) + 1
        return found

    # Kills while the campaign goes out: a three times, b once, each restarted at once.
    plan = [(MESSAGES * 15 // 100, instances[0]), (MESSAGES * 30 // 100, instances[0]),
            (MESSAGES * 45 // 100, instances[1]), (MESSAGES * 60 // 100, instances[0])]
    delivered = {}
    while time.monotonic() - started < 300:
        delivered = recipients()
        while plan and len(delivered) >= plan[0][0]:
            plan.pop(0)[1].kill_and_restart()
        if len(delivered) >= MESSAGES and not plan:
            break
        time.sleep(0.05)
    seconds = time.monotonic() - started
    kills = sum(instance.kills for instance in instances)
    check(not plan, f"the campaign was delivered before every kill was made ({len(delivered)} delivered)")
    check(len(delivered) == MESSAGES, f"{MESSAGES - len(delivered)} of {MESSAGES} never arrived")
    time.sleep(1)  # a duplicate in flight at the end arrives now, if at all
    delivered = recipients()
    duplicates = sum(count - 1 for count in delivered.values())
    check(duplicates <= kills * IN_FLIGHT, f"{duplicates} duplicates after {kills} kills")

    for instance in instances:
        check(instance.stop() == 0, f"instance {instance.name} stopped cleanly")
    outbox = postgres.sql("instances", "SELECT count(*) FILTER (WHERE status = 'sent'), "
                          "count(*) FILTER (WHERE claimed_by IS NOT NULL) FROM outbox_message")
    sent, claimed = map(int, outbox.split("|"))
    check(sent == MESSAGES and claimed == 0, f"the outbox ends all sent, none claimed: {outbox}")
sink.stop()
print(f"instances e2e: {MESSAGES} messages delivered by two instances in {seconds:.1f} s across {kills} kills "
      f"(SIGKILL), {duplicates} delivered twice (at most {kills * IN_FLIGHT} were in flight); migrations ran once")
