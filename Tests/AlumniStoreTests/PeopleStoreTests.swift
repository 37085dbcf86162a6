import AlumniCore
import GRDB
import Testing

@_spi(RawDatabase) @testable import AlumniStore

@Suite struct PeopleStoreTests {
    @Test func searchIgnoresCaseAndAccents() throws {
        let test = try TestDatabase()
        let bjorn = try test.add("Björn", "Nyström")
        _ = try test.add("Åse", "Ødegård")
        for words in ["bjorn", "BJÖRN nystrom", "nyström"] {
            var query = PersonQuery()
            query.search = words
            #expect(
                try test.database.people(matching: query, as: "test").items.map(\.id) == [bjorn.id],
                "searching \(words)")
        }
        var query = PersonQuery()
        query.search = "odegard"
        #expect(try test.database.people(matching: query, as: "test").items.map(\.fields.givenName) == ["Åse"])
    }

    @Test func filtersSortsAndPages() throws {
        let test = try TestDatabase()
        for (index, name) in ["Dahl", "Berg", "Aas", "Cederberg"].enumerated() {
            _ = try test.database.addPerson(
                PersonFields(
                    givenName: "P", familyName: name, email: "p\(index)@example.no", country: "NO",
                    kind: index.isMultiple(of: 2) ? .employee : .customer, left: CalendarDate(iso: "202\(index)-06-01"),
                    tags: index == 1 ? ["vip"] : []), actor: "t")
        }
        var query = PersonQuery()
        query.limit = 2
        query.offset = 1
        let page = try test.database.people(matching: query, as: "test")
        #expect(page.total == 4)
        #expect(page.items.map(\.fields.familyName) == ["Berg", "Cederberg"])

        query = PersonQuery()
        query.kind = .customer
        query.sort = .left
        query.descending = true
        #expect(
            try test.database.people(matching: query, as: "test").items.map(\.fields.familyName) == [
                "Cederberg", "Berg",
            ])

        query = PersonQuery()
        query.leftAfter = CalendarDate(iso: "2021-01-01")
        query.leftBefore = CalendarDate(iso: "2022-12-31")
        #expect(
            try test.database.people(matching: query, as: "test").items.map(\.fields.familyName) == ["Aas", "Berg"])

        query = PersonQuery()
        query.tag = "vip"
        #expect(try test.database.people(matching: query, as: "test").items.map(\.fields.familyName) == ["Berg"])
    }

    @Test func namesSortIgnoringCaseWithAndWithoutFiltersAndTheFirstPageNeedsNoSort() throws {
        let test = try TestDatabase()
        for name in ["berg", "Cederberg", "Aas", "dahl"] { _ = try test.add("P", name) }
        var query = PersonQuery()
        for descending in [false, true] {
            query.descending = descending
            let expected = descending ? ["dahl", "Cederberg", "berg", "Aas"] : ["Aas", "berg", "Cederberg", "dahl"]
            query.kind = nil
            #expect(try test.database.people(matching: query, as: "test").items.map(\.fields.familyName) == expected)
            query.kind = .employee
            #expect(try test.database.people(matching: query, as: "test").items.map(\.fields.familyName) == expected)
        }
        // The unfiltered directory reads its page in name order from the index; a filtered one
        // scans and sorts rather than reading every row in name order for a rare match.
        func plan(_ sql: String) throws -> String {
            try test.database.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(
                    separator: "; ")
            }
        }
        query = PersonQuery()
        #expect(
            try plan("SELECT id FROM person WHERE erased_at IS NULL ORDER BY \(query.orderSQL()) LIMIT 50")
                .contains("USING INDEX person_by_name"))
        query.country = "SE"
        #expect(
            try !plan("SELECT id FROM person WHERE erased_at IS NULL AND country = 'SE' ORDER BY \(query.orderSQL())")
                .contains("person_by_name"))
    }

    @Test func aCountLimitStopsCountingPastItOrPastThePageAskedFor() throws {
        let test = try TestDatabase()
        for index in 0..<7 { _ = try test.add("P\(index)", "Person") }
        var query = PersonQuery()
        query.limit = 2
        let first = try test.database.people(matching: query, countLimit: 3, as: "test")
        #expect(first.total == 4 && first.countLimit == 3 && first.items.count == 2)
        query.offset = 4
        let third = try test.database.people(matching: query, countLimit: 3, as: "test")
        #expect(third.total == 7 && third.countLimit == 6, "counted past the page asked for")
        #expect(try test.database.people(matching: query, as: "test").total == 7)
        #expect(try test.database.people(matching: query, as: "test").countLimit == nil)
    }

    @Test func aReferenceIsUniquePerKind() throws {
        let test = try TestDatabase()
        _ = try test.add("A", "One", kind: .employee, ref: "42")
        _ = try test.add("B", "Two", kind: .customer, ref: "42")
        let error = #expect(throws: ValidationFailure.self) {
            _ = try test.add("C", "Three", kind: .employee, ref: "42")
        }
        #expect(error?.errors.first?.field == "ref")
        #expect(throws: StoreError.self) { _ = try test.database.person(ref: "42", as: "test") }
        #expect(try test.database.person(ref: "42", kind: .customer, as: "test").fields.givenName == "B")
    }

    @Test func anUpdateChangesOnlyWhatItNamesAndIsAudited() throws {
        let test = try TestDatabase()
        let person = try test.add("Mette", "Kjær")
        let updated = try test.database.updatePerson(
            id: person.id, with: PersonFields(phone: "+45 12 34 56 78"), actor: "hr")
        #expect(updated.fields.phone == "+45 12 34 56 78")
        #expect(updated.fields.email == person.fields.email)
        let audit = try test.database.auditEvents(personId: person.id, as: "test").items
        #expect(audit.map(\.action) == ["person.updated", "person.created"])
        #expect(audit.first?.detail == "changed: phone")
        #expect(audit.first?.actor == "hr")
    }

    @Test func aBadUpdateChangesNothing() throws {
        let test = try TestDatabase()
        let person = try test.add("Mette", "Kjær")
        #expect(throws: ValidationFailure.self) {
            _ = try test.database.updatePerson(
                id: person.id, with: PersonFields(email: "broken", country: "XX"), actor: "hr")
        }
        #expect(try test.database.person(id: person.id, as: "test") == person)
        #expect(try test.database.auditEvents(personId: person.id, as: "test").total == 1)
    }

    @Test func aDepartureBeforeJoiningIsRefused() throws {
        let test = try TestDatabase()
        let person = try test.database.addPerson(
            PersonFields(givenName: "A", familyName: "B", kind: .employee, joined: CalendarDate(iso: "2010-01-01")),
            actor: "t")
        #expect(throws: ValidationFailure.self) {
            _ = try test.database.recordDeparture(
                id: person.id, left: CalendarDate(iso: "2009-01-01")!, reason: nil, actor: "t")
        }
        let departed = try test.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2020-01-01")!, reason: "retirement", actor: "t")
        #expect(departed.fields.departureReason == "retirement")
    }

    @Test func pensionReadsAreAuditedWithTheReader() throws {
        let test = try TestDatabase()
        let person = try test.add("Jens", "Hansen")
        _ = try test.database.addPension(
            PensionArrangement(
                personId: person.id, provider: "PFA", plan: "Plus", reference: "R1",
                from: CalendarDate(iso: "2001-01-01")!, to: nil),
            actor: "hr")
        #expect(
            try test.database.pensionArrangements(personId: person.id, as: "auditor").map(\.provider) == ["PFA"])
        let read = try test.database.auditEvents(personId: person.id, as: "test").items.first
        #expect(read?.action == "pension.read")
        #expect(read?.actor == "auditor")
    }

    @Test func customersHaveNoEmploymentOrPension() throws {
        let test = try TestDatabase()
        let customer = try test.add("Kari", "Berg", kind: .customer)
        #expect(throws: ValidationFailure.self) {
            _ = try test.database.addEmployment(
                EmploymentPeriod(
                    personId: customer.id, entity: "X", country: "NO", from: CalendarDate(iso: "2001-01-01")!, to: nil),
                actor: "t")
        }
    }

    @Test func consentKeepsItsHistory() throws {
        let test = try TestDatabase()
        let person = try test.add("Kari", "Berg")
        try test.database.setConsent(
            personId: person.id, topic: .newsletter, channel: .email, granted: true, source: "form", actor: "a")
        try test.database.setConsent(
            personId: person.id, topic: .newsletter, channel: .email, granted: false, source: "reply", actor: "b")
        try test.database.setDoNotContact(personId: person.id, true, source: "phone", actor: "c")
        let prefs = try test.database.preferences(personId: person.id, as: "test")
        #expect(prefs.consents.count == 1)
        #expect(prefs.consents.first?.granted == false)
        #expect(prefs.consents.first?.source == "reply")
        #expect(prefs.history.map(\.value) == ["granted", "denied", "on"])
        #expect(prefs.history.map(\.actor) == ["a", "b", "c"])
        #expect(prefs.doNotContact)
    }

    @Test func erasureRemovesPersonalDataButKeepsAnAnonymousRecord() throws {
        let test = try TestDatabase()
        let person = try test.database.addPerson(
            PersonFields(
                givenName: "Björn", familyName: "Nyström", email: "bjorn@example.se", country: "SE", kind: .employee,
                externalRef: "E9", left: CalendarDate(iso: "2020-01-01"), tags: ["vip"]), actor: "t")
        _ = try test.database.addPension(
            PensionArrangement(
                personId: person.id, provider: "Alecta", plan: "ITP 1", reference: "R",
                from: CalendarDate(iso: "2001-01-01")!, to: nil),
            actor: "t")
        try test.database.setConsent(
            personId: person.id, topic: .events, channel: .email, granted: true, source: "form", actor: "t")

        try test.database.erasePerson(id: person.id, actor: "dpo")

        let erased = try test.database.person(id: person.id, as: "test")
        #expect(erased.fields.givenName == nil && erased.fields.email == nil && erased.fields.externalRef == nil)
        #expect(erased.fields.tags == [])
        #expect(erased.fields.country == "SE" && erased.fields.left == CalendarDate(iso: "2020-01-01"))
        #expect(erased.erasedAt != nil && erased.doNotContact)
        let export = try test.database.dataExport(personId: person.id, as: "dpo")
        #expect(export.pensionArrangements.isEmpty && export.preferences.history.isEmpty)
        var query = PersonQuery()
        query.search = "bjorn"
        #expect(try test.database.people(matching: query, as: "test").total == 0)
        #expect(throws: StoreError.self) { _ = try test.database.person(ref: "E9", as: "test") }
    }

    /// A single read runs on its own read-only connection: it must see every change committed
    /// before it, never an older snapshot, and give the tags in order.
    @Test func singleReadsSeeEachCommittedChange() throws {
        let test = try TestDatabase()
        let added = try test.database.addPerson(
            PersonFields(
                givenName: "Åse", familyName: "Ødegård", email: "ase@example.no", kind: .employee,
                tags: ["nordic", "alumni-board", "boomerang"]), actor: "t")
        for round in 1...5 {
            let read = try test.database.person(id: added.id, as: "test")
            #expect(read.fields.tags == ["alumni-board", "boomerang", "nordic"])
            let updated = try test.database.updatePerson(
                id: added.id, with: PersonFields(familyName: "Ødegård \(round)"), actor: "t")
            let reread = try test.database.person(id: added.id, as: "test")
            #expect(reread.fields.familyName == "Ødegård \(round)")
            #expect(reread.version == updated.version)
        }
        let untagged = try test.add("Björn", "Nyström")
        #expect(try test.database.person(id: untagged.id, as: "test").fields.tags == [])
        #expect(throws: StoreError.notFound("person #999")) { try test.database.person(id: 999, as: "test") }
    }
}
