import Foundation
import Testing

@Suite struct ImportCommandTests {
    @Test func aFileWithBadRowsImportsNothingAndReportsEveryRow() throws {
        let alumni = try AlumniBinary()
        let csv = try alumni.file(
            "people.csv",
            """
            given_name,family_name,email,kind,country,joined,left,ref
            Åse,Ødegård,ase@example.no,employee,NO,2001-01-01,2020-01-01,E2
            ,Nameless,n@example.no,employee,NO,,,E3
            Bad,Mail,not-an-email,employee,NO,,,E4
            Far,Away,f@example.no,employee,XX,,,E5
            Back,Wards,b@example.no,employee,NO,2020-01-01,2010-01-01,E6

            """)
        let result = try alumni.run("people", "import", csv)
        #expect(result.status != 0)
        for expected in ["line 3, given_name", "line 4, email", "line 5, country", "line 6, left"] {
            #expect(result.stderr.contains(expected), "stderr lacks '\(expected)': \(result.stderr)")
        }
        #expect(result.stdout.contains("Nothing was imported"))
        #expect(try alumni.run("people", "list", "--json").stdout.contains("\"total\" : 0"))
    }

    @Test func skipInvalidWritesARejectsFileThatCanBeFixedAndImported() throws {
        let alumni = try AlumniBinary()
        let csv = try alumni.file(
            "people.csv",
            "given_name,family_name,email,kind\nMette,Kjær,mette@example.dk,customer\nBad,Mail,nope,customer\n")
        let rejects = alumni.folder.appendingPathComponent("rejects.csv").path
        let result = try alumni.run("people", "import", csv, "--skip-invalid", rejects)
        #expect(result.status == 0)
        #expect(result.stdout.contains("added 1, updated 0, rejected 1"))
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(rejected.hasPrefix("given_name,family_name,email,kind,errors\r\n"))
        #expect(rejected.contains("line 3: email"))

        let fixed = rejected.replacingOccurrences(of: "nope", with: "bad.mail@example.dk")
        let retry = try alumni.run("people", "import", try alumni.file("fixed.csv", fixed))
        #expect(retry.status == 0)
        #expect(try alumni.run("people", "list", "--json").stdout.contains("\"total\" : 2"))
    }

    @Test func quotesNewlinesAndByteOrderMarkAreRead() throws {
        let alumni = try AlumniBinary()
        let csv = try alumni.file(
            "people.csv",
            "\u{FEFF}given_name,family_name,kind,address,tags\r\nBjörn,\"Nyström, d.ä.\",employee,\"Storgatan 1\nStockholm\",\"vip;board\"\r\n"
        )
        #expect(try alumni.run("people", "import", csv).status == 0)
        let page = try #require(
            try AlumniBinary.json(try alumni.run("people", "list", "--json").stdout) as? [String: Any])
        let person = try #require((page["items"] as? [[String: Any]])?.first)
        #expect(person["familyName"] as? String == "Nyström, d.ä.")
        #expect(person["address"] as? String == "Storgatan 1\nStockholm")
        #expect(person["tags"] as? [String] == ["board", "vip"])
    }

    @Test func exportThenImportIntoANewDatabaseGivesTheSamePeople() throws {
        let source = try AlumniBinary()
        #expect(try source.run("demo", "--people", "150", "--seed", "4").status == 0)
        let file = source.folder.appendingPathComponent("export.csv").path
        #expect(try source.run("people", "export", "--output", file).status == 0)

        let target = try AlumniBinary()
        let imported = try target.run("people", "import", file)
        #expect(imported.stdout.contains("added 150"))
        let list = ["people", "export", "--format", "csv"]
        #expect(try source.run(list).stdout == target.run(list).stdout)
        let json = try #require(
            try AlumniBinary.json(try target.run("people", "export", "--format", "json").stdout) as? [[String: Any]])
        #expect(json.count == 150)
    }

    @Test func updateModeChangesExistingPeople() throws {
        let alumni = try AlumniBinary()
        let first = try alumni.file(
            "a.csv", "given_name,family_name,kind,ref,email\nKari,Berg,employee,E1,kari@example.no\n")
        #expect(try alumni.run("people", "import", first).status == 0)
        let second = try alumni.file(
            "b.csv", "given_name,family_name,kind,ref,email\nKari,Berg-Hansen,employee,E1,kari@example.no\n")
        let refused = try alumni.run("people", "import", second)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("line 2, ref"))
        let updated = try alumni.run("people", "import", second, "--update")
        #expect(updated.stdout.contains("added 0, updated 1, rejected 0"))
        #expect(try alumni.run("people", "show", "--ref", "E1").stdout.contains("Berg-Hansen"))
    }
}
