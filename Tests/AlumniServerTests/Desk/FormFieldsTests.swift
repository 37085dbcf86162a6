import AlumniCore
import AlumniWeb
import Testing

/// Form bodies as Hummingbird's URLEncodedFormDecoder reads them, for the desk and the
/// self-service pages alike.
@Suite struct FormFieldsTests {
    @Test func valuesAreDecodedAndListsComeAsNameBrackets() throws {
        let fields = try FormFields("given_name=%C3%85se+Marie&id%5B%5D=1&id%5B%5D=2&empty=")
        #expect(fields["given_name"] == "Åse Marie")
        #expect(fields.all("id") == ["1", "2"])
        #expect(fields["empty"] == "")
        #expect(fields["missing"] == nil && fields.all("missing").isEmpty)
        #expect(try FormFields("id=7").all("id") == ["7"], "one value is a list of one")
        #expect(try FormFields("").names.isEmpty)
    }

    @Test func aNameGivenTwiceWithoutBracketsIsNotAFormOfOurs() {
        #expect(throws: ValidationFailure.self) { try FormFields("consent=a&consent=b") }
    }

    @Test func aPageThatNamesItsFieldsIgnoresEverythingElseHoweverItIsSent() throws {
        let fields = try FormFields(
            "proxy=1&proxy=2&%C2%A9=x&language=sv&consent%5B%5D=events.email", only: ["language", "consent"])
        #expect(fields["language"] == "sv")
        #expect(fields.all("consent") == ["events.email"])
        #expect(fields["proxy"] == nil)
    }
}
