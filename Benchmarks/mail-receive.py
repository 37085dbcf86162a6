"""Speed of `alumni mail receive` (issue 15), by hand, never from CI:

    python3 Benchmarks/mail-receive.py [MESSAGES] [PARALLEL] [--static-stdlib] [--binary=PATH]

Builds the release binary, fills a fresh database (`alumni demo`), writes MESSAGES typical
replies (default 10,000: about 5 KB of text with quoted history, every other one with a 100 KB
PDF attached), each from the requester of an open inquiry with its `[#INQ-N]` tag, and hands
them to `alumni mail receive` one process per message, as a mail server's pipe does, PARALLEL
at a time (default 1; Postfix runs several pipe deliveries at once). Then it times as many
`alumni --version` runs the same way, the cost of starting the process at all, and prints
messages per second and the ratio of the two (issue 15: at least 100 a second, at most 3x).
"""
import base64
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
count = int(arguments[0]) if arguments else 10_000
parallel = int(arguments[1]) if len(arguments) > 1 else 1
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# --static-stdlib: the Swift runtime and Foundation linked into the binary (docs/operations.md);
# --binary=PATH: time an alumni built elsewhere instead of building one.
static = "--static-stdlib" in sys.argv
given = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--binary=")]
scratch = os.path.join(root, ".build-static" if static else ".build")
if not given:
    subprocess.run(["swift", "build", "-c", "release", "--product", "alumni", "--scratch-path", scratch]
                   + (["-Xswiftc", "-static-stdlib"] if static else []), cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
alumni = os.path.abspath(given[0]) if given else os.path.join(scratch, "release", "alumni")
work = tempfile.mkdtemp(prefix="alumni-mail-bench-")
db = os.path.join(work, "bench.sqlite")
env = dict(os.environ, ALUMNI_DB=db, ALUMNI_MAIL_TRANSPORT="file", ALUMNI_MAIL_DIR=os.path.join(work, "out"),
           USER="bench")
env.pop("ALUMNI_CONFIG", None)
subprocess.run([alumni, "demo", "--people", "20000", "--inquiries", "20000", "--seed", "7"], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
pairs = sqlite3.connect(db).execute(
    """SELECT inquiry.id, person.email, inquiry.subject FROM inquiry JOIN person ON person.id = inquiry.person_id
       WHERE inquiry.status != 'closed' AND person.email IS NOT NULL ORDER BY inquiry.id""").fetchall()
if not pairs:
    sys.exit("the demo made no open inquiries with an address")

quote = "\n".join(f"> {'We have asked the pension company about your years with us. ' * 2}" for _ in range(40))
pdf = base64.encodebytes(b"%PDF-1.4\n" + os.urandom(75_000)).decode()
paths = []
for number in range(count):
    inquiry, email, subject = pairs[number % len(pairs)]
    text = (f"Thank you for your answer. My employee number was {4000 + number}.\n\nBest regards\n\n"
            f"On Fri, 27 Nov 2026 at 14:03, Alumni Desk <desk@example.com> wrote:\n{quote}\n")
    headers = (f"From: <{email}>\r\nTo: desk@example.com\r\nSubject: Re: {subject} [#INQ-{inquiry}]\r\n"
               f"Message-ID: <bench-{number}@client.example>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0100\r\n"
               "MIME-Version: 1.0\r\n")
    if number % 2:
        body = (headers + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
                "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n--b\r\n"
                'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="contract.pdf"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\n" + pdf + "\r\n--b--\r\n")
    else:
        body = headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text
    path = os.path.join(work, f"m{number}.eml")
    with open(path, "w") as f:
        f.write(body.replace("\r\n", "\n").replace("\n", "\r\n"))
    paths.append(path)
sizes = [os.path.getsize(p) for p in paths]
print(f"{count} messages, {sum(sizes) / count / 1024:.0f} KB on average "
      f"({min(sizes) / 1024:.0f}-{max(sizes) / 1024:.0f} KB), {parallel} at a time, {len(pairs)} open inquiries")


def receive(path):
    with open(path, "rb") as f:
        result = subprocess.run([alumni, "mail", "receive", "--recipient", "desk@example.com"], stdin=f, env=env,
                                capture_output=True)
    if result.returncode != 0:
        sys.exit(f"mail receive failed ({result.returncode}): {result.stderr.decode()}")


def version(_):
    subprocess.run([alumni, "--version"], env=env, check=True, capture_output=True)


def timed(job, items):
    start = time.monotonic()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(job, items))
    return time.monotonic() - start


received = timed(receive, paths)
started = timed(version, range(count))
replies = sqlite3.connect(db).execute(
    "SELECT COUNT(*) FROM inbound_mail WHERE status = 'filed' AND nature = 'message'").fetchone()[0]
print(f"mail receive: {received:.1f} s, {count / received:.0f} messages/s, "
      f"{received / count * 1000:.1f} ms each; {replies} filed as replies")
print(f"alumni --version: {started:.1f} s, {started / count * 1000:.1f} ms each")
print(f"ratio receive / --version: {received / started:.2f} (issue 15: at most 3)")
