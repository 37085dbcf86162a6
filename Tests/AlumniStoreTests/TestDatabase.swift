import AlumniCore
import AlumniStore
import AlumniTestSupport
import Foundation

extension SettableClock {
    /// Moves to a local time in Copenhagen, `2025-11-21 10:00`.
    func set(_ text: String) {
        set(TimeParsing.instant(text, in: BusinessCalendar(country: .DK))!)
    }
}

/// A fresh database in its own temporary folder (removed after the test), with a clock the test controls.
struct TestDatabase {
    let temporary: TemporaryFolder
    let database: AlumniDatabase
    let clock: SettableClock
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    var folder: URL { temporary.url }

    init() throws {
        temporary = try TemporaryFolder("alumni-tests")
        clock = SettableClock(Self.now)
        database = try AlumniDatabase.open(path: temporary.file("test.sqlite").path, clock: clock)
    }

    /// Writes `text` to a file in the test folder and returns its URL.
    func file(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func add(_ given: String, _ family: String, kind: PersonKind = .employee, ref: String? = nil) throws -> Person {
        try database.addPerson(
            PersonFields(
                givenName: given, familyName: family, email: "\(SearchKey.fold(given))@example.com", kind: kind,
                externalRef: ref), actor: "tester")
    }
}
