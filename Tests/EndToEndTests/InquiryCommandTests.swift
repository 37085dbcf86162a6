import Foundation
import Testing

@Suite struct InquiryCommandTests {
    private func person(_ alumni: AlumniBinary) throws -> String {
        try alumni.id(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind", "employee")
    }

    private func listIDs(_ alumni: AlumniBinary, at now: String, _ filters: String...) throws -> [Int] {
        let result = try alumni.run(["inquiries", "list", "--json"] + filters, now: now)
        let page = try #require(try AlumniBinary.json(result.stdout) as? [String: Any], "\(result.stderr)")
        return (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
    }

    @Test func aBackdatedLetterIsOverdueUntilAnswered() throws {
        let alumni = try AlumniBinary()
        let personId = try person(alumni)
        let opened = try alumni.run(
            at: "2025-11-20T09:00:00Z", "inquiries", "open", "--person", personId, "--type", "exit", "--subject",
            "Close my account", "--channel", "letter", "--received", "2025-11-12")
        #expect(opened.status == 0, "\(opened.stderr)")
        let id = Int(opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(try listIDs(alumni, at: "2025-11-20T09:00:00Z", "--overdue") == [id])
        #expect(try listIDs(alumni, at: "2025-11-20T09:00:00Z", "--silent") == [id])
        #expect(try listIDs(alumni, at: "2025-11-20T09:00:00Z", "--unassigned") == [id])

        #expect(
            try alumni.run(at: "2025-11-20T10:00:00Z", "inquiries", "reply", String(id), "--body", "Sorry for the wait")
                .status == 0)
        #expect(try listIDs(alumni, at: "2025-11-20T10:00:00Z", "--silent") == [])
        let shown = try alumni.run(at: "2025-11-20T10:00:00Z", "inquiries", "show", String(id))
        #expect(shown.stdout.contains("met late"))
        #expect(shown.stdout.contains("Sorry for the wait"))
    }

    @Test func theLifecycleFromTheCommandLine() throws {
        let alumni = try AlumniBinary()
        let personId = try person(alumni)
        let now = "2025-11-21T09:00:00Z"
        let id = try alumni.run(
            at: now, "inquiries", "open", "--person", personId, "--type", "pension", "--subject", "Years abroad",
            "--body",
            "How much was paid in for my years in Sweden?"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for step in [
            ["assign", id, "--to", "anna"], ["note", id, "--body", "Ask Alecta"],
            ["wait", id, "--body", "Which years?"],
            ["inbound", id, "--body", "2009 to 2012"], ["extend", id, "--by", "2months", "--reason", "Records abroad"],
            ["reply", id, "--body", "Here are the figures"], ["close", id, "--resolution", "Figures sent"],
        ] {
            let result = try alumni.run(["inquiries"] + step, now: now)
            #expect(result.status == 0, "\(step): \(result.stderr)")
        }
        let details = try #require(
            try AlumniBinary.json(try alumni.run(at: now, "inquiries", "show", id, "--json").stdout) as? [String: Any])
        let thread = try #require(details["thread"] as? [[String: Any]])
        #expect(
            thread.map { $0["kind"] as? String } == [
                "inbound", "assignment", "note", "wait", "inbound", "extension", "reply", "closed",
            ])
        #expect((details["inquiry"] as? [String: Any])?["status"] as? String == "closed")
        #expect(details["pensionArrangements"] != nil)

        let again = try alumni.run(at: now, "inquiries", "reply", id, "--body", "P.S.")
        #expect(again.status != 0)
        #expect(again.stderr.contains("closed"))
        #expect(try alumni.run(at: now, "inquiries", "reopen", id).status == 0)
        #expect(
            try alumni.run(at: now, "inquiries", "extend", id, "--by", "3months", "--reason", "x").stderr.contains(
                "at most 2"))
    }

    @Test func reassignLeavesNothingOrphaned() throws {
        let alumni = try AlumniBinary()
        let personId = try person(alumni)
        for type in ["general", "complaint"] {
            _ = try alumni.id(
                "inquiries", "open", "--person", personId, "--type", type, "--subject", "Q", "--owner", "leaver")
        }
        let moved = try alumni.run("inquiries", "reassign", "--from", "leaver", "--to", "successor")
        #expect(moved.stdout.contains("Moved 2 inquiries"))
        #expect(try listIDs(alumni, at: "2030-01-01T00:00:00Z", "--owner", "leaver").isEmpty)
        #expect(try listIDs(alumni, at: "2030-01-01T00:00:00Z", "--owner", "successor").count == 2)
    }

