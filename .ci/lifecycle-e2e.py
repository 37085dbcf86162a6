"""End-to-end check of the data lifecycle (issues 13 and 17), run by .ci/run.

    lifecycle-e2e.py ALUMNI

1. Retention killed half-way: 20,000 former customers who left in 2019 are imported; with
   the clock in 2026 `alumni retention run --batch 50` is SIGKILLed after it has erased some.
   The database is sound, the erased are exactly those audited (whole batches), and a second
   run erases the rest, each person once.
2. A killed import: 100,000 new people are imported in batches; SIGKILLed once some batches
   are visible, the next import (of one person) undoes the abandoned one first: the directory
   is as before plus that one, and sound.
3. Killed backups: `alumni backup` is SIGKILLed after a growing delay, over and over. The
   backup file is then either absent or a complete, sound database: never a partial one.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ALUMNI = os.path.abspath(sys.argv[1])
PEOPLE = 20_000
work = tempfile.mkdtemp(prefix="alumni-lifecycle-e2e-")
database = os.path.join(work, "lifecycle.sqlite")
base = dict(os.environ, ALUMNI_DB=database, USER="ci", ALUMNI_MAIL_TRANSPORT="file",
            ALUMNI_MAIL_DIR=os.path.join(work, "mail"))
os.makedirs(base["ALUMNI_MAIL_DIR"])


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def query(sql):
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


csv = os.path.join(work, "people.csv")
with open(csv, "w") as f:
    f.write("given_name,family_name,email,kind,country,left,ref\n")
    for i in range(PEOPLE):
        f.write(f"Given{i},Family{i},p{i}@example.com,customer,SE,2019-01-31,LC-{i}\n")
# Imported well after they left: no farewells or check-ins pending.
subprocess.run([ALUMNI, "people", "import", csv], env=dict(base, ALUMNI_NOW="2020-06-01T09:00:00Z"), check=True,
               capture_output=True)

later = dict(base, ALUMNI_NOW="2026-11-18T09:00:00Z")
run = subprocess.Popen([ALUMNI, "retention", "run", "--batch", "50"], env=later, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
while run.poll() is None:
    if query("SELECT COUNT(*) FROM audit_event WHERE action = 'retention.erased'") >= 500:
        run.send_signal(signal.SIGKILL)
        break
    time.sleep(0.02)
run.wait()
check(run.returncode == -signal.SIGKILL, "the retention run was killed part-way (it finished first: make it bigger)")
check(query("PRAGMA integrity_check") == "ok", "the database is sound after the kill")
erased = query("SELECT COUNT(*) FROM person WHERE erased_at IS NOT NULL")
audited = query("SELECT COUNT(*) FROM audit_event WHERE action = 'retention.erased'")
check(erased == audited, f"every erased person audited once ({erased} erased, {audited} audited)")
check(0 < erased < PEOPLE and erased % 50 == 0, f"whole batches of 50 were done ({erased})")
print(f"retention killed after {erased} of {PEOPLE} erasures", flush=True)

second = subprocess.run([ALUMNI, "retention", "run", "--batch", "50", "--json"], env=later, capture_output=True,
                        text=True)
check(second.returncode == 0, f"the second run finished: {second.stderr}")
check(query("SELECT COUNT(*) FROM person WHERE erased_at IS NULL") == 0, "the second run erased the rest")
check(query("SELECT COUNT(*) FROM audit_event WHERE action = 'retention.erased'") == PEOPLE, "each person once")
check(query("SELECT COUNT(*) FROM person WHERE given_name IS NOT NULL OR email IS NOT NULL") == 0,
      "nothing of them is left in the directory")

# A killed import is undone by the next one.
before = query("SELECT COUNT(*) FROM person")
index_count = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('person', 'person_tag')"
indexes_before = query(index_count)
big = os.path.join(work, "big.csv")
with open(big, "w") as f:
    f.write("given_name,family_name,email,kind,country,ref\n")
    for i in range(100_000):
        f.write(f"Big{i},Import{i},b{i}@example.com,customer,NO,BIG-{i}\n")
importing = subprocess.Popen([ALUMNI, "people", "import", big], env=base, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
seen = 0
while importing.poll() is None:
    seen = query("SELECT COUNT(*) FROM person") - before
    if seen >= 10_000:
        importing.send_signal(signal.SIGKILL)
        break
    time.sleep(0.02)
importing.wait()
check(importing.returncode == -signal.SIGKILL, "the import was killed part-way (it finished first: make it bigger)")
check(seen >= 10_000, "batches of the killed import were visible")
small = os.path.join(work, "small.csv")
with open(small, "w") as f:
    f.write("given_name,family_name,email,kind,country,ref\nOne,More,one@example.com,customer,NO,ONE-1\n")
subprocess.run([ALUMNI, "people", "import", small], env=base, check=True, capture_output=True)
check(query("SELECT COUNT(*) FROM person") == before + 1, "the killed import was undone, the new one kept")
check(query("PRAGMA integrity_check") == "ok", "the database is sound")
check(query("SELECT COUNT(*) FROM audit_event WHERE action = 'import.undone'") == 1, "the undoing is audited")
check(query(index_count) == indexes_before, "the indexes a large import sets aside are back")
print(f"import killed with {seen} people visible; undone by the next import", flush=True)

# Killed backups: never a file that looks complete but is not.
target = os.path.join(work, "backup.sqlite")
people_now = query("SELECT COUNT(*) FROM person")
started = time.perf_counter()
subprocess.run([ALUMNI, "backup", target], env=base, check=True, capture_output=True)
duration = time.perf_counter() - started
outcomes = {"absent": 0, "complete": 0}
for attempt in range(12):
    if os.path.exists(target):
        os.remove(target)
    backup = subprocess.Popen([ALUMNI, "backup", target], env=base, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    # From at once to well after a whole backup takes: some die early, some in the middle.
    time.sleep(duration * attempt / 6)
    backup.send_signal(signal.SIGKILL)
    backup.wait()
    if not os.path.exists(target):
        outcomes["absent"] += 1
        continue
    with sqlite3.connect(target) as copy:
        check(copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "a backup that exists is sound")
        check(copy.execute("SELECT COUNT(*) FROM person").fetchone()[0] == people_now, "and complete")
    outcomes["complete"] += 1
leftovers = [name for name in os.listdir(work) if name.startswith(".backup.sqlite")]
check(all(name.endswith(".partial") or ".partial-" in name for name in leftovers), f"leftovers: {leftovers}")
# Both outcomes are usual (kills spread from at once to 1.8 times a backup's length), but the
# machine's speed decides the split: only a partial file would be a failure.
print(f"a backup takes {duration:.2f} s; killed backups: {outcomes}, unfinished copies left under temporary names: {len(leftovers)}", flush=True)
print("lifecycle e2e passed", flush=True)
