"""End-to-end check of campaigns and one-click unsubscribe (issue 6), run by .ci/run.

    campaign-e2e.py ALUMNI [sendmail | smtp | smtp-starttls]

A fresh database gets people who said yes to the newsletter (in Swedish and English), some
who did not, and one marked do-not-contact. A campaign in both languages is sent while
`campaigns send` is killed part-way and run again (a send of a sent campaign is refused), and delivered to a real SMTP server
(aiosmtpd) while `outbox deliver` dies by SIGKILL between messages: through msmtp with the
sendmail transport, or straight over the desk's own smtp transport (4 connections, login
required, with STARTTLS and a certificate trusted through the CA file option). Every
consenting person must get their message in their language, as text and HTML with
List-Unsubscribe headers, and nobody else any: exactly once through sendmail, which has one
message in flight; over smtp at most the messages in flight at a kill arrive twice. Then
`alumni serve` answers the List-Unsubscribe link: a POST unsubscribes without login and is
recorded, an altered link is refused.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from mailsink import MailSink, SMTPSink, free_port

ALUMNI = os.path.abspath(sys.argv[1])
MODE = sys.argv[2] if len(sys.argv) > 2 else "sendmail"
work = tempfile.mkdtemp(prefix=f"alumni-campaign-e2e-{MODE}-")
port = free_port()
env = dict(os.environ, ALUMNI_DB=os.path.join(work, "campaign.sqlite"), ALUMNI_MAIL_FROM="alumni-desk@example.com",
           ALUMNI_PUBLIC_URL=f"http://127.0.0.1:{port}", ALUMNI_ALERT_SCAN_SECONDS="0", USER="ci")
if MODE == "sendmail":
    sink = MailSink(work)
    env.update(ALUMNI_MAIL_TRANSPORT="sendmail", ALUMNI_SENDMAIL_PATH=sink.sendmail)
    in_flight = 1
else:
    sink = SMTPSink(work, starttls=MODE == "smtp-starttls")
    env.update(sink.environment(os.path.join(work, "smtp-password")))
    in_flight = int(env["ALUMNI_SMTP_CONNECTIONS"])


def alumni(*args):
    result = subprocess.run([ALUMNI, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"alumni {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


consenting = {}
for i in range(40):
    swedish = i % 2 == 0
    address = f"person{i}@example.se"
    person = alumni("people", "add", "--given", "Björn" if swedish else "Emma", "--family", f"Nyström {i}",
                    "--email", address, "--kind", "employee", "--language", "sv" if swedish else "en",
                    "--joined", "2010-01-01", "--left", "2022-06-30")
    if i < 30:
        alumni("prefs", "set", person, "--topic", "newsletter", "--channel", "email", "--consent", "granted",
               "--source", "signup")
        consenting[address] = (person, swedish)
blocked = next(iter(consenting))
alumni("prefs", "do-not-contact", consenting.pop(blocked)[0], "on", "--source", "letter")

english = os.path.join(work, "news.en.md")
with open(english, "w") as f:
    f.write("Hello **{{given_name}}**,\n\nafter {{years}} years with us you are still one of us.\n")
swedish_body = os.path.join(work, "news.sv.md")
with open(swedish_body, "w") as f:
    f.write("Hej **{{given_name}}**,\n\nefter {{years}} år hos oss är du fortfarande en av oss.\n")
campaign = alumni("campaigns", "create", "--name", "Autumn", "--topic", "newsletter", "--subject-template",
                  "News for {{given_name}}", "--body", english)
alumni("campaigns", "translate", campaign, "--language", "sv", "--subject-template", "Nyheter för {{given_name}}",
       "--body", swedish_body)
audience = json.loads(alumni("campaigns", "audience", campaign, "--json"))
assert audience["eligible"] == len(consenting), audience
assert audience["excluded"] == {"no-consent": 10, "do-not-contact": 1}, audience["excluded"]

# Sending, killed part-way a few times, then run again to the end.
for delay in [0.02, 0.05, 0.1]:
    process = subprocess.Popen([ALUMNI, "campaigns", "send", campaign], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()

def send_again():
    return subprocess.run([ALUMNI, "campaigns", "send", campaign], env=env, capture_output=True, text=True)


# The last send completes an interrupted one; had a killed one finished first, it is refused as sent.
last = send_again()
assert last.returncode == 0 or "it is sent once" in last.stderr, last.stderr
again = send_again()
assert again.returncode != 0 and "it is sent once" in again.stderr, f"a second send was not refused: {again}"

# Delivery dies by SIGKILL between messages, then finishes.
kills = [3, 5] if MODE == "sendmail" else [3, 5, 8, 4]
for crash_after in kills:
    result = subprocess.run([ALUMNI, "outbox", "deliver"], env=dict(env, ALUMNI_TEST_KILL_AFTER_SENT=str(crash_after)),
                            capture_output=True)
    assert result.returncode == -signal.SIGKILL, f"expected a SIGKILL, got {result.returncode}"
alumni("outbox", "deliver")
time.sleep(0.5)

by_address = {}
for message, _ in sink.received():
    by_address.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
assert set(by_address) == set(consenting), f"wrong recipients: {set(by_address) ^ set(consenting)}"
duplicates = sum(len(messages) - 1 for messages in by_address.values())
# A kill right after a message is recorded sent leaves the others in flight unrecorded.
assert duplicates <= len(kills) * (in_flight - 1), f"{duplicates} duplicates after {len(kills)} kills"
for address, (message, *_) in by_address.items():
    person, swedish = consenting[address]
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    greeting = "Hej" if swedish else "Hello"
    assert str(message["Subject"]).startswith("Nyheter för Björn" if swedish else "News for Emma"), message["Subject"]
    assert f"{greeting} **" in text and f"<strong>{'Björn' if swedish else 'Emma'}</strong>" in html
    assert ("efter 12 år" if swedish else "after 12 years") in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith(f"<http://127.0.0.1:{port}/unsubscribe/u.{person}.newsletter.")
    if MODE != "sendmail":
        assert message["X-MailFrom"] == "alumni-desk@example.com", f"envelope sender {message['X-MailFrom']}"
if MODE != "sendmail":
    assert sink.logins and all(ok for _, ok, _ in sink.logins), f"logins: {sink.logins}"
    assert all(tls for _, _, tls in sink.logins) == (MODE == "smtp-starttls"), f"logins: {sink.logins}"
    # A wrong password, and (with STARTTLS) a certificate nobody said to trust: the delivery
    # stops with an error that says so, and the message waits.
    alumni("campaigns", "test", campaign, "--to", "proof@example.com")
    wrong_password = os.path.join(work, "wrong-password")
    with open(wrong_password, "w") as f:
        f.write("not the password\n")
    refusals = [(dict(env, ALUMNI_SMTP_PASSWORD_FILE=wrong_password), "refused the login as desk: 535")]
    if MODE == "smtp-starttls":
        untrusted = {key: value for key, value in env.items() if key != "ALUMNI_SMTP_CA_FILE"}
        refusals.append((untrusted, "CERTIFICATE_VERIFY_FAILED"))
    for refused_env, reason in refusals:
        result = subprocess.run([ALUMNI, "outbox", "deliver"], env=refused_env, capture_output=True, text=True)
        assert result.returncode != 0 and reason in result.stderr, f"{result.returncode}: {result.stderr}"
        assert "not the password" not in result.stderr + result.stdout
        subprocess.run(["sqlite3", env["ALUMNI_DB"], "UPDATE outbox_message SET next_attempt_at = 0 WHERE status = 'queued'"], check=True)
    alumni("outbox", "deliver")
    proofs = [m for m, _ in sink.received() if m["To"].addresses[0].addr_spec == "proof@example.com"]
    assert len(proofs) == 1, f"the test message arrived {len(proofs)} times"

# One click, answered by the server: a POST to the List-Unsubscribe link.
server = subprocess.Popen([ALUMNI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
address, (message, *_) = next(iter(by_address.items()))
person = consenting[address][0]
link = message["List-Unsubscribe"].strip("<>")


def post(url):
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        return urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


assert post(link.replace(f"/unsubscribe/u.{person}.", f"/unsubscribe/u.{int(person) + 1}.")) == 403, "a forged link worked"
assert post(link) == 200, "the unsubscribe link failed"
server.send_signal(signal.SIGTERM)
server.wait()
preferences = json.loads(alumni("prefs", "show", person, "--json"))
newsletter = next(c for c in preferences["consents"] if c["topic"] == "newsletter" and c["channel"] == "email")
assert newsletter["granted"] is False and newsletter["source"] == f"unsubscribe link, campaign #{campaign}", newsletter
progress = json.loads(alumni("campaigns", "show", campaign, "--json"))["progress"]
# A test send (smtp modes) is not one of the campaign's copies: the figures leave it out.
assert progress["sent"] == len(consenting) and progress["unsubscribed"] == 1, progress

sink.stop()
print(f"campaign e2e ({MODE}): {len(consenting)} messages delivered across 3 killed sends and {len(kills)} killed "
      f"deliveries, {duplicates} twice; one-click unsubscribe recorded, a forged link refused")
