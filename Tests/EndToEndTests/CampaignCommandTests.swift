import Foundation
import Testing

/// The coordinator's tools through the real binary: campaigns, farewells and check-ins.
@Suite struct CampaignCommandTests {
    private func addPerson(_ alumni: AlumniBinary, _ given: String, language: String, consent: Bool) throws -> String {
        let id = try alumni.id(
            "people", "add", "--given", given, "--family", "Nyström", "--email", "\(given.lowercased())@example.se",
            "--kind", "employee", "--language", language, "--joined", "2010-01-01", "--left", "2022-06-30")
        if consent {
            try alumni.run(
                "prefs", "set", id, "--topic", "newsletter", "--channel", "email", "--consent", "granted", "--source",
                "signup")
        }
        return id
    }

    @Test func createPreviewSendTwiceAndDeliverOnce() throws {
        let alumni = try AlumniBinary()
        let björn = try addPerson(alumni, "Björn", language: "sv", consent: true)
        _ = try addPerson(alumni, "Anna", language: "en", consent: true)
        _ = try addPerson(alumni, "Olle", language: "sv", consent: false)
        let body = try alumni.file("news.md", "Hej **{{given_name}}**, efter {{years}} år: välkommen tillbaka!")
        let english = try alumni.file("news.en.md", "Hello **{{given_name}}**, after {{years}} years: welcome back!")
        let id = try alumni.id(
            "campaigns", "create", "--name", "Autumn", "--topic", "newsletter", "--language", "en",
            "--subject-template", "News for {{given_name}}", "--body", english)
        #expect(
            try alumni.run(
                "campaigns", "translate", id, "--language", "sv", "--subject-template", "Nyheter för {{given_name}}",
                "--body", body
            ).status == 0)

        // A segment of Swedish readers leaves Anna out; --everyone brings her back.
        #expect(try alumni.run("campaigns", "edit", id, "--for-language", "sv").status == 0)
        let swedish = try AlumniBinary.json(try alumni.run("campaigns", "audience", id, "--json").stdout)
        #expect((swedish as? [String: Any])?["eligible"] as? Int == 1)
        #expect(try alumni.run("campaigns", "edit", id, "--everyone", "--name", "Autumn 2026").status == 0)
        let audience = try #require(
            try AlumniBinary.json(try alumni.run("campaigns", "audience", id, "--json").stdout) as? [String: Any])
        #expect(audience["eligible"] as? Int == 2)
        #expect((audience["excluded"] as? [String: Int])?["no-consent"] == 1)

        let preview = try alumni.run("campaigns", "preview", id, "--person", björn)
        #expect(preview.stdout.contains("Subject: Nyheter för Björn"))
        #expect(preview.stdout.contains("Hej **Björn**, efter 12 år"))

        let first = try alumni.run("campaigns", "send", id, "--json")
        #expect(first.status == 0)
        #expect((try AlumniBinary.json(first.stdout) as? [String: Int])?["queued"] == 2)
        // Sent once: a second send is refused, and queues nothing.
        let second = try alumni.run("campaigns", "send", id, "--json")
        #expect(second.status != 0)
        #expect(second.stderr.contains("campaign #\(id) is queued already"))

        var environment = ["ALUMNI_MAIL_DIR": alumni.folder.appendingPathComponent("mail").path]
        environment["ALUMNI_MAIL_TRANSPORT"] = "file"
        #expect(try alumni.run(["outbox", "deliver"], environment: environment).status == 0)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: alumni.folder.appendingPathComponent("mail").path)
        #expect(files.filter { $0.hasSuffix(".eml") }.count == 2)
        let shown = try #require(
            try AlumniBinary.json(try alumni.run("campaigns", "show", id, "--json").stdout) as? [String: Any])
        #expect((shown["progress"] as? [String: Int])?["sent"] == 2)
    }

    @Test func badInputNamesTheOptionAndStoresNothing() throws {
        let alumni = try AlumniBinary()
        let body = try alumni.file("body.md", "Hello {{given_name")
        let broken = try alumni.run(
            "campaigns", "create", "--name", "X", "--topic", "newsletter", "--subject-template", "Hi", "--body", body)
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("--body (en)"))
        let missing = try alumni.run(
            "campaigns", "create", "--name", "X", "--topic", "newsletter", "--subject-template", "Hi", "--body",
            "/nonexistent.md")
        #expect(missing.stderr.contains("--body: cannot read"))
        let badTopic = try alumni.run(
            "campaigns", "create", "--name", "X", "--topic", "gossip", "--subject-template", "Hi", "--body", body)
        #expect(badTopic.status != 0)
        #expect(badTopic.stderr.contains("--topic"))
        let badCountry = try alumni.run(
            "campaigns", "create", "--name", "X", "--topic", "events", "--subject-template", "Hi", "--body",
            try alumni.file("ok.md", "Hello"), "--country", "XX")
        #expect(badCountry.status != 0)
        #expect(badCountry.stderr.contains("country"))
        let list = try AlumniBinary.json(try alumni.run("campaigns", "list", "--json").stdout) as? [String: Any]
        #expect(list?["total"] as? Int == 0)
        #expect(try alumni.run("campaigns", "send", "--rate", "fast", "1").status != 0)
    }

    @Test func aDepartureBringsAFarewellThenCheckInsThatCountInTheReport() throws {
        let alumni = try AlumniBinary()
        let id = try alumni.id(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind",
            "employee", "--language", "nb", "--joined", "2004-03-01")
        try alumni.run(at: "2026-05-29T09:00:00Z", "people", "depart", id, "--left", "2026-05-29")
        let early = try alumni.run(at: "2026-05-30T09:00:00Z", "farewells", "send", "--json")
        #expect((try AlumniBinary.json(early.stdout) as? [String: Int])?["sent"] == 0)
        let due = try alumni.run(at: "2026-06-01T09:00:00Z", "farewells", "send", "--json")
        #expect((try AlumniBinary.json(due.stdout) as? [String: Int])?["sent"] == 1)
        let outbox = try alumni.run("outbox", "list", "--json")
        #expect(outbox.stdout.contains("Takk, Åse"))

        let checkIns = try #require(
            try AlumniBinary.json(try alumni.run(at: "2026-12-01T09:00:00Z", "followups", "due", "--json").stdout)
                as? [String: Any])
        let first = try #require((checkIns["items"] as? [[String: Any]])?.first)
        #expect(first["due"] as? String == "2026-11-29")
        let done = try alumni.run(
            "followups", "done", "\(first["id"] as? Int ?? 0)", "--outcome", "returned", "--note", "back in January")
        #expect(done.status == 0)
        #expect(try alumni.run("followups", "done", "\(first["id"] as? Int ?? 0)", "--outcome", "declined").status != 0)
        let report = try #require(
            try AlumniBinary.json(try alumni.run(at: "2026-12-01T09:00:00Z", "report", "--json").stdout)
                as? [String: Any])
        let relations = try #require(report["relations"] as? [String: Int])
        #expect(relations["farewellsSent"] == 1)
        #expect(relations["boomerangs"] == 1)
    }
}