    @Test func silentCasesListBothKindsOldestFirst() throws {
        let alumni = try AlumniBinary()
        let leaver = try alumni.id(
            "people", "add", "--given", "Jens", "--family", "Hansen", "--email", "jens@example.dk", "--kind",
            "employee",
            "--left", "2025-10-01")
        let personId = try person(alumni)
        _ = try alumni.run(
            at: "2025-11-03T09:00:00Z", "inquiries", "open", "--person", personId, "--type", "general", "--subject",
            "Hello?")
        let silent = try alumni.run(at: "2025-11-20T09:00:00Z", "silent", "--json")
        let cases = try #require(try AlumniBinary.json(silent.stdout) as? [[String: Any]])
        #expect(
            cases.compactMap { ($0["silentCase"] as? [String: Any])?["kind"] as? String } == ["departure", "inquiry"])
        #expect(try alumni.run("people", "farewell", leaver, "--note", "Card and flowers").status == 0)
        let after = try #require(
            try AlumniBinary.json(try alumni.run(at: "2025-11-20T09:00:00Z", "silent", "--json").stdout)
                as? [[String: Any]])
        #expect(after.count == 1)
    }

    @Test func calendarCommandsDoTheDeadlineArithmetic() throws {
        let alumni = try AlumniBinary()
        let holidays = try #require(
            try AlumniBinary.json(
                try alumni.run("calendar", "holidays", "--country", "FI", "--year", "2025", "--json").stdout)
                as? [[String: Any]])
        #expect(
            holidays.contains { $0["localName"] as? String == "Juhannusaatto" && $0["date"] as? String == "2025-06-20" }
        )
        #expect(
            try alumni.run("calendar", "add", "--country", "DK", "--from", "2024-01-31", "--months", "1").stdout
                .hasPrefix("2024-02-29"))
        #expect(
            try alumni.run("calendar", "add", "--country", "DK", "--from", "2025-12-23", "--business-days", "1").stdout
                .hasPrefix("2025-12-24"))
        #expect(try alumni.run("calendar", "close", "2025-12-24", "--reason", "Christmas Eve").status == 0)
        #expect(
            try alumni.run("calendar", "add", "--country", "DK", "--from", "2025-12-23", "--business-days", "1").stdout
                .hasPrefix("2025-12-29"))
        let bad = try alumni.run("calendar", "holidays", "--country", "XX", "--year", "2025")
        #expect(bad.status != 0 && bad.stderr.contains("--country"))
        let ancient = try alumni.run(
            "calendar", "add", "--country", "DK", "--from", "0544-03-02", "--business-days", "3")
        #expect(ancient.status != 0 && ancient.stderr.contains("--from") && ancient.stderr.contains("1900–2200"))
        let beyond = try alumni.run("calendar", "add", "--country", "DK", "--from", "2200-06-01", "--months", "7")
        #expect(beyond.status != 0 && beyond.stderr.contains("--months") && beyond.stdout.isEmpty)
    }

    @Test func theReportShowsVolumesAndTimes() throws {
        let alumni = try AlumniBinary()
        let personId = try person(alumni)
        let id = try alumni.run(
            at: "2025-11-03T09:00:00Z", "inquiries", "open", "--person", personId, "--type", "complaint", "--subject",
            "Bad service"
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try alumni.run(at: "2025-11-05T09:00:00Z", "inquiries", "reply", id, "--body", "We are sorry")
        let report = try #require(
            try AlumniBinary.json(
                try alumni.run(at: "2025-11-20T09:00:00Z", "report", "--from", "2025-11-01", "--json").stdout)
                as? [String: Any])
        let row = try #require(((report["inquiries"] as? [String: Any])?["rows"] as? [[String: Any]])?.first)
        #expect(row["type"] as? String == "complaint")
        #expect(row["firstResponseMedian"] as? Int == 2)
        #expect(row["firstResponseOnTime"] as? Double == 0)

        // --months counts calendar months as the desk's report page does, and --type filters.
        let months = try #require(
            try AlumniBinary.json(
                try alumni.run(at: "2025-11-20T09:00:00Z", "report", "--months", "3", "--type", "general", "--json")
                    .stdout) as? [String: Any])
        #expect(months["from"] as? String == "2025-09-01" && months["types"] as? [String] == ["general"])
        let totals = try #require((months["inquiries"] as? [String: Any])?["months"] as? [[String: Any]])
        #expect(totals.map { $0["month"] as? String } == ["2025-09", "2025-10", "2025-11"])
        #expect(totals.map { $0["opened"] as? Int } == [0, 0, 0])
        let refused = try alumni.run("report", "--months", "0")
        #expect(refused.status != 0 && refused.stderr.contains("months"))
        let backwards = try alumni.run("report", "--to", "2025-01-01")
        #expect(backwards.status != 0 && backwards.stderr.contains("--from"))
    }
}
