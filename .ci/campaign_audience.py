"""A campaign to COUNT people who said yes to the newsletter, queued in a PostgreSQL database,
for the checks and benchmarks of several instances (.ci/instances-e2e.py,
Benchmarks/instances-delivery.py).

    queue_campaign(alumni, postgres, "instances", count=2000, prefix="person", work=work)
"""
import os


def queue_campaign(alumni, postgres, database, count, prefix, work):
    """Imports COUNT customers (PREFIX0@example.org …), records their yes to the newsletter in one
    statement (2,000 commands would be the slow part), creates the campaign and sends it with
    `alumni`, a function that runs the command line on DATABASE; returns the campaign's id."""
    people = os.path.join(work, f"{database}-people.csv")
    with open(people, "w") as f:
        f.write("given_name,family_name,email,kind,language\n")
        for i in range(count):
            f.write(f"Person,Number {i},{prefix}{i}@example.org,customer,{'sv' if i % 2 else 'en'}\n")
    alumni("people", "import", people)
    postgres.sql(database, "INSERT INTO consent (person_id, topic, channel, granted, source, actor, at) "
                 "SELECT id, 'newsletter', 'email', true, 'signup', 'ci', now() FROM person")
    body = os.path.join(work, f"{database}-news.md")
    with open(body, "w") as f:
        f.write("Hello **{{given_name}}**, news from us.\n")
    campaign = alumni("campaigns", "create", "--name", "Winter", "--topic", "newsletter",
                      "--subject-template", "News for {{given_name}}", "--body", body)
    alumni("campaigns", "send", campaign)
    return campaign
