import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniServer
import AlumniTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@_spi(RawDatabase) @testable import AlumniStore

/// GDPR Art. 17: after `erase`, the person's words and contact details are nowhere — not in a
/// table, not in the database file's bytes, not in the write-ahead log, not in the mail folder.
@Suite struct ErasureTests {
    /// Text that appears only where this person's data went.
    static let mark = "zqx"

    /// A SQLite database where one former employee's distinctive text reaches every place a
    /// person's data can: their record, inquiries, notes, messages sent and queued, mail from
    /// them with a file, a bounce, alerts, a campaign, a kept response.
    struct Planted {
        let folder: TemporaryFolder
        let database: AlumniDatabase
        let settings: MailSettings
        let notifications: BackgroundJobs
        let person: Person
        let pension: Inquiry
        let clock: SettableClock
    }

    static func plant() async throws -> Planted {
        let folder = try TemporaryFolder("alumni-erasure")
        let clock = SettableClock(Date(timeIntervalSince1970: 1_795_510_800))  // Tue 2026-11-24 10:00 CET
        let from = Mailbox(name: "Alumni Desk", address: "desk@example.com")
        let database = try AlumniDatabase.open(
            path: folder.file("erasure.sqlite").path, clock: clock,
            requesterMessages: InquiryMessages(from: from, clock: clock))
        var settings = MailSettings()
        settings.mailDirectory = folder.file("mail").path
        settings.from = from
        settings.alerts.hours = nil
        let notifications = try BackgroundJobs(
            database: database, settings: settings, logger: LogRecorder().logger(level: .critical))

        // A former employee with distinctive text in every place a person's data can reach.
        let person = try database.addPerson(
            PersonFields(
                givenName: "Zqxgiven", familyName: "Zqxfamily", email: "zqx.mail@example.com", phone: "+47 9988 7766",
                address: "Zqxstreet 1", country: "NO", kind: .employee, externalRef: "ZQX-REF",
                joined: CalendarDate(iso: "2001-01-01"), left: CalendarDate(iso: "2026-11-20"),
                departureReason: "Zqxreason", tags: ["zqxtag"]), actor: "hr")
        _ = try database.addEmployment(
            EmploymentPeriod(
                personId: person.id, entity: "Zqx Entity AB", country: "SE", from: CalendarDate(iso: "2001-01-01")!,
                to: nil), actor: "hr")
        _ = try database.addPension(
            PensionArrangement(
                personId: person.id, provider: "Zqx Pension", plan: "ITP 1", reference: "ZQX-PENSION-9",
                from: CalendarDate(iso: "2001-01-01")!, to: nil), actor: "hr")
        try database.setConsent(
            personId: person.id, topic: .newsletter, channel: .email, granted: true, source: "zqx signup", actor: "hr")
        let pension = try database.openInquiry(
            NewInquiry(personId: person.id, type: .pension, subject: "Zqx pension years", body: "Zqx first message"),
            actor: "hr")
        _ = try database.reply(toInquiry: pension.id, body: "Zqx reply to the question", actor: "hr")
        _ = try database.addNote(toInquiry: pension.id, body: "Zqx internal note", actor: "hr")
        _ = try database.extend(inquiry: pension.id, byMonths: 1, reason: "Zqx extension reason", actor: "hr")
        _ = try database.close(inquiry: pension.id, resolution: "Zqx resolution", actor: "hr")
        let waiting = try database.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Zqx still waiting", body: "Zqx hello?"),
            actor: "hr")
        try database.recordFarewell(personId: person.id, note: "Zqx farewell note", actor: "coordinator")
        _ = try await notifications.deliver()  // the reply leaves as an .eml file
        // Mail from them: a reply with a file, a message the desk could not file, a full mailbox.
        let mailed = """
            From: Zqx <zqx.mail@example.com>
            Subject: Re: Zqx still waiting [#INQ-\(waiting.id)]
            Message-ID: <zqx-1@example.com>
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            Zqx mailed answer
            --b
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="zqx.pdf"

            zqx attachment bytes
            --b--
            """
        #expect(try database.receiveMail(MailParser.parse(Data(mailed.utf8))).outcome == .reply)
        let lost = "From: zqx.mail@example.com\r\nSubject: [#INQ-999] Zqx lost\r\n\r\nZqx where?\r\n"
        #expect(try database.receiveMail(MailParser.parse(Data(lost.utf8))).outcome == .unmatched)
        let bounce = deliveryReportMessage(
            to: "zqx.mail@example.com", status: "4.2.2", action: "delayed",
            diagnostic: "452 4.2.2 <zqx.mail@example.com>: mailbox full")
        #expect(try database.receiveMail(MailParser.parse(Data(bounce.utf8)), bouncedMessage: 1).outcome == .bounce)

