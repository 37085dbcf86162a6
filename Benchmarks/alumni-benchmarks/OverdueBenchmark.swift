import AlumniCore
@_spi(RawDatabase) import AlumniStore
import Foundation
import GRDB

/// Issue 3: the overdue page and count through the store, against the same hand-written SQL
/// on the same connection, over a database of `inquiries` inquiries of which about 1 % are overdue.
struct OverdueBenchmark {
    let inquiries: Int
    let rounds = 200

    func run() throws {
        let folder = try scratchFolder("overdue")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("alumni.sqlite").path
        let database = try AlumniDatabase.open(path: path)
        let (_, seeding) = try measure {
            try database.seedDemo(
                count: 10_000, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: .system("benchmark"))
            try database.seedDemoInquiries(count: inquiries, seed: 1, openShare: 0.015, actor: .system("benchmark"))
        }
        print(String(format: "seeded 10000 people and %d inquiries in %.1f s", inquiries, seeding))

        var query = InquiryQuery()
        query.overdue = true
        query.limit = 100
        let page = try database.inquiries(matching: query, as: .system("benchmark"))
        print("overdue: \(page.total) (\(String(format: "%.2f", Double(page.total) * 100 / Double(inquiries))) %)")

        let now = Date()
        let handWritten = try measure {
            try database.writer.read { db in
                for _ in 0..<rounds {
                    _ = try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM inquiry WHERE next_due_at <= ?",
                        arguments: [now.timeIntervalSince1970])
                    _ = try Row.fetchAll(
                        db, sql: "SELECT * FROM inquiry WHERE next_due_at <= ? ORDER BY next_due_at LIMIT 100",
                        arguments: [now.timeIntervalSince1970])
                }
            }
        }.1
        let throughStore = try measure {
            for _ in 0..<rounds { _ = try database.inquiries(matching: query, as: .system("benchmark")) }
        }.1
        print(String(format: "hand-written SQL: %.2f ms per page + count", handWritten * 1000 / Double(rounds)))
        print(String(format: "through the store: %.2f ms per page + count", throughStore * 1000 / Double(rounds)))
        print(String(format: "ratio: %.2f (target ≤ 1.5)", throughStore / handWritten))

        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "alumni")
        if FileManager.default.isExecutableFile(atPath: binary.path) {
            let (_, command) = try measure {
                for _ in 0..<10 {
                    try runProgram(
                        binary.path, ["inquiries", "list", "--overdue", "--limit", "100", "--db", path], quiet: true)
                }
            }
            print(
                String(
                    format: "alumni inquiries list --overdue --limit 100: %.0f ms per run (whole process)",
                    command * 100))
        } else {
            print("(build the alumni product in release mode too to time the whole command)")
        }
    }
}
