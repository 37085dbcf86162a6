import Foundation
import Testing

@Suite struct PeopleCommandTests {
    @Test func addListShowUpdateDepart() throws {
        let alumni = try AlumniBinary()
        let added = try alumni.run(
            "people", "add", "--given", "Björn", "--family", "Nyström", "--email", "bjorn@example.se", "--kind",
            "employee", "--country", "se", "--ref", "E-1", "--joined", "2001-02-03", "--tag", "mentor")
        #expect(added.status == 0)
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(id) != nil)

        let listed = try alumni.run("people", "list", "--search", "bjorn", "--json")
        let page = try #require(try AlumniBinary.json(listed.stdout) as? [String: Any])
        #expect(page["total"] as? Int == 1)
        let first = try #require((page["items"] as? [[String: Any]])?.first)
        #expect(first["givenName"] as? String == "Björn")
        #expect(first["country"] as? String == "SE")

        #expect(try alumni.run("people", "update", id, "--phone", "+46 8 123 456").status == 0)
        #expect(try alumni.run("people", "depart", id, "--left", "2019-06-30", "--reason", "new job").status == 0)
        let shown = try alumni.run("people", "show", "--ref", "E-1")
        #expect(shown.stdout.contains("+46 8 123 456"))
        #expect(shown.stdout.contains("2019-06-30"))
        #expect(shown.stdout.contains("new job"))
    }

    @Test func badInputNamesTheFieldAndStoresNothing() throws {
        let alumni = try AlumniBinary()
        let bad = try alumni.run(
            "people", "add", "--given", "A", "--family", "B", "--email", "nope", "--kind", "customer")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("email"))
        let missing = try alumni.run("people", "add", "--given", "A", "--family", "B", "--email", "a@b.dk")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--kind"))
        let badDate = try alumni.run("people", "list", "--left-after", "2024-02-30")
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--left-after"))
        #expect(try alumni.run("people", "list", "--json").stdout.contains("\"total\" : 0"))
    }

    @Test func pensionDataIsShownOnlyOnRequestAndTheReadIsAudited() throws {
        let alumni = try AlumniBinary()
        let id = try alumni.run(
            "people", "add", "--given", "Jens", "--family", "Hansen", "--email", "jens@example.dk", "--kind", "employee"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try alumni.run(
                "employment", "add", id, "--entity", "Nordlys AB", "--country", "SE", "--from", "2005-01-01", "--to",
                "2009-12-31"
            ).status == 0)
        #expect(
            try alumni.run(
                "pension", "add", id, "--provider", "Alecta", "--plan", "ITP 1", "--ref", "SECRET-77", "--from",
                "2005-01-01"
            ).status == 0)

        #expect(!(try alumni.run("people", "show", id).stdout.contains("SECRET-77")))
        #expect(!(try alumni.run("people", "list").stdout.contains("SECRET-77")))
        let withPension = try alumni.run("people", "show", id, "--pension", "--actor", "hr-anna")
        #expect(withPension.stdout.contains("SECRET-77"))
        #expect(withPension.stdout.contains("Nordlys AB"))
        let audit = try alumni.run("audit", "--person", id)
        #expect(audit.stdout.contains("pension.read"))
        #expect(audit.stdout.contains("hr-anna"))
        #expect(!audit.stdout.contains("SECRET-77"))
    }

    @Test func preferencesKeepTheirHistory() throws {
        let alumni = try AlumniBinary()
        let id = try alumni.run(
            "people", "add", "--given", "Aino", "--family", "Virtanen", "--email", "aino@example.fi", "--kind",
            "customer"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            try alumni.run(
                "prefs", "set", id, "--topic", "newsletter", "--channel", "email", "--consent", "granted", "--source",
                "signup"
            ).status == 0)
        #expect(
            try alumni.run(
                "prefs", "set", id, "--topic", "newsletter", "--channel", "email", "--consent", "denied", "--source",
                "unsubscribe"
            ).status == 0)
        #expect(
            try alumni.run(
                "prefs", "reach", id, "--channel", "phone", "--note", "call me, don't book a meeting", "--source",
                "call"
            ).status == 0)
        #expect(try alumni.run("prefs", "do-not-contact", id, "on", "--source", "letter").status == 0)
        let prefs = try #require(
            try AlumniBinary.json(try alumni.run("prefs", "show", id, "--json").stdout) as? [String: Any])
        #expect(prefs["doNotContact"] as? Bool == true)
        #expect(prefs["contactNote"] as? String == "call me, don't book a meeting")
        let history = try #require(prefs["history"] as? [[String: Any]])
        #expect(
            history.map { $0["value"] as? String } == [
                "granted", "denied", "phone", "call me, don't book a meeting", "on",
            ])
        #expect(history.allSatisfy { $0["actor"] as? String == "e2e" })
        let consents = try #require(prefs["consents"] as? [[String: Any]])
        #expect(consents.first?["granted"] as? Bool == false)
        #expect(
            try alumni.run(
                "prefs", "set", id, "--topic", "gossip", "--channel", "email", "--consent", "granted", "--source", "x"
            ).status != 0)
    }

    @Test func eraseLeavesNoWayToFindThePerson() throws {
        let alumni = try AlumniBinary()
        let id = try alumni.run(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind", "employee",
            "--country", "NO", "--left", "2020-01-01"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try alumni.run("people", "erase", id).status == 0)
        #expect(try alumni.run("people", "list", "--search", "odegard", "--json").stdout.contains("\"total\" : 0"))
        #expect(
            try alumni.run("people", "list", "--search", "ase@example.no", "--json").stdout.contains("\"total\" : 0"))
        let data = try alumni.run("people", "data", id)
        #expect(!data.stdout.contains("Ødegård") && !data.stdout.contains("ase@example.no"))
        #expect(data.stdout.contains("\"country\" : \"NO\""))
        #expect(try alumni.run("audit", "--person", id).stdout.contains("person.erased"))
    }

    @Test func demoDataIsDeterministic() throws {
        let first = try AlumniBinary()
        let second = try AlumniBinary()
        for alumni in [first, second] {
            #expect(try alumni.run("demo", "--people", "40", "--seed", "9").status == 0)
        }
        let export = ["people", "export", "--sort", "id"]
        #expect(try first.run(export).stdout == second.run(export).stdout)
        #expect(try first.run(export).stdout.split(whereSeparator: \.isNewline).count == 41)
    }
}
