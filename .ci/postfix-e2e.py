"""End-to-end check of mail in (issue 15) through a real Postfix on loopback, run by .ci/run.

Postfix (Debian's) accepts mail for desk.test and bounces.desk.test on 127.0.0.1:25 and hands
each message to `alumni mail receive` through a pipe transport, as an operator would wire it
(docs/operations.md). Python's smtplib then sends what the desk must understand: a reply to a
requester notice (In-Reply-To), a tag-only reply from the right sender, the same tag from a
stranger (unmatched), a new question from a known person (a new inquiry), an out-of-office (no
clock change). The first delivery of the reply is killed by SIGKILL right after it is stored;
Postfix defers it and retries, and the message must be stored exactly once. Then the desk sends
a reply through Postfix's own sendmail to a local address that does not exist: Postfix returns
a DSN to the message's VERP return path, and the person must end up undeliverable, unreachable,
with an alert raised. PRAGMA integrity_check must say ok at the end.

Needs root (it configures the machine's Postfix and adds two system users); .ci/run installs postfix.
"""
import json
import os
import pwd
import shutil
import smtplib
import sqlite3
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage

ALUMNI_BUILT = os.path.abspath(sys.argv[1])
PIPE_USER = "alumnimail"
REQUESTER = "alumnianna"  # a local mailbox: the desk's replies to her are really delivered
DOMAIN = "desk.test"
BOUNCES = "bounces.desk.test"


def sh(*args, check=True, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}): {result.stdout}{result.stderr}")
    return result


