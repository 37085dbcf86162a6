"""End-to-end check of alerts and mail delivery (issue 5), run by .ci/run.

A real SMTP server on loopback (aiosmtpd, storing a Maildir) behind msmtp as the sendmail
transport. A fresh database gets overdue and silent inquiries; `alumni alerts run` is killed
part-way several times before it completes, and `alumni outbox deliver` dies by SIGKILL
between messages several times before it completes. Then every expected alert must have
arrived exactly once, by Message-ID and by case and kind, with well-formed headers, and
PRAGMA integrity_check must say ok.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from mailsink import MailSink

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-mail-e2e-")
db = os.path.join(work, "mail.sqlite")


sink = MailSink(work)
sendmail = sink.sendmail

env = dict(os.environ, ALUMNI_DB=db, ALUMNI_MAIL_TRANSPORT="sendmail", ALUMNI_SENDMAIL_PATH=sendmail,
           ALUMNI_MAIL_FROM="alumni-desk@example.com", ALUMNI_TEAM_EMAIL="team@example.com",
           ALUMNI_ESCALATION_EMAIL="escalation@example.com", ALUMNI_ALERT_HOURS="always", USER="ci")


def alumni(*args, now=None, check=True):
    run_env = dict(env, ALUMNI_NOW=now) if now else env
    result = subprocess.run([ALUMNI, *args], env=run_env, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"alumni {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


# A desk with owners, people with Unicode names, and cases that are overdue and silent.
alumni("users", "add", "anna", "--email", "anna@example.com", "--role", "hr")
opened = "2025-11-03T08:00:00Z"
inquiries = []
for i in range(12):
    person = alumni("people", "add", "--given", "Åse", "--family", f"Ødegård {i}", "--email", f"ase{i}@example.no",
                    "--kind", "employee")
    kind = ["pension", "exit", "general"][i % 3]
    args = ["inquiries", "open", "--person", person, "--type", kind, "--subject", f"Spørsmål nr. {i} – pensjon"]
    if i % 2 == 0:
        args += ["--owner", "anna"]
    inquiries.append(alumni(*args, now=opened))
now = "2025-11-12T09:00:00Z"

# An answer to a requester goes through the same outbox, threaded under its inquiry.
answered = inquiries[1]
alumni("inquiries", "reply", answered, "--body", "Vi har svaret ditt – takk for tålmodigheten.", now=now)

# The scan, killed part-way a few times: each kill leaves nothing, the next one starts afresh.
for delay in [0.01, 0.03, 0.05]:
    process = subprocess.Popen([ALUMNI, "alerts", "run"], env=dict(env, ALUMNI_NOW=now),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
alumni("alerts", "run", now=now)
second = alumni("alerts", "run", "--json", now=now)
assert '"raised" : [\n\n  ]' in second or '"raised" : []' in second, "a second scan raised alerts again"

con = sqlite3.connect(db)
expected = {row[0]: row[1] for row in con.execute("SELECT message_id, dedupe_key FROM outbox_message")}
con.close()
assert expected, "the scan raised no alerts"

# Delivery dies by SIGKILL between messages, three times, then finishes.
for crash_after in [2, 3, 4]:
    result = subprocess.run([ALUMNI, "outbox", "deliver"], env=dict(env, ALUMNI_NOW=now,
                            ALUMNI_TEST_KILL_AFTER_SENT=str(crash_after)), capture_output=True)
    assert result.returncode == -signal.SIGKILL, f"expected a SIGKILL, got {result.returncode}"
alumni("outbox", "deliver", now=now)
time.sleep(0.5)

received = {}
raw = {}
for message, data in sink.received():
    received.setdefault(message["Message-ID"], []).append(message)
    raw[message["Message-ID"]] = data

duplicates = {mid: len(msgs) for mid, msgs in received.items() if len(msgs) > 1}
assert not duplicates, f"delivered more than once: {duplicates}"
missing = set(expected) - set(received)
assert not missing, f"never delivered: {missing}"
assert set(received) == set(expected), f"unexpected messages: {set(received) - set(expected)}"

reply_id = next(mid for mid, key in expected.items() if key.startswith(f"inquiry:{answered}:event:"))
(reply,) = received.pop(reply_id)
expected.pop(reply_id)
root = f"<inquiry-{answered}@alumni-desk>"
assert reply["In-Reply-To"] == root and reply["References"] == root, "the reply is not threaded under its inquiry"
assert f"[#INQ-{answered}]" in str(reply["Subject"]), reply["Subject"]
assert "Ødegård 1" in str(reply["To"]) and "ase1@example.no" in str(reply["To"]), reply["To"]
to_line = next(line.rstrip(b"\r") for line in raw[reply_id].split(b"\n") if line.startswith(b"To:"))
assert b"=?UTF-8?B?" in to_line and to_line.isascii(), f"the Unicode name is not an encoded word: {to_line}"
assert "tålmodigheten" in reply.get_content(), "the UTF-8 body did not survive"

by_case = {}
for mid, (message,) in received.items():
    for header in ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"]:
        assert message[header], f"{mid} has no {header}"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    case = tuple(expected[mid].split(":")[1:3])
    identity = (case, message["X-Alumni-Alert"], message["X-Alumni-Deadline"], message["To"])
    by_case[identity] = by_case.get(identity, 0) + 1
assert all(count == 1 for count in by_case.values()), "a case, kind and deadline reached a recipient twice"
kinds = {identity[1] for identity in by_case}
assert {"first-response-overdue", "silent", "escalation"} <= kinds, f"missing alert kinds: {kinds}"

con = sqlite3.connect(db)
assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
statuses = dict(con.execute("SELECT status, COUNT(*) FROM outbox_message GROUP BY status").fetchall())
con.close()
assert statuses == {"sent": len(expected) + 1}, f"outbox not all sent: {statuses}"

sink.stop()
print(f"mail e2e: {len(expected)} alerts and a threaded reply delivered exactly once through msmtp, "
      "across 3 killed scans and 3 killed deliveries")
