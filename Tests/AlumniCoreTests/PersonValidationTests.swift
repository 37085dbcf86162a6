import AlumniCore
import Testing

@Suite struct PersonValidationTests {
    private func valid() -> PersonFields {
        PersonFields(givenName: "Åse", familyName: "Ødegård", email: "ase@example.no", kind: .employee)
    }

    private func failures(_ fields: PersonFields) -> [String] {
        do {
            _ = try fields.validated()
            return []
        } catch {
            return error.errors.map(\.field)
        }
    }

    @Test func acceptsAUnicodePersonAndTidiesIt() throws {
        var fields = valid()
        fields.givenName = "  Åse "
        fields.country = "no"
        fields.tags = ["board", " board", "", "mentor"]
        let clean = try fields.validated()
        #expect(clean.givenName == "Åse")
        #expect(clean.country == "NO")
        #expect(clean.tags == ["board", "mentor"])
    }

    @Test func controlCharactersAreRefusedNamingTheField() {
        var fields = valid()
        fields.givenName = "F\r\nBcc: everyone@example.com"
        fields.familyName = "Øde\u{85}gård"
        fields.externalRef = "E\u{0}1"
        fields.departureReason = "moved\u{7F}"
        fields.tags = ["ok", "bad\u{9F}"]
        #expect(failures(fields) == ["given_name", "family_name", "ref", "reason", "tags"])
    }

    @Test func aPostalAddressKeepsItsLineBreaksButNoOtherControl() throws {
        var fields = valid()
        fields.address = "Storgata 1\n0155 Oslo"
        #expect(try fields.validated().address == "Storgata 1\n0155 Oslo")
        fields.address = "Storgata 1\r\n0155 Oslo"
        #expect(try fields.validated().address == "Storgata 1\r\n0155 Oslo")
        fields.address = "Storgata 1\t0155 Oslo\u{1B}"
        #expect(failures(fields) == ["address"])
    }

    @Test func namesEveryMissingRequiredField() {
        #expect(failures(PersonFields(email: "a@b.se")) == ["given_name", "family_name", "kind"])
    }

    @Test(arguments: [
        "x@", "@example.com", "a b@example.com", "a@example", "a@@example.com", "a@-x.com", "a@x-.com", "a@x..com",
        "a@x.com.", "a<b@x.com", "a@x\u{7}y.com", String(repeating: "l", count: 65) + "@x.com", "a\u{85}b@x.com",
        "a@x\u{9B}.com",
    ])
    func refusesMalformedEmail(email: String) {
        var fields = valid()
        fields.email = email
        #expect(failures(fields) == ["email"])
    }

    @Test(arguments: ["a@b.se", "first.last+tag@sub.example.co.uk", "åse.ødegård@example.no", "x-y@a-b.c-d.dk"])
    func acceptsWellFormedEmail(email: String) {
        #expect(EmailAddress.isValid(email))
    }

    @Test func refusesUnknownCountryAndLeavingBeforeJoining() {
        var fields = valid()
        fields.country = "XX"
        fields.joined = CalendarDate(iso: "2010-05-01")
        fields.left = CalendarDate(iso: "2009-05-01")
        #expect(failures(fields) == ["country", "left"])
    }

    @Test func anUpdateKeepsWhatThePatchLeavesOut() {
        let patched = valid().applying(PersonFields(email: "new@example.no"))
        #expect(patched.givenName == "Åse")
        #expect(patched.email == "new@example.no")
    }

    @Test func countsWholeYearsWithUs() {
        let person = Person(
            id: 1,
            fields: PersonFields(joined: CalendarDate(iso: "2012-06-15"), left: CalendarDate(iso: "2024-06-14")),
            createdAt: .distantPast, updatedAt: .distantPast)
        #expect(person.yearsWithUs(today: CalendarDate(iso: "2026-01-01")!) == 11)
    }
}

@Suite struct SearchKeyTests {
    @Test(arguments: [
        ("Björn Nyström", "bjorn nystrom"), ("Åse Ødegård", "ase odegard"), ("Jürgen Weiß", "jurgen weiss"),
        ("Päivi Hämäläinen", "paivi hamalainen"), ("Kjær", "kjaer"), ("ANNA@EXAMPLE.COM", "anna@example.com"),
    ])
    func foldsCaseAndAccents(text: String, folded: String) {
        #expect(SearchKey.fold(text) == folded)
    }
}