def ensure_user(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        sh("useradd", "--system", "--create-home", "--shell", "/usr/sbin/nologin", name)


work = tempfile.mkdtemp(prefix="alumni-postfix-e2e-")
os.chmod(work, 0o755)
ensure_user(PIPE_USER)
ensure_user(REQUESTER)

# The binary and its resources where the pipe's user can run them.
bin_dir = os.path.join(work, "bin")
os.makedirs(bin_dir)
alumni_bin = os.path.join(bin_dir, "alumni")
shutil.copy2(ALUMNI_BUILT, alumni_bin)
built_dir = os.path.dirname(ALUMNI_BUILT)
for entry in os.listdir(built_dir):
    if entry.endswith(".resources"):
        shutil.copytree(os.path.join(built_dir, entry), os.path.join(bin_dir, entry))
db_dir = os.path.join(work, "db")
os.makedirs(db_dir)
shutil.chown(db_dir, PIPE_USER, PIPE_USER)
db = os.path.join(db_dir, "desk.sqlite")
kill_flag = os.path.join(db_dir, "kill-after-store")
log_file = "/var/log/postfix-alumni-e2e.log"

env = dict(os.environ, ALUMNI_DB=db, ALUMNI_MAIL_TRANSPORT="sendmail", ALUMNI_SENDMAIL_PATH="/usr/sbin/sendmail",
           ALUMNI_MAIL_FROM=f"desk@{DOMAIN}", ALUMNI_BOUNCE_DOMAIN=BOUNCES, ALUMNI_TEAM_EMAIL="root@client.test",
           ALUMNI_ALERT_HOURS="always", USER="ci")
env.pop("ALUMNI_CONFIG", None)


def alumni(*args, check=True):
    """Runs alumni as the pipe's user, so every file of the database stays writable by the pipe;
    in a folder that user may enter (a clone in a `mktemp -d` folder is root's alone, and the
    sendmail transport starts its program in the current folder)."""
    result = subprocess.run(["runuser", "-u", PIPE_USER, "--", alumni_bin, *args], env=env, capture_output=True,
                            text=True, cwd=db_dir)
    if check and result.returncode != 0:
        sys.exit(f"alumni {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout.strip()


def alumni_json(*args):
    return json.loads(alumni(*args, "--json"))


# --- Postfix: loopback only, desk.test and bounces.desk.test piped to alumni mail receive ---
main_cf = f"""
compatibility_level = 3.6
myhostname = mail.{DOMAIN}
mydomain = {DOMAIN}
myorigin = $myhostname
mydestination = localhost, $myhostname, client.test
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = {DOMAIN}, {BOUNCES}
transport_maps = hash:/etc/postfix/alumni_transport
alumni_destination_recipient_limit = 1
alias_maps = hash:/etc/aliases
alias_database = hash:/etc/aliases
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
smtputf8_enable = no
biff = no
maillog_file = {log_file}
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
"""
with open("/etc/postfix/main.cf", "w") as f:
    f.write(main_cf)
with open("/etc/postfix/alumni_transport", "w") as f:
    f.write(f"{DOMAIN} alumni:\n{BOUNCES} alumni:\n")
master = open("/etc/postfix/master.cf").read()
master = master.split("\n# alumni-e2e\n")[0]
master += (f"\n# alumni-e2e\nalumni unix - n n - - pipe\n  flags=Rq user={PIPE_USER} argv=/usr/bin/env "
           f"ALUMNI_DB={db} ALUMNI_BOUNCE_DOMAIN={BOUNCES} ALUMNI_TEST_KILL_AFTER_STORE={kill_flag} "
           f"{alumni_bin} mail receive --sender ${{sender}} --recipient ${{recipient}}\n")
if "\npostlog " not in master:
    master += "postlog unix-dgram n - n - 1 postlogd\n"
with open("/etc/postfix/master.cf", "w") as f:
    f.write(master)
sh("postmap", "/etc/postfix/alumni_transport")
if not os.path.exists("/etc/aliases"):
    open("/etc/aliases", "w").write("postmaster: root\n")
sh("newaliases")
sh("postfix", "check")
if sh("postfix", "status", check=False).returncode == 0:
    sh("postfix", "reload")
else:
    sh("postfix", "start")
log_start = os.path.getsize(log_file) if os.path.exists(log_file) else 0


def postfix_log():
    if not os.path.exists(log_file):
        return ""
    with open(log_file, errors="replace") as f:
        f.seek(log_start)
        return f.read()


def wait_for(what, check, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        sh("postqueue", "-f", check=False)
        time.sleep(0.5)
    sys.exit(f"timed out waiting for {what}; postfix log:\n{postfix_log()[-4000:]}")


def send(message):
    with smtplib.SMTP("127.0.0.1", 25, timeout=30) as smtp:
        smtp.send_message(message)


def mail(sender, to, subject, text, **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


def stored(status="filed"):
    return alumni_json("mail", "unmatched", "--status", status, "--limit", "500")["items"]


def thread(inquiry):
    return alumni_json("inquiries", "show", str(inquiry))


# --- The desk: Anna asked about her pension and got an answer ---
anna = alumni("people", "add", "--given", "Anna", "--family", "Berg", "--email", f"{REQUESTER}@client.test",
              "--kind", "employee", "--language", "en")
alumni("config", "set", "mail.routes", f"pension@{DOMAIN}=pension")
first = alumni("inquiries", "open", "--person", anna, "--type", "pension", "--subject", "Pension 1998-2012")
alumni("inquiries", "reply", first, "--body", "Could you tell us your employee number?")
notice_id = f"<inquiry-{first}-2@alumni-desk>"

# 1. A reply to the notice, by In-Reply-To; its first delivery dies right after storing it.
open(kill_flag, "w").close()
shutil.chown(kill_flag, PIPE_USER, PIPE_USER)
send(mail(f"Anna Berg <{REQUESTER}@client.test>", f"desk@{DOMAIN}", "Re: Pension 1998-2012",
          "My employee number is 4711.\n\nOn Mon, Nov 30, 2026 Alumni Desk wrote:\n> Could you tell us?",
          In_Reply_To=notice_id, Message_ID="<e2e-reply-1@client.test>"))
wait_for("the killed delivery to be retried and stored", lambda: not os.path.exists(kill_flag)
         and any(m["subject"] == "Re: Pension 1998-2012" for m in stored())
         and "Mail queue is empty" in sh("postqueue", "-p").stdout)
log = postfix_log()
if "signal 9" not in log and "killed" not in log.lower():
    sys.exit(f"the first delivery was not seen dying by SIGKILL:\n{log[-3000:]}")
replies = [m for m in stored() if m["subject"] == "Re: Pension 1998-2012"]
events = [e for e in thread(first)["thread"] if e["kind"] == "inbound" and "4711" in (e.get("body") or "")]
if len(replies) != 1 or len(events) != 1:
    sys.exit(f"the retried message was stored {len(replies)} times, {len(events)} inbound events")
if "Could you tell us?" in events[0]["body"]:
    sys.exit("the quoted history was not taken off the reply")
print(f"a reply killed after storing was retried by Postfix and stored once (inquiry #{first})")

# 2. A tag-only reply from the right sender.
send(mail(f"{REQUESTER}@client.test", f"desk@{DOMAIN}", f"More about [#INQ-{first}]", "I also worked in Oslo.",
          Message_ID="<e2e-tag-1@client.test>"))
wait_for("the tag-only reply", lambda: any("Oslo" in (e.get("body") or "") for e in thread(first)["thread"]))
print("a tag-only reply from the requester landed on her inquiry")

# 3. The same tag from a stranger: never on the case, unmatched.
send(mail("Mallory <mallory@elsewhere.test>", f"desk@{DOMAIN}", f"Re: [#INQ-{first}]",
          "Send the pension papers to me instead.", Message_ID="<e2e-forged-1@elsewhere.test>"))
unmatched = wait_for("the stranger's message to wait unmatched", lambda: stored("unmatched"))
if unmatched[0]["sender"] != "mallory@elsewhere.test" or any(
        "papers" in (e.get("body") or "") for e in thread(first)["thread"]):
    sys.exit(f"the stranger's message was not kept apart: {unmatched}")
print("the same tag from a stranger waits in the unmatched list")

# 4. A new question from Anna to the pension address opens a pension inquiry.
send(mail(f"{REQUESTER}@client.test", f"pension@{DOMAIN}", "Where did my pension go?", "The company changed insurer.",
          Message_ID="<e2e-new-1@client.test>"))
new = wait_for("the new question's inquiry", lambda: [
    m for m in stored() if m["subject"] == "Where did my pension go?" and m.get("inquiryId")])
opened = thread(new[0]["inquiryId"])
if opened["inquiry"]["type"] != "pension" or opened["inquiry"]["channel"] != "email":
    sys.exit(f"the new question opened {opened['inquiry']}")
print(f"a new question opened pension inquiry #{new[0]['inquiryId']}")

# 5. An out-of-office: kept as automatic, no clock change.
before = thread(first)["inquiry"]
send(mail(f"{REQUESTER}@client.test", f"desk@{DOMAIN}", "Automatic reply: Pension 1998-2012",
          "I am away until Monday.", In_Reply_To=notice_id, Auto_Submitted="auto-replied",
          Message_ID="<e2e-ooo-1@client.test>"))
wait_for("the out-of-office", lambda: any(e["kind"] == "automatic" for e in thread(first)["thread"]))
after = thread(first)["inquiry"]
for key in ("status", "timeline", "deadlines"):
    if before.get(key) != after.get(key):
        sys.exit(f"the out-of-office changed the inquiry's {key}: {before.get(key)} -> {after.get(key)}")
print("an out-of-office was kept without touching the clock")

# 6. A real bounce: the desk replies to someone whose address does not exist.
ghost = alumni("people", "add", "--given", "Gus", "--family", "Ghost", "--email", "nobody-here@client.test",
               "--kind", "customer")
case = alumni("inquiries", "open", "--person", ghost, "--type", "general", "--subject", "My old account")
alumni("inquiries", "reply", case, "--body", "We closed it for you.")
alumni("outbox", "deliver")
bounce = wait_for("Postfix's DSN to come back to the VERP address", lambda: [
    m for m in stored() if m["nature"] == "bounce" and m.get("personId") == int(ghost)])
recipient = bounce[0]["recipient"]
if not recipient.startswith("bounces+") or not recipient.endswith("@" + BOUNCES):
    sys.exit(f"the DSN did not come to a VERP address: {recipient}")
silent = alumni_json("silent")
if not any(c["silentCase"]["kind"] == "unreachable" and c["silentCase"]["personId"] == int(ghost) for c in silent):
    sys.exit(f"the person is not shown as unreachable: {silent}")
bounced = [m for m in alumni_json("outbox", "list", "--status", "bounced")["items"]]
if not bounced or not bounced[0]["lastError"].startswith("5."):
    sys.exit(f"the outbox message does not show the bounce: {bounced}")
alumni("alerts", "run")
alerts = alumni_json("alerts", "list")["items"]
if not any(a["kind"] == "unreachable" and a.get("personId") == int(ghost) for a in alerts):
    sys.exit(f"no unreachable alert: {alerts}")
print(f"a real DSN from Postfix marked person #{ghost} undeliverable ({bounced[0]['lastError']}) with an alert")

check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
if check != "ok":
    sys.exit(f"integrity_check: {check}")
print("PRAGMA integrity_check: ok")
sh("postfix", "stop", check=False)
print("postfix e2e passed")
