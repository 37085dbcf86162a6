import AlumniCore
import Foundation
import Testing

@testable import AlumniServer

@Suite struct JSONObjectWriterTests {
    private static let instant = Date(timeIntervalSince1970: 1_795_483_684)

    /// A person with every optional field set, so a field added later without a line in the
    /// writer shows up as a difference.
    private static let complete = Person(
        id: 42,
        fields: PersonFields(
            givenName: "Åse \"the boss\"", familyName: "Ølstrøm\\Berg", email: "ase@example.no",
            phone: "+47 22 00 00 00",
            address: "Storgata 1\n0155 Oslo\tNorway", country: "NO", language: .nb, kind: .employee,
            externalRef: "E/100042", joined: CalendarDate(year: 1999, month: 2, day: 28),
            left: CalendarDate(year: 2024, month: 12, day: 31), departureReason: "retired \u{1} early 🎉",
            sentiment: .ambassador, tags: ["board", "mentor"]),
        preferredChannel: .email, contactNote: "mornings", doNotContact: true, erasedAt: instant,
        createdAt: instant, updatedAt: instant.addingTimeInterval(3600))

    private static let sparse = Person(
        id: 7, fields: PersonFields(familyName: "Smith", kind: .customer, tags: []), createdAt: instant,
        updatedAt: instant)

    private func object(_ bytes: some Sequence<UInt8>) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    @Test(arguments: [complete, sparse])
    func aPersonIsWrittenAsItsCodableFormSaysIt(person: Person) throws {
        let written = APIResponse.json(person).body
        let encoded = try APIResponse.encoder.encode(person)
        #expect(try object(written) == object(encoded))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(Person.self, from: written) == person)
    }

    @Test func theCompleteSampleLeavesNoFieldOut() {
        func unset(_ value: Any) -> [String] {
            Mirror(reflecting: value).children.compactMap { child in
                let mirror = Mirror(reflecting: child.value)
                return mirror.displayStyle == .optional && mirror.children.isEmpty ? child.label : nil
            }
        }
        #expect(unset(Self.complete) == [])
        #expect(unset(Self.complete.fields) == [])
    }

    @Test func stringsAreEscapedAsJSONRequires() throws {
        var object = JSONObjectWriter()
        object.add("text", "quote \" backslash \\ newline \n bell \u{7} slash / ünïcödé")
        object.add("absent", nil as String?)
        object.add("count", Int64(-3))
        let written = object.finished()
        #expect(
            String(decoding: written, as: UTF8.self)
                == #"{"text":"quote \" backslash \\ newline \n bell \u0007 slash / ünïcödé","count":-3}"#)
        #expect(
            try self.object(written)["text"] as? String == "quote \" backslash \\ newline \n bell \u{7} slash / ünïcödé"
        )
    }
}
