import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniServer
import AlumniStore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// A real application on a fresh temporary database, with one user and token per role
/// (`t-admin`, `t-hr`, …) and a small cast: person #1 (a former employee with employment and a
/// pension), inquiry #1 (pension, open), #2 (general, open), #3 (general, closed).
struct TestServer {
    let database: AlumniDatabase
    let folder: TemporaryFolder
    /// Where the server's "now" comes from; it moves only when the test moves it.
    let clock: SettableClock
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18, a Wednesday

    /// With `mail`, replies and questions queue their e-mails to the requester, as `alumni serve` does.
    init(clock: SettableClock = SettableClock(TestServer.now), busyTimeout: TimeInterval = 10, mail: Bool = false)
        throws
    {
        folder = try TemporaryFolder("alumni-server")
        self.clock = clock
        database = try AlumniDatabase.open(
            path: folder.file("test.sqlite").path, clock: clock,
            requesterMessages: mail ? InquiryMessages(from: Mailbox(address: "desk@example.com"), clock: clock) : nil,
            busyTimeout: busyTimeout)
        for role in StaffRole.allCases {
            _ = try database.addUser(
                name: role.rawValue, email: "\(role.rawValue)@example.com", role: role, actor: "setup")
            _ = try database.addToken(
                user: role.rawValue, tokenHash: APITokens.hash(Self.token(role)), expiresAt: nil, actor: "setup")
        }
        let person = try database.addPerson(
            PersonFields(
                givenName: "Åse", familyName: "Ødegård", email: "ase@example.no", country: "NO", kind: .employee,
                externalRef: "E1", joined: CalendarDate(iso: "2001-01-01")), actor: "setup")
        _ = try database.addEmployment(
            EmploymentPeriod(
                personId: person.id, entity: "Nordlys AB", country: "SE", from: CalendarDate(iso: "2001-01-01")!,
                to: nil),
            actor: "setup")
        _ = try database.addPension(
            PensionArrangement(
                personId: person.id, provider: "Alecta", plan: "ITP 1", reference: "SECRET-9",
                from: CalendarDate(iso: "2001-01-01")!, to: nil),
            actor: "setup")
        for type in [InquiryType.pension, .general, .general] {
            _ = try database.openInquiry(
                NewInquiry(personId: person.id, type: type, subject: "Question", body: "Hello"), actor: "setup")
        }
        _ = try database.close(inquiry: 3, resolution: "Answered", actor: "setup")
    }

    static func token(_ role: StaffRole) -> String { "t-\(role.rawValue)" }

    /// Mail #1, from someone the desk does not know, with attachment #1: it waits unmatched.
    func receiveStrangersMail() throws {
        let message = """
            From: Stranger <someone@example.org>
            To: desk@example.com
            Subject: My pension
            Message-ID: <stranger-1@example.org>
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Where did my pension go?
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="statement.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b--
            """
        _ = try database.receiveMail(MailParser.parse(Data(message.utf8)))
    }

    /// The background jobs `alumni serve` would run, writing mail to a folder: what renders
    /// campaigns for previews and test sends.
    func jobs() throws -> BackgroundJobs {
        try BackgroundJobs(database: database, settings: jobSettings, logger: LogRecorder().logger(level: .critical))
    }

    /// The mail settings of ``jobs()``: messages written to a folder.
    var jobSettings: MailSettings {
        var mail = MailSettings()
        mail.publicURL = "https://alumni.example.com"
        mail.mailDirectory = folder.file("mail").path
        return mail
    }

    /// Campaign #1, a draft newsletter to everyone in English, which person #1 (who agreed to
    /// newsletters by e-mail) would get.
    @discardableResult
    func draftCampaign(name: String = "Autumn news") throws -> Campaign {
        try database.setConsent(
            personId: 1, topic: .newsletter, channel: .email, granted: true, source: "signup", actor: "setup")
        return try database.createCampaign(
            NewCampaign(
                name: name, topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(
                    language: .en, subject: "News for {{given_name}}", body: "Hello {{given_name}}")),
            actor: "setup")
    }

    /// The server's settings without background scans and delivery: a test reads the outbox
    /// as its requests left it.
    static var quiet: ServerSettings {
        var settings = ServerSettings()
        settings.alertScanSeconds = 0
        // Link requests answer at once: the least answer time is a benchmark's to measure.
        settings.desk.portal.linkRequestAnswerAfter = 0
        return settings
    }

    static func headers(_ role: StaffRole?, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        if let role { headers[.authorization] = "Bearer \(token(role))" }
        headers[.contentType] = "application/json"
        return headers
    }

    /// Runs `test` against the router of the real application, logging to `logs` when given.
    func test(
        settings: ServerSettings = TestServer.quiet, logs: LogRecorder? = nil, notifications: BackgroundJobs? = nil,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let logger = logs?.logger() ?? LogRecorder().logger(level: .critical)
        let app = try buildApplication(
            settings: settings, store: .sqlite(database), notifications: notifications, logger: logger)
        try await app.test(.router, test)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }
}
