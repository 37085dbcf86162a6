import AlumniCore
import AlumniTestSupport
import Foundation
import GRDB
import Testing

@testable import AlumniStore

/// The alumni portal through `Store`: signing in by an e-mailed link within its limits,
/// sessions, questions, replies and files, a person's details, address, records, preferences,
/// messages and data copy, questions from people not in the directory, and the farewell answer,
/// with the same answers, refusals, messages and audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct PortalOnBothStoresTests {
    static let admin = BothStores.admin
    static let policy = PortalPolicy()
    static let pdf = UploadedFile(filename: "slip.pdf", data: Data("%PDF-1.4\nslip\n".utf8))

    /// Keeps the secret of every link the store writes a message for, as the person's mailbox would.
    final class Mailbox: PortalMessageRenderer, @unchecked Sendable {
        private let lock = NSLock()
        private var tokens: [String] = []

        /// The secret of the newest link, taken out of the mailbox.
        func newestToken() -> String? { lock.withLock { tokens.popLast() } }

        func message(for mail: PortalLinkMail, now: Date) -> NewOutboxMessage? {
            lock.withLock { tokens.append(mail.token) }
            return plain(
                "portal-link:\(mail.person.id):\(mail.token.prefix(8))", to: mail.address, mail.purpose.rawValue,
                about: mail.person.id)
        }

        func addressChangedMessage(for person: Person, oldAddress: String, newAddress: String, now: Date)
            -> NewOutboxMessage?
        {
            plain(
                "portal-notice:\(person.id):\(now.timeIntervalSince1970)", to: oldAddress, "now \(newAddress)",
                about: person.id)
        }

        func registrationMessage(for registration: PortalRegistration, token: String, now: Date) -> NewOutboxMessage? {
            lock.withLock { tokens.append(token) }
            return plain("portal-registration:\(token.prefix(8))", to: registration.email, "confirm")
        }

        private func plain(_ key: String, to address: String, _ subject: String, about: Int64? = nil)
            -> NewOutboxMessage
        {
            NewOutboxMessage(
                dedupeKey: key, recipient: address, subject: subject, messageID: "<\(key)@test>", mime: Data(),
                payload: #"{"text": "\#(subject)"}"#, about: about)
        }
    }

    struct SignedIn: Equatable {
        var requests: [PortalLinkRequest]
        var preview: PortalLinkPreview
        var refusals: [String]
        var sessions: [Int64?]
        var asked: PortalQuestion
        var replies: [PortalQuestion]
        var questions: [PortalQuestion]
        var thread: PortalThread
        var file: Data
        var messages: [String]
        var audit: [[String: DatabaseValue]]
    }

    @Test("signing in by link within its limits, sessions, questions, replies and files, alike on both stores")
    func sameSignIn() async throws {
        try await BothStores.with(people: 0) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                try await Self.signIn(store, clock: clock)
            }
            #expect(outcome.requests == [.taken, .taken, .taken, .taken, .taken, .taken, .limited, .taken])
            #expect(outcome.preview.purpose == .signIn && outcome.preview.language == .sv)
            #expect(outcome.refusals.count == 4, "used, forged, another's file, another's question")
            #expect(
                outcome.sessions.count == 4 && outcome.sessions[0] != nil
                    && outcome.sessions[1...].allSatisfy { $0 == nil })
            #expect(outcome.replies[0].inquiry.id == outcome.asked.inquiry.id, "written on while open")
            #expect(outcome.replies[1].followsId == outcome.asked.inquiry.id, "followed up once long closed")
            #expect(outcome.questions.count == 2 && outcome.thread.attachments.values.joined().count == 1)
            #expect(outcome.thread.events.allSatisfy { $0.kind != .note })
            #expect(outcome.file == Self.pdf.data)
            #expect(outcome.messages.contains("sign-in"))
            #expect(outcome.audit.contains { $0["action"] == "portal.signed-in".databaseValue })
        }
    }

    private static func signIn(_ store: Store, clock: SettableClock) async throws -> SignedIn {
        clock.set("2026-11-20 09:00")
        let mailbox = Mailbox()
        let ella = try await store.addPerson(
            PersonFields(
                givenName: "Ella", familyName: "Ek", email: "Ella.Ek@example.com", language: .sv, kind: .customer),
            actor: admin
        ).id
        let other = try await store.addPerson(
            PersonFields(givenName: "Olle", familyName: "Other", email: "olle@example.com", kind: .customer),
            actor: admin
        ).id
        var requests = [
            try await store.requestPortalSignIn(
                email: " ella.ek@EXAMPLE.com ", client: "10.0.0.1", renderer: mailbox, policy: policy),
            try await store.requestPortalSignIn(
                email: "nobody@example.com", client: "10.0.0.1", renderer: mailbox, policy: policy),
        ]
        let token = try #require(mailbox.newestToken())
        let preview = try await store.portalLink(token: token)
        let new = try await store.usePortalSignIn(token: token, client: "10.0.0.1")
        var refusals: [String] = []
        do { _ = try await store.usePortalSignIn(token: token, client: nil) } catch { refusals.append("\(error)") }
        do { _ = try await store.portalLink(token: "forged.token") } catch { refusals.append("\(error)") }
        var sessions = [try await store.portalSession(cookieValue: new.cookieValue, policy: policy)?.personId]
        for _ in 0..<5 {
            requests.append(
                try await store.requestPortalSignIn(
                    email: "ella.ek@example.com", client: "10.0.0.2", renderer: mailbox, policy: policy))
        }

        let asked = try await store.askInPortal(
            personId: ella, topic: .other, text: "Where is my invoice?\nFrom March.", files: [pdf])
        clock.advance(600)
        var replies = [
            try await store.replyInPortal(personId: ella, inquiryId: asked.inquiry.id, text: "Any news?")
        ]
        _ = try await store.close(inquiry: asked.inquiry.id, resolution: "Sent again", actor: admin)
        clock.advance(90 * 86_400)
        replies.append(try await store.replyInPortal(personId: ella, inquiryId: asked.inquiry.id, text: "Again?"))
        let thread = try await store.portalThread(inquiryId: asked.inquiry.id, personId: ella)
        let attachment = try #require(thread.attachments.values.joined().first)
        let file = try await store.portalAttachment(id: attachment.id, personId: ella).1
        do { _ = try await store.portalAttachment(id: attachment.id, personId: other) } catch {
            refusals.append("\(error)")
        }
        do { _ = try await store.portalThread(inquiryId: asked.inquiry.id, personId: other) } catch {
            refusals.append("\(error)")
        }

        // Long after the window of the limited request, a link may be asked for again.
        requests.append(
            try await store.requestPortalSignIn(
                email: "ella.ek@example.com", client: "10.0.0.2", renderer: mailbox, policy: policy))
        let later = try await store.usePortalSignIn(token: try #require(mailbox.newestToken()), client: nil)
        try await store.portalSignOut(cookieValue: later.cookieValue)
        sessions.append(try await store.portalSession(cookieValue: later.cookieValue, policy: policy)?.personId)
        sessions.append(try await store.portalSession(cookieValue: new.cookieValue, policy: policy)?.personId)
        sessions.append(try await store.portalSession(cookieValue: "never-issued", policy: policy)?.personId)
        return SignedIn(
            requests: requests, preview: preview, refusals: refusals, sessions: sessions, asked: asked,
            replies: replies, questions: try await store.portalQuestions(personId: ella), thread: thread, file: file,
            messages: try await store.portalMessages(personId: ella).map(\.subject)
                + (try await store.rows("SELECT subject FROM outbox_message WHERE dedupe_key LIKE 'portal-link:%'")
                    .map { String.fromDatabaseValue($0["subject"]!)! }),
            audit: try await store.rows(
                """
                SELECT action, actor, detail, person_id FROM audit_event
                WHERE action LIKE 'portal.%' OR action LIKE 'inquiry.%' ORDER BY id
                """))
    }

    struct Account: Equatable {
        var person: Person
        var refusals: [String]
        var addressAfter: String?
        var periods: [EmploymentPeriod]
        var pensions: [PensionArrangement]
        var preferences: ContactPreferences
        var copied: [Int]
        var registered: Int64
        var registeredPerson: [[String: DatabaseValue]]
        var feedback: [RecordedFeedback?]
        var messages: [PortalMessage]
        var audit: [[String: DatabaseValue]]
    }

    @Test("details, a new address, records, preferences, the data copy, a registration and a farewell answer, alike")
    func sameAccount() async throws {
        try await BothStores.with(people: 0) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) { store in
                try await Self.account(store, clock: clock)
            }
            #expect(outcome.person.fields.phone == "+46 70 111" && outcome.person.preferredChannel == .phone)
            #expect(outcome.refusals.count == 3, "not an address, the same address, a used link")
            #expect(outcome.addressAfter == "nils.new@example.com")
            #expect(outcome.periods.count == 1 && outcome.pensions.count == 1)
            #expect(outcome.preferences.consents.contains { $0.topic == .events && $0.granted })
            #expect(!outcome.preferences.doNotContact, "signed in, do-not-contact may be lifted")
            #expect(outcome.copied == [1, 1])
            #expect(outcome.registeredPerson.first?["self_registered"] == 1.databaseValue)
            #expect(outcome.feedback[0] == nil && outcome.feedback[1]?.feedback.score == 9)
            #expect(outcome.messages.contains { $0.subject == "now nils.new@example.com" })
            #expect(outcome.audit.contains { $0["action"] == "pension.read".databaseValue })
        }
    }

    private static func account(_ store: Store, clock: SettableClock) async throws -> Account {
        clock.set("2026-11-20 09:00")
        let mailbox = Mailbox()
        let nils = try await store.addPerson(
            PersonFields(givenName: "Nils", familyName: "Nord", email: "nils@example.com", kind: .employee),
            actor: admin
        ).id
        let start = CalendarDate(iso: "2001-01-01")!
        _ = try await store.addEmployment(
            EmploymentPeriod(personId: nils, entity: "Nordlys AB", country: "SE", from: start, to: nil), actor: admin)
        _ = try await store.addPension(
            PensionArrangement(
                personId: nils, provider: "Alecta", plan: "ITP 1", reference: "SECRET-9", from: start, to: nil),
            actor: admin)
        try await store.setDoNotContact(personId: nils, true, source: "phone call", actor: admin)
        clock.advance(60)
        let person = try await store.updateDetailsInPortal(
            personId: nils,
            PortalDetails(
                givenName: "Nils", familyName: "Nord", phone: "+46 70 111", address: "", language: .en,
                preferredChannel: .phone))
        var refusals: [String] = []
        for address in ["not an address", "NILS@example.com"] {
            do {
                try await store.requestEmailChange(
                    personId: nils, newEmail: address, renderer: mailbox, policy: policy)
            } catch { refusals.append("\(error)") }
        }
        try await store.requestEmailChange(
            personId: nils, newEmail: "nils.new@example.com", renderer: mailbox, policy: policy)
        let token = try #require(mailbox.newestToken())
        clock.advance(60)
        try await store.confirmEmailChange(token: token, renderer: mailbox)
        do { try await store.confirmEmailChange(token: token, renderer: mailbox) } catch { refusals.append("\(error)") }
        let (periods, pensions) = try await store.portalEmployment(personId: nils)
        try await store.applyPortalPreferences(
            personId: nils, PreferenceChoice(granted: [ConsentKey(.events, .email)], language: nil, doNotContact: false)
        )
        let copy = try await store.portalDataCopy(personId: nils)

        _ = try await store.requestRegistration(
            PortalRegistration(
                givenName: "Nora", familyName: "New", email: "nora@example.com", kind: .customer, period: "2019",
                topic: .other, question: "Can I get my receipts?", language: .nb),
            client: "10.0.0.3", renderer: mailbox, policy: policy)
        let registration = try #require(mailbox.newestToken())
        #expect(try await store.registrationLanguage(token: registration) == .nb)
        let (session, inquiryId) = try await store.confirmRegistration(token: registration, client: "10.0.0.3")
        #expect(session.session.personId != nils)

        let left = try await store.addPerson(
            PersonFields(
                givenName: "Lisa", familyName: "Left", email: "lisa@example.com", kind: .employee,
                left: CalendarDate(iso: "2026-11-15")!), actor: admin
        ).id
        let plan: Int64 = try #require(
            Int64.fromDatabaseValue(
                try await store.rows("SELECT id FROM farewell_plan WHERE person_id = \(left)")[0]["id"]!))
        var feedback = [try await store.farewellFeedbackPage(planId: plan, personId: left).recorded]
        try await store.recordFarewellFeedback(
            FarewellFeedback(
                reasons: [.career], words: "Thanks", score: 9, comingBack: .maybe, hearAboutOpenings: true),
            planId: plan, personId: left)
        feedback.append(try await store.farewellFeedbackPage(planId: plan, personId: left).recorded)
        return Account(
            person: person, refusals: refusals,
            addressAfter: try await store.portalPerson(personId: nils).fields.email, periods: periods,
            pensions: pensions, preferences: try await store.portalPreferences(personId: nils),
            copied: [copy.employmentPeriods.count, copy.pensionArrangements.count], registered: inquiryId,
            registeredPerson: try await store.rows(
                """
                SELECT given_name, family_name, language, self_registered_at IS NOT NULL AS self_registered
                FROM person WHERE email = 'nora@example.com'
                """),
            feedback: feedback, messages: try await store.portalMessages(personId: nils),
            audit: try await store.rows(
                """
                SELECT action, actor, detail, person_id FROM audit_event ORDER BY id
                """))
    }
}
