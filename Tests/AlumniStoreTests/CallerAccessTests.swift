import AlumniCore
import AlumniStore
import Foundation
import Testing

/// The store decides what each caller may see and do: defaults narrow to what the caller may
/// see, asking for more is refused with one error, and every refusal is audited.
@Suite struct CallerAccessTests {
    private let carl = Caller.staff("carl", role: .coordinator).via("test")
    private let hanna = Caller.staff("hanna", role: .hr)
    private let bot = Caller.staff("bot", role: .alertBot)
    private let vera = Caller.staff("vera", role: .viewer)

    /// Person #1, a former employee with a pension, and two inquiries: #1 pension, #2 general.
    private func setUp() throws -> (TestDatabase, Person) {
        let test = try TestDatabase()
        test.clock.set("2025-11-21 10:00")
        let person = try test.add("Åse", "Ødegård", ref: "E1")
        _ = try test.database.addPension(
            PensionArrangement(
                personId: person.id, provider: "Alecta", plan: "ITP 1", reference: "SECRET-9",
                from: CalendarDate(iso: "2001-01-01")!, to: nil), actor: "setup")
        for type in [InquiryType.pension, .general] {
            _ = try test.database.openInquiry(
                NewInquiry(personId: person.id, type: type, subject: "About my \(type)", body: "Hello"),
                actor: "setup")
        }
        return (test, person)
    }

    private func denials(_ test: TestDatabase) throws -> [AuditEvent] {
        try test.database.auditEvents(limit: 50, as: "test").items.filter { $0.action == "access.denied" }
    }

    @Test func listsNarrowToTheTypesTheCallerMaySeeAndRefuseAskingForMore() throws {
        let (test, _) = try setUp()
        #expect(try test.database.inquiries(matching: InquiryQuery(), as: carl).items.map(\.type) == [.general])
        #expect(try test.database.inquiries(matching: InquiryQuery(), as: hanna).total == 2)

        var pension = InquiryQuery()
        pension.types = [.pension]
        #expect(throws: AccessRefused.self) { try test.database.inquiries(matching: pension, as: carl) }
        let denied = try #require(try denials(test).first)
        #expect(denied.actor == "carl")
        #expect(denied.detail == "the coordinator role may not see pension inquiries: test")

        var silent = InquiryQuery()
        silent.silent = true
        test.clock.set("2025-12-24 10:00")
        #expect(try test.database.silentCases(as: carl).map(\.id) == [2])
        #expect(throws: AccessRefused.self) { try test.database.silentCases(types: [.pension], as: carl) }
        #expect(try test.database.inquiryReport(from: nil, to: nil, as: carl).rows.map(\.type) == [.general])
        #expect(throws: AccessRefused.self) { try test.database.inquiryReport(from: nil, to: nil, as: bot) }
    }

    @Test func theAlertBotListsCasesWithoutTheirWords() throws {
        let (test, _) = try setUp()
        let listed = try test.database.inquiries(matching: InquiryQuery(), as: bot).items
        #expect(listed.count == 2)
        #expect(listed.allSatisfy { $0.subject.isEmpty })
        var query = InquiryQuery()
        query.withText = true
        #expect(try test.database.inquiries(matching: query, as: bot).items.allSatisfy { $0.subject.isEmpty })
        let forHR = try test.database.inquiries(matching: InquiryQuery(), as: hanna).items
        #expect(forHR.allSatisfy { !$0.subject.isEmpty })
    }

    @Test func pensionDataIsReadOnlyByThoseWhoMayAndEachReadOrAttemptIsAudited() throws {
        let (test, person) = try setUp()
        for _ in 0..<3 {
            #expect(throws: AccessRefused.self) { try test.database.pensionArrangements(personId: person.id, as: carl) }
        }
        #expect(try denials(test).count == 1, "one entry a minute per caller, however often they try")
        #expect(throws: AccessRefused.self) { try test.database.dataExport(personId: person.id, as: vera) }
        #expect(try denials(test).map(\.actor) == ["vera", "carl"])
        #expect(try test.database.pensionArrangements(personId: person.id, as: hanna).map(\.reference) == ["SECRET-9"])
        #expect(
            try test.database.auditEvents(personId: person.id, limit: 1, as: "test").items.first?.action
                == "pension.read")
        // A pension inquiry's details carry the pension data only for a caller who may read it.
        #expect(try test.database.inquiryDetails(id: 1, as: hanna).pensionArrangements?.count == 1)
    }

    @Test func aCaseOfATypeTheCallerMayNotSeeIsNotFoundAndOneWhoMayWorkOnNoneIsRefused() throws {
        let (test, _) = try setUp()
        #expect(throws: StoreError.notFound("inquiry #1")) {
            try test.database.reply(toInquiry: 1, body: "Here is your answer", actor: carl)
        }
        #expect(throws: StoreError.notFound("inquiry #1")) { try test.database.thread(ofInquiry: 1, as: carl) }
        #expect(throws: AccessRefused.self) { try test.database.addNote(toInquiry: 2, body: "Noted", actor: vera) }
        #expect(throws: AccessRefused.self) {
            try test.database.openInquiry(NewInquiry(personId: 1, type: .pension, subject: "S", body: "B"), actor: carl)
        }
        #expect(try test.database.thread(ofInquiry: 1, as: hanna).count == 1, "nothing was added")
        #expect(try denials(test).map(\.actor).sorted() == ["carl", "vera"])
    }

    @Test func anExportIsAuditedWithItsCountAndFiltersButNotTheWordsSearchedFor() throws {
        let (test, _) = try setUp()
        _ = try test.add("Bo", "Berg", kind: .customer)
        var query = PersonQuery()
        query.kind = .employee
        query.search = "ødegård"
        var names: [String] = []
        let count = try test.database.exportPeople(matching: query, as: carl) { names.append($0.displayName) }
        #expect(count == 1 && names == ["Åse Ødegård"])
        let entry = try #require(try test.database.auditEvents(limit: 1, as: "test").items.first)
        #expect(entry.action == "people.exported")
        #expect(entry.actor == "carl")
        #expect(entry.detail == "1 people (kind=employee search) via test")
        #expect(throws: AccessRefused.self) {
            try test.database.exportPeople(matching: PersonQuery(), as: Caller.staff("b", role: .alertBot)) { _ in }
        }
    }

    @Test func aPreferredWayChangeNeedsAChannelOrANoteAndHandingOutALinkIsAudited() throws {
        let (test, person) = try setUp()
        let before = try test.database.auditEvents(personId: person.id, as: "test").total
        #expect(throws: ValidationFailure.self) {
            try test.database.setPreferredWay(
                personId: person.id, channel: nil, note: nil, source: "call", actor: "carl")
        }
        #expect(
            try test.database.auditEvents(personId: person.id, as: "test").total == before,
            "nothing happened, nothing audited")

        let version = try test.database.issuePreferenceLink(personId: person.id, topic: .newsletter, actor: carl)
        #expect(version == (try test.database.linkVersion(personId: person.id)))
        let issued = try #require(try test.database.auditEvents(personId: person.id, limit: 1, as: "test").items.first)
        #expect(issued.action == "preferences.link-issued" && issued.actor == "carl" && issued.detail == "newsletter")
        #expect(throws: AccessRefused.self) {
            try test.database.issuePreferenceLink(personId: person.id, topic: nil, actor: vera)
        }
        _ = try test.database.erasePerson(id: person.id, actor: "admin")
        #expect(throws: ValidationFailure.self) {
            try test.database.issuePreferenceLink(personId: person.id, topic: nil, actor: carl)
        }
    }
}
