import Testing

@testable import AlumniWeb

@Suite("Desk: the page templates' renderer")
struct PageTemplateTests {
    private func render(_ source: String, _ value: PageValue, partials: [String: String] = [:]) throws -> String {
        let compiled = try partials.mapValues { try PageTemplate($0, name: "partial") }
        return String(decoding: try PageTemplate(source, name: "test").render(value, partials: compiled), as: UTF8.self)
    }

    @Test func valuesAreEscapedAndNamesFoundInTheNearestValueThatHasThem() throws {
        let value: PageValue = [
            "title": "Tom & <Jerry> \"quoted\" 'single'", "count": 3, "person": ["name": "Åse"],
            "rows": [["name": "first"], ["other": "x"]],
        ]
        #expect(try render("{{title}}", value) == "Tom &amp; &lt;Jerry&gt; &quot;quoted&quot; &#39;single&#39;")
        #expect(try render("{{count}} {{person.name}} {{missing}}", value) == "3 Åse ")
        // A name a row lacks is looked up in the values around it: `count` is the page's, `name` is nowhere.
        #expect(try render("{{#rows}}[{{name}}|{{count}}]{{/rows}}", value) == "[first|3][|3]")
    }

    @Test func sectionsFollowMustache() throws {
        let value: PageValue = [
            "yes": true, "no": false, "empty": [PageValue](), "items": ["a", "b"], "text": "", "object": ["n": 1],
        ]
        #expect(try render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}not{{/no}}", value) == "Ynot")
        #expect(try render("{{#items}}<{{.}}>{{/items}}{{^items}}none{{/items}}", value) == "<a><b>")
        #expect(try render("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", value) == "none")
        #expect(try render("{{#missing}}x{{/missing}}{{^missing}}absent{{/missing}}", value) == "absent")
        #expect(try render("{{#object}}{{n}}{{/object}}", value) == "1")
        #expect(try render("{{#empty(empty)}}E{{/empty(empty)}}{{^empty(items)}}I{{/empty(items)}}", value) == "EI")
        // As in Mustache, a text shows its section even when empty: pages use false for "nothing".
        #expect(try render("{{#text}}T{{/text}}", value) == "T")
    }

    @Test func partialsAndStandaloneLines() throws {
        let source = """
            <ul>
              {{#items}}
              <li>{{> item}}</li>
              {{/items}}
            </ul>
            """
        #expect(
            try render(source, ["items": ["a", "b"]], partials: ["item": "<b>{{.}}</b>"])
                == "<ul>\n  <li><b>a</b></li>\n  <li><b>b</b></li>\n</ul>")
    }

    @Test func standaloneLinesInARowAreEachRemoved() throws {
        // Two tags alone on their lines, one after the other: each line goes, as in Mustache
        // (a page's closing section followed by the footer partial left a blank line before).
        #expect(try render("{{#a}}\nA\n{{/a}}\n{{> foot}}\n", ["a": true], partials: ["foot": "F\n"]) == "A\nF\n")
        #expect(try render("x\n  {{! note }}\n  {{#a}}\ny\n  {{/a}}\nz", ["a": true]) == "x\ny\nz")
    }

    @Test func aTemplateItCannotRenderIsRefusedWhenLoaded() throws {
        for source in ["{{#a}}never closed", "{{/a}}", "{{#a}}{{/b}}", "{{{raw}}}", "{{&raw}}", "{{a..b}}", "{{x"] {
            #expect(throws: PageTemplate.SyntaxError.self, "\(source)") { try PageTemplate(source, name: "t") }
        }
    }
}
