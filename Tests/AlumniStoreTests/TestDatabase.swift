import AlumniCore
import AlumniStore
import Foundation

/// A clock the test moves by hand.
final class TestClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ instant: Date) { self.instant = instant }

    func now() -> Date { lock.withLock { instant } }

    /// Moves to a local time in Copenhagen, `2025-11-21 10:00`.
    func set(_ text: String) {
        let date = TimeParsing.instant(text, in: BusinessCalendar(country: .DK))!
        lock.withLock { instant = date }
    }
}

/// A fresh database in its own temporary folder, with a clock the test controls.
struct TestDatabase {
    let folder: URL
    let database: AlumniDatabase
    let clock: TestClock
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        clock = TestClock(Self.now)
        database = try AlumniDatabase.open(path: folder.appendingPathComponent("test.sqlite").path, clock: clock)
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