        clock.advance(30 * 86_400)  // the open inquiry is overdue and silent: alerts about it
        #expect(try await notifications.scan().raised.count > 0)
        let campaign = try database.createCampaign(
            NewCampaign(
                name: "News", topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "News for {{given_name}}", body: "Hi {{given_name}}")
            ),
            actor: "coordinator")
        // A test send shows the person to a colleague, before the campaign itself goes out.
        let messages = try notifications.campaignMessages(campaign)
        _ = try database.testCampaign(
            id: campaign.id, to: "coordinator@example.com", personId: person.id,
            rendering: notifications.campaignTemplates(), actor: "coordinator")
        let report = try database.queueCampaign(id: campaign.id, renderer: messages, actor: "coordinator")
        #expect(report.queued > 0, "a test send does not count as the person's copy")
        // A response kept for an idempotent request that showed the person.
        try database.storeResponse(
            StoredResponse(
                status: 200, headers: [:], body: Data(#"{"givenName":"Zqxgiven","email":"zqx.mail@example.com"}"#.utf8)),
            for: IdempotencyClaim(actor: "hr", key: "k1", requestHash: "h"))
        let before = try tablesHoldingMark(database)
        for place in [
            "inquiry.subject", "inquiry.resolution", "inquiry.extension_reason", "inquiry_event.body",
            "outbox_message.recipient", "outbox_content.mime", "idempotency_record.body", "farewell.note",
            "alert.title", "inbound_mail.text", "inbound_mail.original", "inbound_attachment.data",
            "mail_bounce.address",
        ] {
            #expect(before.contains(place), "the test puts the mark in \(place)")
        }
        #expect(filesHoldingMark(in: folder).contains { $0.hasSuffix(".eml") })
        #expect(try database.outboxMessages(status: .queued, limit: 100).total > 0)

        return Planted(
            folder: folder, database: database, settings: settings, notifications: notifications, person: person,
            pension: pension, clock: clock)
    }

    @Test func erasureLeavesNothingReadableAnywhere() async throws {
        let planted = try await Self.plant()
        let (database, folder, notifications, person, pension) = (
            planted.database, planted.folder, planted.notifications, planted.person, planted.pension
        )
        try await notifications.erase(personId: person.id, actor: "admin")

        #expect(try Self.tablesHoldingMark(database) == [])
        #expect(Self.filesHoldingMark(in: folder) == [], "the database, its log and the mail folder")
        let queued = try database.outboxMessages(status: .queued, limit: 100).items
        #expect(queued.isEmpty, "nothing more goes out to or about them")
        #expect(
            try database.outboxMessages(status: .suppressed, limit: 100).items.contains { $0.lastError == "erased" })
        let kept = try database.inquiry(id: pension.id, as: "test")
        #expect(kept.type == .pension && kept.status == .closed, "ids, types and states stay for statistics")
    }

    @Test(
        "on PostgreSQL, a data export answers as on SQLite, and erasure leaves nothing readable in any table and vacuums the tables it touched",
        .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
    func erasureOnPostgres() async throws {
        let planted = try await Self.plant()
        let exported = try planted.database.dataExport(personId: planted.person.id, as: "admin")
        let path = planted.database.path
        try planted.database.close()
        let location = try PostgresLocation(url: try TestPostgres.makeDatabase(), environment: [:])
        _ = try await DatabaseCopy.copy(sqlite: path, to: location)
        try await PostgresStore.withStore(location, clock: planted.clock) { postgres in
            let before = try await Self.columnsHoldingMark(postgres)
            #expect(before.contains("inquiry_event.body") && before.contains("inbound_attachment.data"))
            // The answer to a data-access request is the same from either store, the read audited anew.
            let onPostgres = try await Store.postgres(postgres).dataExport(personId: planted.person.id, as: "admin")
            #expect(!exported.mail.isEmpty && !exported.pensionArrangements.isEmpty)
            #expect(try Self.json(onPostgres.person) == Self.json(exported.person))
            #expect(try Self.json(onPostgres.employmentPeriods) == Self.json(exported.employmentPeriods))
            #expect(try Self.json(onPostgres.pensionArrangements) == Self.json(exported.pensionArrangements))
            #expect(onPostgres.preferences == exported.preferences)
            #expect(try Self.json(onPostgres.mail) == Self.json(exported.mail))
            #expect(try Self.json(onPostgres.attachments) == Self.json(exported.attachments))
            #expect(
                try Self.json(Array(onPostgres.auditTrail.dropLast(2))) == Self.json(exported.auditTrail),
                "the trail, and the export's own two entries after it")
            #expect(onPostgres.auditTrail.suffix(2).map(\.action) == ["person.data-exported", "pension.read"])
            let jobs = try await BackgroundJobs.on(
                .postgres(postgres), settings: planted.settings, logger: LogRecorder().logger(level: .critical))
            let report = try await jobs.erase(personId: planted.person.id, actor: "admin")
            #expect(!report.messageIds.isEmpty)
            #expect(try await Self.columnsHoldingMark(postgres) == [])
            #expect(Self.filesHoldingMark(in: planted.folder).allSatisfy { !$0.hasSuffix(".eml") })
            let store = Store.postgres(postgres)
            #expect(try await store.outboxMessages(status: .queued, limit: 100, offset: 0).total == 0)
            let kept = try await store.inquiry(id: planted.pension.id, as: "test")
            #expect(kept.type == .pension && kept.status == .closed, "ids, types and states stay for statistics")
            let vacuumed = try await postgres.rows(
                "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL ORDER BY relname")
            #expect(Set(vacuumed.map { $0["relname"] as String }) == Set(ErasureRows.touchedTables))
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `table.column` for every value in the PostgreSQL database that holds the mark, in any
    /// case (bytes read as text, the planted texts being ASCII).
    static func columnsHoldingMark(_ postgres: PostgresStore) async throws -> [String] {
        var found: [String] = []
        for column in try await postgres.rows(
            """
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' ORDER BY table_name, column_name
            """)
        {
            let (table, name): (String, String) = (column["table_name"], column["column_name"])
            let text = (column["data_type"] as String) == "bytea" ? "encode(\(name), 'escape')" : "\(name)::text"
            let hits = try await postgres.rows(
                "SELECT COUNT(*) AS hits FROM \(table) WHERE position(? IN lower(\(text))) > 0", [mark])
            if (hits.first?["hits"] as Int?) ?? 0 > 0 { found.append("\(table).\(name)") }
        }
        return found
    }

    @Test func retentionsErasureLeavesNothingReadableAnywhereEither() async throws {
        let folder = try TemporaryFolder("alumni-retention-erasure")
        let clock = SettableClock(Date(timeIntervalSince1970: 1_700_000_000))  // 2023-11-14
        let from = Mailbox(name: "Alumni Desk", address: "desk@example.com")
        let database = try AlumniDatabase.open(
            path: folder.file("retention.sqlite").path, clock: clock,
            requesterMessages: InquiryMessages(from: from, clock: clock))
        var settings = MailSettings()
        settings.mailDirectory = folder.file("mail").path
        settings.from = from
        let notifications = try BackgroundJobs(
            database: database, settings: settings, logger: LogRecorder().logger(level: .critical))
        // A former customer, quiet since a question answered and closed in 2023.
        let person = try database.addPerson(
            PersonFields(
                givenName: "Zqxgiven", familyName: "Zqxfamily", email: "zqx.mail@example.com", address: "Zqxstreet 1",
                kind: .customer, externalRef: "ZQX-REF", left: CalendarDate(iso: "2022-01-31"),
                departureReason: "Zqxreason", tags: ["zqxtag"]), actor: "hr")
        let inquiry = try database.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Zqx invoice", body: "Zqx my question"),
            actor: "hr")
        _ = try database.reply(toInquiry: inquiry.id, body: "Zqx our answer", actor: "hr")
        _ = try database.close(inquiry: inquiry.id, resolution: "Zqx resolved", actor: "hr")
        _ = try await notifications.deliver()  // the reply leaves as an .eml file
        #expect(Self.filesHoldingMark(in: folder).contains { $0.hasSuffix(".eml") })

        clock.advance(4 * 365 * 86_400)  // 2027: three years and more since the last contact
        let report = try await notifications.runRetention()
        #expect(report.erased == 1)
        #expect(try Self.tablesHoldingMark(database) == [])
        #expect(Self.filesHoldingMark(in: folder) == [], "the database, its log and the mail folder")
        #expect(
            try database.auditEvents(personId: person.id, limit: 10, as: "test").items.contains {
                $0.action == "retention.erased" && $0.detail == "rule customer.erase (3 years)"
            })
    }

    @Test func anInquiryOfAnErasedPersonShowsNothingOfThemOverTheAPI() async throws {
        let server = try TestServer()
        try server.database.erasePerson(id: 1, actor: "admin")
        try await server.test { client in
            let inquiry = try await client.execute(
                uri: "/api/v1/inquiries/1", method: .get, headers: TestServer.headers(.hr))
            #expect(inquiry.status == .ok)
            for text in ["Åse", "Ødegård", "ase@example.no", "SECRET-9", "Question", "Hello"] {
                #expect(!inquiry.text.contains(text), "\(text) is still shown")
            }
        }
    }

    @Test func keptResponsesExpireAfterADay() throws {
        let test = try TestServer()
        let claim = IdempotencyClaim(actor: "hr", key: "k", requestHash: "h")
        try test.database.storeResponse(StoredResponse(status: 201, headers: [:], body: Data("{}".utf8)), for: claim)
        #expect(try test.database.idempotencyRecord(actor: "hr", key: "k") != nil)
        test.clock.advance(IdempotencyRecord.lifetime + 1)
        #expect(try test.database.idempotencyRecord(actor: "hr", key: "k") == nil)
        #expect(try test.database.purgeExpiredIdempotencyRecords() == 1)
    }

    /// `table.column` for every text or blob value that holds the mark, in any case.
    static func tablesHoldingMark(_ database: AlumniDatabase) throws -> [String] {
        try database.writer.read { db in
            var found: Set<String> = []
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables {
                for column in try db.columns(in: table).map(\.name) {
                    let hits =
                        try Int.fetchOne(
                            db,
                            sql: "SELECT COUNT(*) FROM \(table) WHERE instr(lower(CAST(\(column) AS TEXT)), ?) > 0",
                            arguments: [mark]) ?? 0
                    if hits > 0 { found.insert("\(table).\(column)") }
                }
            }
            return found.sorted()
        }
    }

    /// The files under `folder` (the database, its write-ahead log, mail) whose bytes hold the mark.
    static func filesHoldingMark(in folder: TemporaryFolder) -> [String] {
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return files.filter { name in
            FileManager.default.contents(atPath: folder.file(name).path).map(holdsMark) ?? false
        }.sorted()
    }

    /// Whether the bytes hold the mark in any case. The planted texts are ASCII, which
    /// quoted-printable (how messages are rendered) leaves as they are.
    static func holdsMark(_ bytes: Data) -> Bool {
        let lower = Data(bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
        return lower.range(of: Data(mark.utf8)) != nil
    }
}
