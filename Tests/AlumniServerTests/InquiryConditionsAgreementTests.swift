import AlumniCore
import AlumniStore
import AlumniTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The desk's badges, the API's `conditions` and the command line's STATE column say the same
/// of every open inquiry at one moment: they all ask Core's one rule.
@Suite struct InquiryConditionsAgreementTests {
    /// Inquiries in every condition: long overdue and silent, waiting, extended, due soon, new.
    private func casesInEveryCondition() throws -> TestServer {
        let test = try TestServer()
        let day: TimeInterval = 86_400
        for (type, age) in [(InquiryType.general, 40 * day), (.complaint, 2 * day), (.exit, 6 * day), (.general, 0)] {
            _ = try test.database.openInquiry(
                NewInquiry(
                    personId: 1, type: type, subject: "Asked \(Int(age / day)) days ago", body: "Hello",
                    receivedAt: TestServer.now.addingTimeInterval(-age)), actor: "setup")
        }
        _ = try test.database.askRequester(inquiry: 2, body: "Which years?", actor: "setup")
        _ = try test.database.extend(inquiry: 1, byMonths: 1, reason: "Records from Sweden", actor: "setup")
        try test.database.setSetting(.dueSoonDays, to: "4", actor: "setup")
        try test.enableDesk([.admin])
        return test
    }

    /// `#INQ-N` with its badges, from each row of the queue's table.
    private func badges(inQueue html: String) -> [Int64: [String]] {
        var found: [Int64: [String]] = [:]
        for row in html.components(separatedBy: "<tr").dropFirst() {
            guard let link = row.range(of: "href=\"/inquiries/"),
                let id = Int64(row[link.upperBound...].prefix { $0.isNumber })
            else { continue }
            found[id] = row.components(separatedBy: "class=\"badge badge-").dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
        }
        return found
    }

    /// Each listed inquiry's id with its conditions, from a page of inquiries as JSON.
    private func conditions(inJSON data: Data) throws -> [Int64: [String]] {
        let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(page["items"] as? [[String: Any]])
        return Dictionary(
            uniqueKeysWithValues: try items.map { item in
                (Int64(try #require(item["id"] as? Int)), try #require(item["conditions"] as? [String]))
            })
    }

    @Test func theDeskTheAPIAndTheCommandLineAgreeOnEveryInquirysConditions() async throws {
        let test = try casesInEveryCondition()
        test.clock.advance(3 * 3600)

        // The command line, as a person at the terminal on the same database at the same moment.
        let process = Process()
        process.executableURL = BuiltExecutable.alumni
        process.arguments = ["inquiries", "list", "--json", "--limit", "100"]
        process.environment = [
            "ALUMNI_DB": test.folder.file("test.sqlite").path,
            "ALUMNI_NOW": ISO8601DateFormatter().string(from: test.clock.now()),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let commandLine = try conditions(inJSON: printed)

        try await test.test { client in
            let api = try await client.execute(
                uri: "/api/v1/inquiries?limit=100", method: .get, headers: TestServer.headers(.admin))
            #expect(api.status == .ok)
            let fromAPI = try conditions(inJSON: Data(buffer: api.body))

            var browser = DeskBrowser(client)
            try await browser.signIn("admin")
            let desk = badges(inQueue: try await browser.get("/?view=open").text)

            #expect(fromAPI == commandLine)
            #expect(desk == fromAPI)
            let seen = Set(fromAPI.values.joined())
            #expect(seen.isSuperset(of: ["overdue", "silent", "waiting", "extended", "due-soon"]), "\(seen)")
            #expect(fromAPI.count == 6, "every open inquiry, none closed")
        }
    }
}
