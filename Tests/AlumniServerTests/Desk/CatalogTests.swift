import Testing

@testable import AlumniWeb

@Suite("Pages: a catalog's words with values filled in")
struct CatalogTests {
    let catalog = Catalog(
        language: "en",
        strings: [
            "answerBy": "you will have an answer by {date}", "twice": "{name} and {name}", "none": "{ not a name }",
            "unknown": "{who} asked", "edges": "{a}{b}",
        ])

    @Test("Each {name} is replaced by its value, as often as it appears; other braces stay")
    func fillsIn() {
        #expect(catalog("answerBy", ["date": "18 December 2026"]) == "you will have an answer by 18 December 2026")
        #expect(catalog("twice", ["name": "Åse"]) == "Åse and Åse")
        #expect(catalog("none", ["name": "x"]) == "{ not a name }")
        #expect(catalog("unknown", ["name": "x"]) == "{who} asked")
        #expect(catalog("edges", ["a": "1", "b": "2"]) == "12")
        #expect(catalog("missing.key") == "missing.key")
        #expect(catalog("answerBy") == "you will have an answer by {date}")
    }

    @Test("File sizes in the reader's language: kilobytes rounded up, megabytes with one decimal")
    func fileSizes() {
        let swedish = Catalog(
            language: "sv", strings: ["files.kB": "{size} kB", "files.MB": "{size} MB", "number.decimal": ","])
        #expect(PortalQuestionValues.size(77, swedish) == "1 kB")
        #expect(PortalQuestionValues.size(230 * 1024, swedish) == "230 kB")
        #expect(PortalQuestionValues.size(4_404_019, swedish) == "4,2 MB")
        #expect(PortalQuestionValues.size(10 * 1024 * 1024, swedish) == "10,0 MB")
    }
}
