"""End-to-end check of campaigns and one-click unsubscribe (issue 6), run by .ci/run.

A fresh database gets people who said yes to the newsletter (in Swedish and English), some
who did not, and one marked do-not-contact. A campaign in both languages is sent while
`campaigns send` is killed part-way and run again, and delivered through msmtp to a real
SMTP server while `outbox deliver` dies by SIGKILL between messages. Every consenting person
must get exactly one message, in their language, as text and HTML with List-Unsubscribe
headers, and nobody else any. Then `alumni serve` answers the List-Unsubscribe link: a POST
unsubscribes without login and is recorded, an altered link is refused.
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

from mailsink import MailSink, free_port

ALUMNI = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="alumni-campaign-e2e-")
sink = MailSink(work)
port = free_port()
env = dict(os.environ, ALUMNI_DB=os.path.join(work, "campaign.sqlite"), ALUMNI_MAIL_TRANSPORT="sendmail",
           ALUMNI_SENDMAIL_PATH=sink.sendmail, ALUMNI_MAIL_FROM="alumni-desk@example.com",
           ALUMNI_PUBLIC_URL=f"http://127.0.0.1:{port}", ALUMNI_ALERT_SCAN_SECONDS="0", USER="ci")


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
alumni("campaigns", "send", campaign)
assert json.loads(alumni("campaigns", "send", campaign, "--json"))["queued"] == 0, "a second send queued again"

# Delivery dies by SIGKILL between messages, then finishes.
for crash_after in [3, 5]:
    result = subprocess.run([ALUMNI, "outbox", "deliver"], env=dict(env, ALUMNI_TEST_KILL_AFTER_SENT=str(crash_after)),
                            capture_output=True)
    assert result.returncode == -signal.SIGKILL, f"expected a SIGKILL, got {result.returncode}"
alumni("outbox", "deliver")
time.sleep(0.5)

by_address = {}
for message, _ in sink.received():
    by_address.setdefault(message["To"].addresses[0].addr_spec, []).append(message)
assert set(by_address) == set(consenting), f"wrong recipients: {set(by_address) ^ set(consenting)}"
twice = [address for address, messages in by_address.items() if len(messages) > 1]
assert not twice, f"delivered more than once: {twice}"
for address, (message,) in by_address.items():
    person, swedish = consenting[address]
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    greeting = "Hej" if swedish else "Hello"
    assert str(message["Subject"]).startswith("Nyheter för Björn" if swedish else "News for Emma"), message["Subject"]
    assert f"{greeting} **" in text and f"<strong>{'Björn' if swedish else 'Emma'}</strong>" in html
    assert ("efter 12 år" if swedish else "after 12 years") in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith(f"<http://127.0.0.1:{port}/unsubscribe/{person}.newsletter.")

# One click, answered by the server: a POST to the List-Unsubscribe link.
server = subprocess.Popen([ALUMNI, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
address, (message,) = next(iter(by_address.items()))
person = consenting[address][0]
link = message["List-Unsubscribe"].strip("<>")


def post(url):
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        return urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


assert post(link.replace(f"/unsubscribe/{person}.", f"/unsubscribe/{int(person) + 1}.")) == 403, "a forged link worked"
assert post(link) == 200, "the unsubscribe link failed"
server.send_signal(signal.SIGTERM)
server.wait()
preferences = json.loads(alumni("prefs", "show", person, "--json"))
newsletter = next(c for c in preferences["consents"] if c["topic"] == "newsletter" and c["channel"] == "email")
assert newsletter["granted"] is False and newsletter["source"] == f"unsubscribe link, campaign #{campaign}", newsletter
progress = json.loads(alumni("campaigns", "show", campaign, "--json"))["progress"]
assert progress["sent"] == len(consenting) and progress["unsubscribed"] == 1, progress

sink.stop()
print(f"campaign e2e: {len(consenting)} messages delivered exactly once through msmtp across 3 killed sends "
      "and 2 killed deliveries; one-click unsubscribe recorded, a forged link refused")
