import AlumniStore
import AlumniTestSupport
import Foundation
import Testing

/// `alumni db info` and `alumni db migrate`: the database itself, for operators.
@Suite struct DatabaseCommandTests {
    @Test("info changes nothing and names the store, the schema version and the size; a missing file is an error")
    func info() throws {
        let alumni = try AlumniBinary()
        let missing = try alumni.run("db", "info")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no database at \(alumni.database)"))
        #expect(!FileManager.default.fileExists(atPath: alumni.database), "info creates nothing")
        try alumni.run("people", "list")
        let shown = try alumni.run("db", "info", "--json")
        #expect(shown.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["store"] as? String == "sqlite")
        #expect(json["schemaVersion"] as? String == AlumniDatabase.migrationNames.last)
        #expect(json["migrationsApplied"] as? Int == AlumniDatabase.migrationNames.count)
        #expect((json["migrationsPending"] as? [String])?.isEmpty == true)
        #expect((json["sizeBytes"] as? Int ?? 0) > 0)
        #expect(try alumni.run("db", "info").stdout.contains("Schema: \(AlumniDatabase.migrationNames.last!)"))
    }

    @Test("migrate applies what is pending and says so; run again, it has nothing to do")
    func migrate() throws {
        let alumni = try AlumniBinary()
        let first = try alumni.run("db", "migrate", "--json")
        #expect(first.status == 0)
        let applied =
            try #require(
                try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])["applied"]
            as? [String]
        #expect(applied == AlumniDatabase.migrationNames)
        let again = try alumni.run("db", "migrate")
        #expect(again.stdout.contains("The schema is up to date (\(AlumniDatabase.migrationNames.last!))"))
    }

    @Test("backup and restore on PostgreSQL name pg_dump and pg_restore; a copy needs a side on PostgreSQL")
    func backupOnPostgres() throws {
        let alumni = try AlumniBinary()
        let url = "postgres://alumni@127.0.0.1:1/alumni"
        let backup = try alumni.run("backup", "copy.sqlite", "--db", url)
        #expect(backup.status != 0 && backup.stderr.contains("pg_dump"))
        let restore = try alumni.run("restore", "copy.sqlite", "--db", url)
        #expect(restore.status != 0 && restore.stderr.contains("pg_restore"))
        let sideways = try alumni.run("db", "copy", "--to", "other.sqlite")
        #expect(sideways.status != 0 && sideways.stderr.contains("alumni backup"))
    }

    @Test(
        "info, migrate and copy on PostgreSQL, the password from ALUMNI_DB_PASSWORD and never printed",
        .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
    func onPostgres() throws {
        let alumni = try AlumniBinary()
        let secret = try TestPostgres.password
        let url = TestPostgres.urlWithoutPassword(try TestPostgres.makeDatabase())
        let password = ["ALUMNI_DB_PASSWORD": secret]
        try alumni.run("demo", "--people", "50", "--inquiries", "80")
        let migrated = try alumni.run(["db", "migrate", "--db", url], environment: password)
        #expect(
            migrated.status == 0
                && migrated.stdout.contains("Applied \(AlumniDatabase.migrationNames.count) migrations"))
        let info = try alumni.run(["db", "info", "--db", url, "--json"], environment: password)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(json["store"] as? String == "postgresql")
        #expect(json["schemaVersion"] as? String == AlumniDatabase.migrationNames.last)
        #expect(json["location"] as? String == url)

        let there = try alumni.run(["db", "copy", "--to", url], environment: password)
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("Every table is equal on both sides."))
        #expect(there.stderr.contains("person: 50 of 50 rows"))
        let back = alumni.folder.appendingPathComponent("back.sqlite").path
        // The same people in the same order, tags and all, exported from either store.
        let exportedHere = try alumni.run("people", "export")
        let exportedThere = try alumni.run(["people", "export", "--db", url], environment: password)
        #expect(
            exportedThere.status == 0 && exportedHere.stdout.split(whereSeparator: \.isNewline).count > 10,
            "\(exportedHere.stderr)")
        #expect(exportedThere.stdout == exportedHere.stdout)
        let home = try alumni.run(["db", "copy", "--db", url, "--to", back, "--json"], environment: password)
        #expect(home.status == 0, "\(home.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(home.stdout.utf8)) as? [String: Any])
        let tables = try #require(report["tables"] as? [[String: Any]])
        #expect(tables.allSatisfy { $0["equal"] as? Bool == true })
        #expect(tables.first { $0["name"] as? String == "inquiry" }?["targetRows"] as? Int == 80)
        #expect(try alumni.run("people", "list", "--db", back).stdout.contains("1–50 of 50"))
        let onPostgres = try alumni.run(["people", "list", "--db", url, "--country", "NO"], environment: password)
        #expect(onPostgres.status == 0)
        #expect(onPostgres.stdout == (try alumni.run("people", "list", "--country", "NO").stdout))
        for command in [
            ["calendar", "add", "--from", "2026-12-23", "--business-days", "2"],
            ["calendar", "holidays", "--year", "2026"],
        ] {
            let here = try alumni.run(command)
            let there = try alumni.run(command + ["--db", url], environment: password)
            #expect(there.status == 0 && there.stdout == here.stdout && !here.stdout.isEmpty, "\(there.stderr)")
        }
        let overdue = try alumni.run(
            ["inquiries", "list", "--db", url, "--overdue", "--limit", "200"], environment: password)
        #expect(overdue.status == 0 && overdue.stdout.contains(" of "))
        #expect(overdue.stdout == (try alumni.run("inquiries", "list", "--overdue", "--limit", "200").stdout))
        let opened = try alumni.run(
            ["inquiries", "open", "--db", url, "--person", "3", "--type", "pension", "--subject", "Statement 2004"],
            environment: password)
        #expect(opened.status == 0, "\(opened.stderr)")
        let id = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let replied = try alumni.run(
            ["inquiries", "reply", id, "--db", url, "--body", "On its way"], environment: password)
        #expect(replied.status == 0 && replied.stdout.contains("Replied to inquiry #\(id)"), "\(replied.stderr)")
        let shown = try alumni.run(["inquiries", "show", id, "--db", url], environment: password)
        #expect(shown.stdout.contains("Statement 2004") && shown.stdout.contains("On its way"))
        #expect(shown.stdout.contains("First response:  due") && shown.stdout.contains(", met"))
        let queued = try alumni.run(["outbox", "list", "--db", url, "--status", "queued"], environment: password)
        #expect(queued.stdout.contains("Statement 2004"), "the reply's message waits in the outbox")
        var mail = password
        mail["ALUMNI_MAIL_TRANSPORT"] = "file"
        mail["ALUMNI_MAIL_DIR"] = alumni.folder.appendingPathComponent("sent").path
        let delivered = try alumni.run(["outbox", "deliver", "--db", url, "--json"], environment: mail)
        #expect(delivered.status == 0, "\(delivered.stderr)")
        let passed = try JSONSerialization.jsonObject(with: Data(delivered.stdout.utf8)) as? [String: Int]
        #expect(passed?["sent"] ?? 0 >= 1 && passed?["failed"] == 0)
        let sent = try alumni.run(["outbox", "list", "--db", url, "--status", "sent", "--json"], environment: password)
        #expect(sent.stdout.contains("Statement 2004"))
        let added = try alumni.run(
            ["users", "add", "ana", "--email", "ana@example.com", "--role", "hr", "--db", url], environment: password)
        #expect(added.status == 0 && added.stdout.contains("Added ana as hr"), "\(added.stderr)")
        let token = try alumni.run(["tokens", "create", "ana", "--db", url], environment: password)
        #expect(token.status == 0 && token.stdout.hasPrefix("ad_"))
        let tokens = try alumni.run(["tokens", "list", "--db", url, "--as", "ana"], environment: password)
        // Demo people, then demo inquiries on a database that holds data already: the same
        // people and inquiries from the same seed as on SQLite.
        let fresh = TestPostgres.urlWithoutPassword(try TestPostgres.makeDatabase())
        #expect(try alumni.run(["init", "--db", fresh], environment: password).stdout.contains("Database ready"))
        for database in [fresh, alumni.folder.appendingPathComponent("demo.sqlite").path] {
            for (people, inquiries) in [("60", "0"), ("0", "80")] {
                let demo = try alumni.run(
                    ["demo", "--people", people, "--inquiries", inquiries, "--seed", "7", "--db", database],
                    now: "2026-12-07T10:00:00Z", environment: password)
                #expect(demo.stdout.hasPrefix("Added \(people) demo people\n"), "\(demo.stderr)")
                #expect(inquiries == "0" || demo.stdout.hasSuffix("Added 80 demo inquiries\n"))
            }
        }
        let demoThere = try alumni.run(["people", "export", "--db", fresh], environment: password)
        let demoHere = try alumni.run(
            ["people", "export", "--db", alumni.folder.appendingPathComponent("demo.sqlite").path])
        #expect(demoThere.stdout == demoHere.stdout && demoHere.stdout.split(whereSeparator: \.isNewline).count == 61)
        let closedList = ["inquiries", "list", "--status", "closed", "--limit", "100"]
        let inquiriesThere = try alumni.run(
            closedList + ["--db", fresh], now: "2026-12-07T10:00:00Z", environment: password)
        let inquiriesHere = try alumni.run(
            closedList + ["--db", alumni.folder.appendingPathComponent("demo.sqlite").path], now: "2026-12-07T10:00:00Z"
        )
        #expect(inquiriesThere.stdout == inquiriesHere.stdout && inquiriesHere.stdout.contains(" of "))
        #expect(tokens.status != 0 && tokens.stderr.contains("may not"), "hr may not manage staff")
        var morning = password
        morning["ALUMNI_NOW"] = "2026-12-07T10:00:00Z"
        let scanned = try alumni.run(["alerts", "run", "--db", url, "--json"], environment: morning)
        #expect(scanned.status == 0, "\(scanned.stderr)")
        let scan = try #require(try JSONSerialization.jsonObject(with: Data(scanned.stdout.utf8)) as? [String: Any])
        #expect(scan["open"] as? Bool == true && (scan["raised"] as? [Any])?.isEmpty == false)
        let again = try alumni.run(["alerts", "run", "--db", url, "--json"], environment: morning)
        let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect((second?["raised"] as? [Any])?.isEmpty == true, "each alert once")
        let reported = try alumni.run(["report", "--db", url, "--json"], environment: morning)
        #expect(reported.status == 0 && reported.stdout.contains("\"relationsByMonth\""), "\(reported.stderr)")
        for command in ["plan", "run", "report"] {
            let retention = try alumni.run(["retention", command, "--db", url, "--json"], environment: morning)
            #expect(retention.status == 0, "retention \(command): \(retention.stderr)")
        }
        let body = alumni.folder.appendingPathComponent("news.md")
        try Data("Hello {{given_name}}".utf8).write(to: body)
        let drafted = try alumni.run(
            [
                "campaigns", "create", "--db", url, "--name", "Winter news", "--topic", "newsletter",
                "--subject-template", "News for {{given_name}}", "--body", body.path, "--kind", "employee",
            ], environment: mail)
        #expect(drafted.status == 0, "\(drafted.stderr)")
        let campaign = drafted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let audience = try alumni.run(["campaigns", "audience", campaign, "--db", url, "--json"], environment: mail)
        let reach = try #require(try JSONSerialization.jsonObject(with: Data(audience.stdout.utf8)) as? [String: Any])
        let eligible = try #require(reach["eligible"] as? Int)
        let sentCampaign = try alumni.run(["campaigns", "send", campaign, "--db", url, "--json"], environment: mail)
        #expect(sentCampaign.status == 0, "\(sentCampaign.stderr)")
        let campaignReport = try JSONSerialization.jsonObject(with: Data(sentCampaign.stdout.utf8)) as? [String: Int]
        #expect(campaignReport?["queued"] == eligible && eligible > 0)
        let twice = try alumni.run(["campaigns", "send", campaign, "--db", url], environment: mail)
        #expect(twice.status != 0 && twice.stderr.contains("it is sent once"))
        let listed = try alumni.run(["campaigns", "show", campaign, "--db", url], environment: mail)
        #expect(listed.stdout.contains("Winter news (queued") && listed.stdout.contains("queued \(eligible)"))
        let silent = try alumni.run(["silent", "--db", url], environment: morning)
        #expect(silent.status == 0 && silent.stdout.contains("silent case"))
        let person = try alumni.run(
            [
                "people", "add", "--db", url, "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no",
                "--kind", "employee", "--tag", "oslo",
            ], environment: password)
        #expect(person.status == 0, "\(person.stderr)")
        let newId = person.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let departed = try alumni.run(
            ["people", "depart", newId, "--left", "2026-12-01", "--db", url], environment: password)
        #expect(departed.stdout.contains("Recorded departure of #\(newId) Åse Ødegård"), "\(departed.stderr)")
        // Her question by e-mail, as the mail server pipes it, delivered twice: stored once.
        let message = """
            From: Åse Ødegård <ase@example.no>
            To: desk@example.com
            Subject: My certificate
            Message-ID: <ase-question@example.no>

            Could you send me my employment certificate?
            """
        let received = try alumni.run(["mail", "receive", "--db", url], environment: password, input: message)
        #expect(received.status == 0 && received.stdout.contains(": new-inquiry (inquiry #"), "\(received.stderr)")
        let redelivered = try alumni.run(["mail", "receive", "--db", url], environment: password, input: message)
        #expect(redelivered.status == 0 && redelivered.stdout.contains("was stored before"), "\(redelivered.stderr)")
        let found = try alumni.run(["people", "list", "--db", url, "--search", "ase odegard"], environment: password)
        #expect(found.stdout.contains("Ødegård"))
        let csv = alumni.folder.appendingPathComponent("new.csv")
        try Data(
            "given_name,family_name,email,kind,ref\nIda,Lund,ida@example.no,employee,E-77\nBad,Row,nope,employee,E-78\n"
                .utf8
        )
        .write(to: csv)
        let refused = try alumni.run(["people", "import", csv.path, "--db", url], environment: password)
        #expect(refused.status == 2 && refused.stderr.contains("line 3, email"), "\(refused.stderr)")
        let skipping = try alumni.run(
            [
                "people", "import", csv.path, "--db", url, "--skip-invalid",
                alumni.folder.appendingPathComponent("bad.csv").path,
            ],
            environment: password)
        #expect(
            skipping.status == 0 && skipping.stdout.contains("added 1, updated 0, rejected 1"), "\(skipping.stderr)")
        // Her consent, her data-access answer, then her erasure, all on PostgreSQL.
        let consent = try alumni.run(
            [
                "prefs", "set", newId, "--topic", "newsletter", "--channel", "email", "--consent", "granted",
                "--source", "form", "--db", url,
            ], environment: password)
        #expect(consent.status == 0, "\(consent.stderr)")
        let data = try alumni.run(["people", "data", newId, "--db", url], environment: password)
        #expect(data.stdout.contains("ase@example.no") && data.stdout.contains("\"granted\" : true"), "\(data.stdout)")
        let erased = try alumni.run(["people", "erase", newId, "--db", url], environment: password)
        #expect(erased.status == 0, "\(erased.stderr)")
        let gone = try alumni.run(["people", "list", "--db", url, "--search", "ase odegard"], environment: password)
        #expect(!gone.stdout.contains("Ødegård"))
        let closedTwice = try alumni.run(
            ["inquiries", "reopen", id, "--db", url], environment: password)
        #expect(closedTwice.status != 0 && closedTwice.stderr.contains("not closed"))
        for output in [migrated, info, there, home, opened, replied, shown] {
            #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
        }
        let wrong = try alumni.run(["db", "info", "--db", url], environment: ["ALUMNI_DB_PASSWORD": "wrong"])
        #expect(wrong.status != 0 && wrong.stderr.contains("password authentication failed"))
    }
}
