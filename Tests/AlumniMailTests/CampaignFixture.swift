import AlumniCore
import AlumniMail
import AlumniStore
import AlumniTestSupport
import Foundation
import Logging

/// A real database in a temporary folder with a clock the test moves, and the pieces that
/// render and deliver what the desk sends, delivering into a folder of files.
struct CampaignFixture {
    let temporary: TemporaryFolder
    let clock: SettableClock
    let database: AlumniDatabase
    let links: LinkBuilder
    let from = Mailbox(name: "Alumni Desk", address: "desk@example.com")
    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    var folder: URL { temporary.url }

    init() throws {
        temporary = try TemporaryFolder("alumni-campaign")
        clock = SettableClock(Self.start)
        database = try AlumniDatabase.open(path: temporary.file("c.sqlite").path, clock: clock)
        links = LinkBuilder(
            publicURL: "https://alumni.example.com", key: try database.linkSigningKey(), lifetimeDays: 90)
    }

    /// Adds a person, with consent for `consents` on email.
    @discardableResult
    func person(
        _ given: String, _ family: String, email: String? = nil, language: Language? = nil, country: String? = nil,
        kind: PersonKind = .employee, joined: String? = nil, left: String? = nil, consents: [ContactTopic] = []
    ) throws -> Person {
        let person = try database.addPerson(
            PersonFields(
                givenName: given, familyName: family,
                email: email ?? "\(SearchKey.fold(given)).\(SearchKey.fold(family))@example.com", country: country,
                language: language, kind: kind, joined: joined.flatMap { CalendarDate(iso: $0) },
                left: left.flatMap { CalendarDate(iso: $0) }), actor: "coordinator")
        for topic in consents {
            try database.setConsent(
                personId: person.id, topic: topic, channel: .email, granted: true, source: "signup",
                actor: "coordinator")
        }
        return person
    }

    func campaign(
        topic: ContactTopic = .newsletter, segment: CampaignSegment = CampaignSegment(),
        templates: [CampaignTemplate] = [CampaignFixture.english]
    ) throws -> Campaign {
        var campaign = try database.createCampaign(
            NewCampaign(name: "Autumn news", topic: topic, segment: segment, template: templates[0]),
            actor: "coordinator")
        for template in templates.dropFirst() {
            campaign = try database.setCampaignTemplate(campaignId: campaign.id, template, actor: "coordinator")
        }
        return campaign
    }

    func messages(_ campaign: Campaign) throws -> CampaignMessages {
        try CampaignMessages(campaign: campaign, from: from, links: links, clock: clock)
    }

    var mailFolder: URL { folder.appendingPathComponent("mail") }

    /// One delivery pass into `mailFolder`; returns the messages delivered, as text.
    func deliver() async throws -> [String] {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        _ = try await OutboxWorker(
            store: database, transport: FileTransport(directory: mailFolder), clock: clock, logger: logger
        ).deliverDue()
        return try delivered()
    }

    func delivered() throws -> [String] {
        guard FileManager.default.fileExists(atPath: mailFolder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: mailFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }.map { String(decoding: try Data(contentsOf: $0), as: UTF8.self) }
    }

    static let english = CampaignTemplate(
        language: .en, subject: "News for {{given_name}}",
        body: "Hello **{{given_name}}**,\n\n{{#years}}After {{years}} years with us{{/years}} you are still one of us.")
    static let swedish = CampaignTemplate(
        language: .sv, subject: "Nyheter för {{given_name}}",
        body: "Hej **{{given_name}}**,\n\n{{#years}}Efter {{years}} år hos oss{{/years}} är du fortfarande en av oss.")
}

extension OutboxMessage {
    var text: String { String(decoding: mime, as: UTF8.self) }
}

/// Decodes quoted-printable, to read a rendered body.
func decodeQuotedPrintable(_ text: String) -> String {
    var bytes: [UInt8] = []
    let source = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
    var index = 0
    while index < source.count {
        if source[index] == UInt8(ascii: "="), index + 2 < source.count,
            let byte = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
        {
            bytes.append(byte)
            index += 3
        } else {
            bytes.append(source[index])
            index += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
