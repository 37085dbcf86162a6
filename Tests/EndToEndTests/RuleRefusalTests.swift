import Foundation
import Testing

/// Rules that live below the front ends refuse from the command line exactly as over the API:
/// a non-zero exit, the field named, nothing stored.
@Suite struct RuleRefusalTests {
    private func person(_ alumni: AlumniBinary) throws -> String {
        try alumni.id(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind", "employee")
    }

    @Test(arguments: [
        ["set", "--topic", "newsletter", "--channel", "email", "--consent", "granted"], ["do-not-contact", "on"],
        ["reach", "--channel", "phone"], ["language", "sv"],
    ])
    func aPreferenceChangeWithABlankSourceIsRefused(_ change: [String]) throws {
        let alumni = try AlumniBinary()
        let id = try person(alumni)
        let refused = try alumni.run(["prefs", change[0], id] + change.dropFirst() + ["--source", "  "])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("source: is required"), "\(refused.stderr)")
        let shown = try alumni.run("prefs", "show", id, "--json")
        let preferences = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as! [String: Any]
        #expect((preferences["history"] as! [Any]).isEmpty, "nothing was recorded")
    }

    @Test func aReassignmentNeedsWhoseInquiriesMove() throws {
        let alumni = try AlumniBinary()
        let refused = try alumni.run("inquiries", "reassign", "--from", " ", "--to", "successor")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("from: is required"), "\(refused.stderr)")
    }

    @Test func anInquiryNeedsASubjectAndCannotArriveInTheFuture() throws {
        let alumni = try AlumniBinary()
        let id = try person(alumni)
        let refused = try alumni.run(
            at: "2026-11-02T09:00:00Z", "inquiries", "open", "--person", id, "--type", "general", "--subject", " ",
            "--received", "2026-12-01")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("subject: is required"), "\(refused.stderr)")
        #expect(refused.stderr.contains("received: is in the future"), "\(refused.stderr)")
        #expect(try alumni.run("inquiries", "list", "--json").stdout.contains("\"total\" : 0"))
    }
}

/// A malformed mail setting stops only what sends mail.
@Suite struct MailSettingsScopeTests {
    @Test func aBadAlertSettingStopsAlertsButNotTheDirectory() throws {
        let alumni = try AlumniBinary()
        let bad = ["ALUMNI_ALERT_HOURS": "whenever"]
        _ = try alumni.id(
            "people", "add", "--given", "Åse", "--family", "Ødegård", "--email", "ase@example.no", "--kind", "employee")
        #expect(try alumni.run(["people", "list"], environment: bad).status == 0)
        let alerts = try alumni.run(["alerts", "run"], environment: bad)
        #expect(alerts.status != 0)
        #expect(
            alerts.stderr.contains("ALUMNI_ALERT_HOURS (alert_hours): like 08:00-17:00, or always"), "\(alerts.stderr)")
    }
}
