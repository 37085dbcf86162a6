#!/usr/bin/env python3
"""Gives a load database years of campaigns, for the desk's campaign list and overview (issue 25):

    python3 Benchmarks/campaign-history.py DATABASE [CAMPAIGNS] [LARGE] [MESSAGES]

CAMPAIGNS campaigns (default 1,000), each with an English template; the newest LARGE of them
(default 20) went out to MESSAGES people each (default 100,000: 97 % sent, 1 % each failed,
bounced and suppressed), as the outbox keeps every message it sent. Written straight into the
tables, as a few years of `alumni serve` would have left them; run by `http-load.sh`.
"""
import sqlite3
import sys
import time

path = sys.argv[1]
campaigns = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
large = int(sys.argv[3]) if len(sys.argv) > 3 else 20
messages = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000

started = time.time()
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode = WAL")
people = [row[0] for row in db.execute("SELECT id FROM person ORDER BY id LIMIT ?", (messages,))]
first = (db.execute("SELECT COALESCE(MAX(id), 0) FROM campaign").fetchone()[0]) + 1
with db:
    for number in range(campaigns):
        campaign = first + number
        db.execute(
            "INSERT INTO campaign (id, name, topic, segment, default_language, status, created_at, created_by,"
            " queued_at) VALUES (?, ?, 'newsletter', '{}', 'en', 'queued', ?, 'load', ?)",
            (campaign, f"Newsletter {number + 1}", 1_600_000_000 + number * 86_400, 1_600_000_000 + number * 86_400))
        db.execute(
            "INSERT INTO campaign_template (campaign_id, language, subject, body) VALUES (?, 'en', ?, ?)",
            (campaign, f"News {number + 1} for {{{{given_name}}}}", "Hello **{{given_name}}**, here is the news."))
        if number < campaigns - large:
            continue
        def rows():
            for index, person in enumerate(people):
                status = ("failed", "bounced", "suppressed")[index % 3] if index % 100 < 3 else "sent"
                yield (f"campaign:{campaign}:{person}", f"p{person}@example.com", "News", f"<c{campaign}.{person}@x>",
                       status, 0, 0, person, "newsletter", campaign)
        db.executemany(
            "INSERT INTO outbox_message (dedupe_key, recipient, subject, message_id, status, next_attempt_at,"
            " created_at, person_id, topic, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
total = db.execute("SELECT COUNT(*) FROM outbox_message WHERE campaign_id IS NOT NULL").fetchone()[0]
print(f"campaigns: {campaigns} added, the newest {large} with {len(people)} messages each "
      f"({total} campaign messages) in {time.time() - started:.0f} s")
