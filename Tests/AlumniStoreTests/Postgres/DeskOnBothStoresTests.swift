import AlumniCore
import AlumniTestSupport
import Foundation
import Testing

@testable import AlumniStore

/// What the desk's sign-in, queue and inquiry page ask of the store: the same attempts, clock
/// and data give the same sessions, refusals, queues, previews and audit trail on SQLite and
/// PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct DeskOnBothStoresTests {
    static let admin = BothStores.admin
    static let password = "a long enough passphrase"

    /// What each store made of the same sign-ins.
    struct Sessions: Equatable {
        /// Each attempt in order: the user it signed in, or nil where it was refused.
        var attempts: [String?]
        /// Each session read in order: whose session it still was, or nil once it had ended.
        var reads: [String?]
        var audit: [AuditEvent]
    }

    @Test("sign-in, throttling, idle and absolute ends, a new password and signing out alike on both stores")
    func sameSessions() async throws {
        try await BothStores.with(people: 3, prepare: Self.addAna) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.signIns($0, clock: clock)
            }
            #expect(outcome.attempts == [nil, nil, nil, nil, nil, "ana", "ana", "ana", "ana"])
            #expect(outcome.reads == ["ana", "ana", nil, "ana", nil, "ana", nil, nil])
            let refusals = outcome.audit.filter { $0.action == "desk.sign-in-refused" }.compactMap(\.detail)
            #expect(refusals.filter { $0.hasPrefix("throttled") }.count == 2, "\(refusals)")
            #expect(!outcome.audit.contains { ($0.detail ?? "").contains(Self.password) }, "no password is audited")
        }
    }

    private static func addAna(_ database: AlumniDatabase, _: SettableClock) throws {
        _ = try database.addUser(name: "ana", email: "ana@example.com", role: .hr, actor: admin)
        try database.setPassword(name: "ana", password: password, actor: admin)
    }

    private static func signIns(_ store: Store, clock: SettableClock) async throws -> Sessions {
        let policy = DeskSessionPolicy()
        var attempts: [String?] = []
        func attempt(_ name: String, _ password: String) async throws -> NewDeskSession? {
            do {
                let new = try await store.signIn(name: name, password: password, address: "192.0.2.7", policy: policy)
                attempts.append(new.session.user.name)
                return new
            } catch is SignInRefused {
                attempts.append(nil)
                return nil
            }
        }
        var reads: [String?] = []
        func read(_ new: NewDeskSession?) async throws {
            reads.append(
                try await store.deskSession(cookieValue: new?.cookieValue ?? "none", policy: policy)?.user.name)
        }
        // Three free failures (one for an account that does not exist), then a wait: the right
        // password inside it is refused too, and after it goes through.
        _ = try await attempt("ana", "wrong")
        _ = try await attempt("nobody", "wrong")
        _ = try await attempt("ana", "wrong again")
        _ = try await attempt("ana", "wrong a third time")
        _ = try await attempt("ana", password)
        clock.advance(policy.firstDelay * 4 + 1)
        let first = try await attempt("ana", password)
        try await read(first)
        clock.advance(policy.touchInterval + 1)
        try await read(first)
        clock.advance(policy.idleTimeout + 1)
        try await read(first)
        // Kept in use, a session still ends at its absolute limit.
        let busy = try await attempt("ana", password)
        try await read(busy)
        for _ in 0..<Int(policy.absoluteTimeout / 3600) {
            clock.advance(3600)
            if clock.now() < busy!.session.createdAt.addingTimeInterval(policy.absoluteTimeout) {
                _ = try await store.deskSession(cookieValue: busy!.cookieValue, policy: policy)
            }
        }
        try await read(busy)
        // A new password ends every session; signing out ends one.
        let third = try await attempt("ana", password)
        try await read(third)
        clock.advance(1)
        try await store.setPassword(name: "ana", password: password + "!", actor: admin)
        try await read(third)
        let fourth = try await attempt("ana", password + "!")
        try await store.signOut(cookieValue: fourth!.cookieValue)
        try await read(fourth)
        return Sessions(attempts: attempts, reads: reads, audit: try await store.auditEvents(as: admin).items)
    }

    /// What each store's queue and inquiry page show.
    struct Desk: Equatable {
        var pages: [[Int64]]
        var counts: [[Int]]
        var names: [Int64: String]
        var staff: [String]
        var preview: MessagePreview?
        var mail: [Int64: InboundMailRecord]
        var attachments: [Int64: [InquiryAttachment]]
        var file: Data
        var follows: Int64?
        var assigned: [String?]
        var records: [Record]
        var overview: Overview
        /// The whole report, as `alumni report --json` prints it.
        var report: String
        var audit: [AuditEvent]
    }

    /// The coordinator's overview.
    struct Overview: Equatable {
        var checkIns: Page<Followup>
        var scheduled: Page<FarewellPlan>
        var owed: Page<FarewellPlan>
        var silent: Page<SilentCase>
        var campaigns: Page<CampaignSummary>
        var names: [Int64: String]

        init(_ overview: CoordinatorOverview) {
            (checkIns, scheduled, owed) = (overview.checkIns, overview.scheduled, overview.goodbyesOwed)
            (silent, campaigns, names) = (overview.silentDepartures, overview.campaigns, overview.names)
        }
    }

    /// A person's page as one role sees it.
    struct Record: Equatable {
        var person: Person
        var preferences: ContactPreferences
        var employment: [EmploymentPeriod]?
        var pensions: [PensionArrangement]?
        var inquiries: [Inquiry]
        var messages: [OutboxMessage]
        var farewells: [FarewellPlan]
        var followups: [Followup]
        var feedback: [RecordedFeedback]
        var legalHold: String?
        var mail: PersonMailStatus
        var audit: [AuditEvent]?

        init(_ record: PersonRecord) {
            (person, preferences, employment, pensions) =
                (record.person, record.preferences, record.employment, record.pensions)
            (inquiries, messages, farewells, followups) =
                (record.inquiries, record.messages, record.farewells, record.followups)
            (feedback, legalHold, mail, audit) = (record.farewellFeedback, record.legalHold, record.mail, record.audit)
        }
    }

    @Test("the queue's pages and counts, a reply's preview and an inquiry's mail and files alike on both stores")
    func sameDesk() async throws {
        try await BothStores.with(
            people: 30, messages: InquiriesOnBothStoresTests.EchoMessages(), prepare: Self.addCases
        ) { sqlite, postgres, clock in
            let desk = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { try await Self.desk($0) }
            #expect(desk.pages.count == 4 && desk.pages.allSatisfy { !$0.isEmpty }, "\(desk.pages)")
            #expect(desk.counts[0].count == 3 && desk.counts[0][0] == 11, "counted to the limit and one more")
            #expect(Set(desk.pages[3]).isDisjoint(with: desk.pages[0]), "the second page goes on from the first")
            #expect(desk.preview?.text.contains("We are on it") == true)
            #expect(desk.mail.values.first?.attachments.map(\.filename) == ["statement.pdf"])
            #expect(desk.attachments.values.flatMap { $0 }.map(\.filename) == ["payslip.pdf"])
            #expect(desk.file.starts(with: Data("%PDF".utf8)))
            #expect(desk.assigned == ["ana", "ana"])
            #expect(desk.audit.contains { $0.action == "inquiry.attachment.read" && $0.actor == "ana" })
            let (hr, coordinator, admin) = (desk.records[0], desk.records[1], desk.records[2])
            #expect(!hr.inquiries.isEmpty && hr.pensions != nil && hr.audit == nil, "HR reads all but the audit log")
            #expect(admin.audit?.isEmpty == false)
            #expect(desk.report.contains("\"relationsByMonth\"") && desk.report.contains("\"farewellFeedback\""))
            #expect(desk.overview.campaigns.total == 1 && desk.overview.campaigns.items.first?.languages == [.en, .sv])
            #expect(coordinator.employment == nil && coordinator.pensions == nil && coordinator.audit == nil)
        }
    }

    /// Open cases, one asked in the portal with a file and answered by mail with another, and
    /// a campaign in two languages.
    private static func addCases(_ database: AlumniDatabase, _ clock: SettableClock) throws {
        try addAna(database, clock)
        let campaign = try database.createCampaign(
            NewCampaign(
                name: "Winter news", topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .sv, subject: "Vinternytt", body: "Hej {{given_name}}")),
            actor: admin)
        _ = try database.setCampaignTemplate(
            campaignId: campaign.id,
            CampaignTemplate(language: .en, subject: "Winter news", body: "Hello {{given_name}}"),
            actor: admin)
        _ = try database.seedDemoInquiries(count: 40, seed: 5, openShare: 0.6, actor: admin)
        let person = try #require(
            try database.people(matching: PersonQuery(), as: admin).items.first { $0.fields.email != nil })
        let asked = try database.askInPortal(
            personId: person.id, topic: .certificate, text: "May I have my certificate?",
            files: [UploadedFile(filename: "payslip.pdf", data: Data("%PDF-1.4 payslip".utf8))])
        let reply = "Re: \(asked.inquiry.subject) [#INQ-\(asked.inquiry.id)]"
        _ = try database.receiveMail(
            ReceivedMail(
                key: "<answer@example.com>", messageID: "<answer@example.com>", sender: person.fields.email,
                senderName: nil, recipient: "desk@example.com", subject: reply, answers: [], text: "Here it is.",
                original: Data("the whole message".utf8),
                attachments: [
                    MailAttachment(
                        filename: "statement.pdf", contentType: "application/pdf", data: Data("%PDF-1.4 x".utf8))
                ], nature: .message))
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func query(_ narrowing: (inout InquiryQuery) -> Void) -> InquiryQuery {
        var query = InquiryQuery()
        narrowing(&query)
        return query
    }

    private static func desk(_ store: Store) async throws -> Desk {
        let ana = try await store.staffActor(named: "ana")
        let tabs = [InquiryQuery(), query { $0.overdue = true }, query { $0.unassigned = true }]
        var queues: [InquiryQueue] = []
        for var query in tabs + [InquiryQuery()] {
            query.limit = 5
            if queues.count == 3 { query.offset = 5 }
            queues.append(try await store.inquiryQueue(query, tabs: tabs, as: ana, countLimit: 10))
        }
        let coordinator = Caller(name: "cora", standing: .staff(.coordinator))
        await #expect(throws: AccessRefused.self, "a coordinator asking for pension cases") {
            try await store.inquiryQueue(query { $0.types = [.pension] }, tabs: [], as: coordinator)
        }
        // The newest question asked in the portal: the one `addCases` asked.
        let portal = try await store.inquiries(matching: query { ($0.channel, $0.limit) = (.portal, 500) }, as: ana)
        let asked = try #require(portal.items.max { $0.id < $1.id })
        let attachments = try await store.inquiryAttachments(inquiryId: asked.id, as: ana)
        let file = try await store.inquiryAttachment(id: try #require(attachments.values.first?.first?.id), as: ana)
        // The queue's form assigns ticked rows; a stale page's step is refused.
        let ticked = queues[0].page.items.prefix(2).map(\.id)
        try await store.assign(inquiries: Array(ticked), to: "ana", actor: ana)
        var assigned: [String?] = []
        for id in ticked { assigned.append(try await store.inquiry(id: id, as: ana).owner) }
        let records = [
            Record(try await store.personRecord(id: asked.personId, as: ana)),
            Record(try await store.personRecord(id: asked.personId, as: coordinator)),
            Record(try await store.personRecord(id: asked.personId, as: admin)),
        ]
        return Desk(
            pages: queues.map { $0.page.items.map(\.id) }, counts: queues.map(\.counts),
            names: queues.reduce(into: [:]) { $0.merge($1.names) { a, _ in a } },
            staff: queues[0].activeStaff,
            preview: try await store.previewReply(toInquiry: asked.id, body: "We are on it."),
            mail: try await store.inboundMail(ofInquiry: asked.id), attachments: attachments, file: file.1,
            follows: try await store.followedInquiry(of: asked.id, as: ana), assigned: assigned, records: records,
            overview: Overview(try await store.coordinatorOverview(shown: 5, countLimit: 10, as: coordinator)),
            report: try Self.json(try await store.report(months: 12, as: admin)),
            audit: try await store.auditEvents(as: admin).items)
    }
}
