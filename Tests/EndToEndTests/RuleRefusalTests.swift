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

/// The store's access refusals from the command line: acting as a staff account with `--as`,
/// what its role may not do is refused as the API and the desk refuse it, and audited.
@Suite struct AccessRefusalCommandTests {
    @Test func actingAsACoordinatorPensionCasesAreRefusedWithExit77AndAudited() throws {
        let alumni = try AlumniBinary()
        try alumni.run("users", "add", "carl", "--email", "carl@example.com", "--role", "coordinator")
        let refused = try alumni.run("inquiries", "list", "--type", "pension", "--as", "carl")
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("the coordinator role may not see pension inquiries"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        let audit = try alumni.run("audit").stdout
        #expect(audit.contains("access.denied"))
        #expect(audit.contains("alumni inquiries list"), "the audit entry names where it came from")
        // Without --as, whoever holds the database file has the administrator's rights.
        #expect(try alumni.run("inquiries", "list", "--type", "pension").status == 0)
        #expect(try alumni.run("inquiries", "list", "--as", "nobody").stderr.contains("staff user 'nobody' not found"))
        // A change: a viewer may add no one, a coordinator may.
        try alumni.run("users", "add", "vera", "--email", "vera@example.com", "--role", "viewer")
        let person = ["people", "add", "--given", "Bo", "--family", "Berg", "--email", "bo@example.com"]
        let byViewer = try alumni.run(person + ["--kind", "customer", "--as", "vera"])
        #expect(byViewer.status == 77)
        #expect(byViewer.stderr.contains("the viewer role may not change people"), "\(byViewer.stderr)")
        #expect(try alumni.run("people", "list").stdout.contains("Berg") == false)
        #expect(try alumni.run(person + ["--kind", "customer", "--as", "carl"]).status == 0)
        #expect(try alumni.run("audit").stdout.contains("carl"), "the change is audited under the account's name")
    }

    @Test func aPreferredWayNeedsAChannelOrANoteFromTheStore() throws {
        let alumni = try AlumniBinary()
        let id = try alumni.id(
            "people", "add", "--given", "Bo", "--family", "Berg", "--email", "bo@example.com", "--kind", "customer")
        let refused = try alumni.run("prefs", "reach", id, "--source", "call")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("channel: give a channel, a note or both"), "\(refused.stderr)")
        #expect(!(try alumni.run("audit", "--person", id).stdout.contains("preferences.changed")))
    }

    @Test func anExportIsAuditedFromTheCommandLineToo() throws {
        let alumni = try AlumniBinary()
        _ = try alumni.id(
            "people", "add", "--given", "Bo", "--family", "Berg", "--email", "bo@example.com", "--kind", "customer")
        let export = try alumni.run("people", "export", "--kind", "customer", "--output", "people.csv")
        #expect(export.status == 0, "\(export.stderr)")
        let audit = try alumni.run("audit").stdout
        #expect(audit.contains("people.exported"))
        #expect(audit.contains("1 people (kind=customer) via alumni people export"), "\(audit)")
    }
}

/// Storage faults from the command line: told as what they are, naming the database, exit 74.
@Suite struct StorageFaultCommandTests {
    @Test func aDamagedDatabaseIsToldAsThatWithTheWayBack() throws {
        let alumni = try AlumniBinary()
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: alumni.database))
        let result = try alumni.run("people", "list")
        #expect(result.status == 74)
        #expect(result.stderr.contains("the database file \(alumni.database) is damaged"), "\(result.stderr)")
        #expect(result.stderr.contains("alumni restore"))
    }
}
