import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// An inquiry's whole life through `Store`: the same steps at the same moments give the same
/// inquiries, threads, deadlines, queued messages, refusals and audit trail on SQLite and
/// PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct InquiriesOnBothStoresTests {
    static let admin = BothStores.admin

    /// Renders a notice as a message whose words say what it answers.
    struct EchoMessages: RequesterMessages {
        func message(for notice: RequesterNotice) throws -> NewOutboxMessage? {
            guard let email = notice.person.fields.email else { return nil }
            return NewOutboxMessage(
                dedupeKey: "inquiry-\(notice.inquiry.id)-\(notice.eventId)", recipient: email,
                subject: "\(notice.kind.rawValue): \(notice.inquiry.subject)", messageID: "<\(notice.eventId)@test>",
                mime: Data(notice.text.utf8),
                payload: #"{"text": "\#(notice.text)", "due": "\#(notice.resolutionDay)"}"#,
                about: notice.person.id)
        }
    }

    /// What each store made of the same steps.
    struct Outcome: Equatable {
        var pension: Inquiry
        var general: Inquiry
        var thread: [InquiryEvent]
        var overdue: [Int64]
        /// Due within a window past any instant either store holds (fifty trillion days).
        var dueFarAhead: [Int64]
        var closed: [Inquiry]
        var closedTotal: Int
        var reassigned: Int
        var report: InquiryReport
        var outbox: [[String: DatabaseValue]]
        /// JSON, which PostgreSQL keeps in its own form.
        var payloads: [[String: String]]
        var audit: [AuditEvent]
    }

    @Test("every step of an inquiry's life gives the same inquiry, thread, messages and audit trail on both stores")
    func sameLife() async throws {
        try await BothStores.with(people: 20, messages: EchoMessages()) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.live($0, clock: clock)
            }
            #expect(outcome.general.status == .closed && outcome.general.resolution == "Paid out in full")
            #expect(outcome.pension.timeline.extensionMonths == 2)
            #expect(
                outcome.thread.map(\.kind) == [
                    .inbound, .assignment, .reply, .note, .wait, .inbound, .extension, .assignment, .assignment,
                ])
            #expect(
                outcome.thread.compactMap { $0.kind == .assignment ? $0.body : nil } == [
                    "assigned to ana", "assigned to ben", "assigned to ana",
                ])
            #expect(outcome.overdue == [outcome.pension.id])
            #expect(outcome.dueFarAhead == [outcome.pension.id], "every open inquiry with a deadline is due within it")
            #expect(outcome.report.months.map(\.opened).reduce(0, +) == 2)
            #expect(outcome.report.months.map(\.closed).reduce(0, +) == 1)
            #expect(outcome.report.overdueNow == ["pension": 1], "\(outcome.report.overdueNow)")
            // The replies, the question and the extension each queued one message, in their step's transaction.
            #expect(
                outcome.payloads.map { $0["text"] } == [
                    "We are on it.", "Which employer?", "The fund is slow", "Next week.",
                ])
            #expect(outcome.outbox.map { $0["status"] } == Array(repeating: "queued".databaseValue, count: 4))
            #expect(outcome.reassigned == 1)
            #expect(outcome.closed.map(\.id) == [outcome.general.id] && outcome.closedTotal == 1)
        }
    }

    @Test("a stale step, a closed inquiry and a role that may not see the type are refused alike on both stores")
    func sameRefusals() async throws {
        try await BothStores.with(people: 10) { sqlite, postgres, _ in
            for store in [sqlite, postgres] {
                let person = try await store.people(matching: PersonQuery(), as: Self.admin).items[0]
                let opened = try await store.openInquiry(
                    NewInquiry(personId: person.id, type: .pension, subject: "Statement", body: "Please"),
                    actor: Self.admin)
                let seen = try await store.thread(ofInquiry: opened.id, as: Self.admin).last!.id
                _ = try await store.addNote(toInquiry: opened.id, body: "Called them", actor: Self.admin)
                await #expect(throws: StoreError.stale("inquiry #\(opened.id)")) {
                    try await store.reply(toInquiry: opened.id, body: "Late", actor: Self.admin, ifUnchangedSince: seen)
                }
                await #expect(throws: InquiryRuleError.emptyBody) {
                    try await store.reply(toInquiry: opened.id, body: "  ", actor: Self.admin)
                }
                _ = try await store.close(inquiry: opened.id, resolution: "Sent", actor: Self.admin)
                await #expect(throws: InquiryRuleError.self) {
                    try await store.reply(toInquiry: opened.id, body: "Again", actor: Self.admin)
                }
                let viewer = try await store.staffActor(named: "viewer")
                await #expect(throws: StoreError.notFound("inquiry #\(opened.id)")) {
                    try await store.inquiryDetails(id: opened.id, as: viewer)
                }
                await #expect(throws: AccessRefused.self) {
                    try await store.reopen(inquiry: opened.id, actor: viewer)
                }
                var pensionOnly = InquiryQuery()
                pensionOnly.types = [.pension]
                await #expect(throws: AccessRefused.self) {
                    try await store.inquiries(matching: pensionOnly, as: viewer)
                }
                await #expect(throws: StoreError.notFound("inquiry #999999")) {
                    try await store.inquiry(id: 999_999, as: Self.admin)
                }
                #expect(try await store.inquiry(id: opened.id, as: Self.admin).status == .closed)
            }
            #expect(
                try await postgres.auditEvents(as: Self.admin).items
                    == (try await sqlite.auditEvents(as: Self.admin).items))
        }
    }

    /// Two inquiries through every step, the clock moving between them.
    private static func live(_ store: Store, clock: SettableClock) async throws -> Outcome {
        let person = try #require(
            try await store.people(matching: PersonQuery(), as: admin).items.first { $0.fields.email != nil })
        var pension = try await store.openInquiry(
            NewInquiry(
                personId: person.id, type: .pension, subject: "Contributions 2004–2012", body: "What do I have?",
                channel: .letter, receivedAt: clock.now().addingTimeInterval(-3 * 86_400)), actor: admin)
        var general = try await store.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Final salary", body: "When?", owner: "ana"),
            actor: admin)
        clock.advance(3_600)
        pension = try await store.assign(inquiry: pension.id, to: " ana ", actor: admin)
        let seen = try await store.thread(ofInquiry: pension.id, as: admin).last!.id
        pension = try await store.reply(
            toInquiry: pension.id, body: "We are on it.", actor: admin, ifUnchangedSince: seen)
        pension = try await store.addNote(toInquiry: pension.id, body: "Ask the fund", actor: admin)
        clock.advance(86_400)
        pension = try await store.askRequester(inquiry: pension.id, body: "Which employer?", actor: admin)
        clock.advance(2 * 86_400)
        pension = try await store.recordInbound(
            toInquiry: pension.id, body: "The Oslo one", at: clock.now().addingTimeInterval(-600), actor: admin)
        pension = try await store.extend(inquiry: pension.id, byMonths: 2, reason: "The fund is slow", actor: admin)
        general = try await store.reply(toInquiry: general.id, body: "Next week.", actor: admin)
        general = try await store.close(inquiry: general.id, resolution: "Paid out", actor: admin)
        general = try await store.reopen(inquiry: general.id, actor: admin)
        general = try await store.close(inquiry: general.id, resolution: "Paid out in full", actor: admin)
        let reassigned = try await store.reassignInquiries(from: "ana", to: "ben", actor: admin)
        try await store.assign(inquiries: [pension.id], to: "ana", actor: admin)
        pension = try await store.inquiry(id: pension.id, as: admin)
        var farAhead = InquiryQuery()
        farAhead.dueWithin = 50_004_614_143_863 * 86_400
        let dueFarAhead = try await store.inquiries(matching: farAhead, as: admin).items.map(\.id)
        clock.advance(400 * 86_400)
        var overdue = InquiryQuery()
        overdue.overdue = true
        var closed = InquiryQuery()
        closed.status = .closed
        closed.limit = 1
        let closedPage = try await store.inquiries(matching: closed, as: admin)
        return Outcome(
            pension: pension, general: general,
            thread: try await store.inquiryDetails(id: pension.id, as: admin).thread,
            overdue: try await store.inquiries(matching: overdue, as: admin).items.map(\.id),
            dueFarAhead: dueFarAhead,
            closed: closedPage.items, closedTotal: closedPage.total,
            reassigned: reassigned,
            report: try await store.inquiryReport(from: nil, to: nil, as: admin),
            outbox: try await store.rows(
                """
                SELECT dedupe_key, recipient, subject, status, person_id, mime, next_attempt_at
                FROM outbox_message JOIN outbox_content ON outbox_content.message_id = outbox_message.id
                ORDER BY outbox_message.id
                """),
            payloads: try await store.rows("SELECT payload FROM outbox_content ORDER BY message_id").map {
                try JSONDecoder().decode(
                    [String: String].self, from: Data((String.fromDatabaseValue($0["payload"]!) ?? "").utf8))
            },
            audit: try await store.auditEvents(as: admin).items)
    }
}
