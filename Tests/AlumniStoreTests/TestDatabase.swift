import AlumniCore
import AlumniStore
import Foundation

/// A fresh database in its own temporary folder, with a clock that stands still.
struct TestDatabase {
    let folder: URL
    let database: AlumniDatabase
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try AlumniDatabase.open(path: folder.appendingPathComponent("test.sqlite").path, clock: FixedClock(Self.now))
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
