import AlumniCore
import AlumniStore
import Foundation

/// Issue 14, by parts: what the desk's person page reads (``AlumniDatabase/personRecord(id:as:)``),
/// for a coordinator and for HR (who also read, and so audit, the pension), against the one
/// statement the API's `GET /api/v1/people/{id}` reads, for random people among `people`
/// with as many inquiries, `calls` times each on one quiet thread.
struct PersonRecordBenchmark {
    let people: Int
    let calls = 20_000

    func run() throws {
        let folder = try scratchFolder("person-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AlumniDatabase.open(path: folder.appendingPathComponent("alumni.sqlite").path)
        try database.seedDemo(
            count: people, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: .system("benchmark"))
        try database.seedDemoInquiries(count: people, seed: 1, actor: .system("benchmark"))
        let coordinator = try database.addUser(
            name: "coordinator", email: "coordinator@example.com", role: .coordinator, actor: .system("benchmark"))
        let hr = try database.addUser(name: "hr", email: "hr@example.com", role: .hr, actor: .system("benchmark"))
        var sink = 0
        func anyone() -> Int64 { Int64.random(in: 1...Int64(people)) }

        let parts: [(String, () throws -> Void)] = [
            (
                "one person (the API's read, baseline)",
                { sink &+= try database.person(id: anyone(), as: .system("benchmark")).displayName.count }
            ),
            (
                "person record, coordinator",
                {
                    sink &+= try database.personRecord(id: anyone(), as: coordinator.actor()).inquiries.count
                }
            ),
            (
                "person record, HR (pension audited)",
                { sink &+= try database.personRecord(id: anyone(), as: hr.actor()).inquiries.count }
            ),
        ]
        print("\(people) people and inquiries, \(calls) calls each, one thread")
        var baseline: Double?
        for (name, part) in parts {
            let (_, seconds) = try measure { for _ in 0..<calls { try part() } }
            let perCall = seconds * 1e6 / Double(calls)
            baseline = baseline ?? perCall
            print(
                name.padding(toLength: 40, withPad: " ", startingAt: 0),
                String(format: "%7.1f µs a call, %5.1f× the baseline", perCall, perCall / baseline!))
        }
        precondition(sink >= 0)
    }
}
