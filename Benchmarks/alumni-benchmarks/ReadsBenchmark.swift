import AlumniCore
import AlumniServer
@_spi(RawDatabase) import AlumniStore
import Foundation
import GRDB

/// Issue 4, by parts: what one API person read costs on one quiet thread — the token check,
/// the person with their tags, the JSON (as the API writes it and as `JSONEncoder` would) — against the pool's own read of a trivial statement
/// on the same database, `calls` times each.
struct ReadsBenchmark {
    let people: Int
    let calls = 100_000

    func run() throws {
        let folder = try scratchFolder("reads")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AlumniDatabase.open(path: folder.appendingPathComponent("alumni.sqlite").path)
        try database.seedDemo(
            count: people, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: .system("benchmark"))
        _ = try database.addUser(name: "reader", email: "reader@example.com", role: .admin, actor: .system("benchmark"))
        let token = APITokens.generate()
        _ = try database.addToken(
            user: "reader", tokenHash: APITokens.hash(token), expiresAt: nil, actor: .system("benchmark"))
        let encoder = JSONEncoder()
        let sample = try database.person(id: 1, as: .system("benchmark"))
        var sink = 0

        let parts: [(String, () throws -> Void)] = [
            (
                "pool read of SELECT 1 (baseline)",
                { sink &+= try database.writer.read { try Int.fetchOne($0, sql: "SELECT 1") } ?? 0 }
            ),
            (
                "token check (hash + lookup)",
                { sink &+= try database.user(forTokenHash: APITokens.hash(token))?.name.count ?? 0 }
            ),
            (
                "one person with tags",
                {
                    sink &+=
                        try database.person(id: Int64.random(in: 1...Int64(people)), as: .system("benchmark")).fields
                        .tags?.count ?? 0
                }
            ),
            ("JSON of one person, JSONEncoder", { sink &+= try encoder.encode(sample).count }),
            (
                "JSON of one person, API writer",
                {
                    var object = JSONObjectWriter()
                    sample.write(to: &object)
                    sink &+= object.finished().count
                }
            ),
        ]
        print("\(people) people, \(calls) calls each, one thread")
        for (name, part) in parts {
            let (_, seconds) = try measure { for _ in 0..<calls { try part() } }
            print(
                name.padding(toLength: 36, withPad: " ", startingAt: 0),
                String(format: "%6.1f µs a call", seconds * 1e6 / Double(calls)))
        }
        precondition(sink > 0)
    }
}
