import AlumniCore
@_spi(RawDatabase) import AlumniStore
import Foundation
import GRDB
import Testing

/// A database that runs out of room: SQLite's page limit stands in for a full disk (both are
/// SQLITE_FULL), so the test needs no small file system (`.ci/storage-e2e.py` has a real one).
@Suite struct StorageFaultTests {
    private func limitPages(_ database: AlumniDatabase, to pages: Int?) throws {
        try database.writer.writeWithoutTransaction { db in
            let count = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages ?? count)")
        }
    }

    @Test func aFullDiskIsOneStorageFaultThatLosesNothingAndPassesWhenRoomComesBack() throws {
        let test = try TestDatabase()
        _ = try test.add("Åse", "Ødegård")
        try limitPages(test.database, to: nil)
        var added = 0
        let fault = try #require(
            throws: StorageFault.self,
            performing: {
                for number in 1...5_000 {
                    _ = try test.add("Bo", "Berg \(number)", kind: .customer)
                    added += 1
                }
            })
        #expect(fault.kind == .full)
        #expect(fault.description.contains("the disk holding \(test.database.path) is full"))
        #expect(test.database.writeFault() == fault, "writes are failing")
        // Reads still work, and every write before the failing one is there, whole.
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == added + 1)

        try limitPages(test.database, to: 1_000_000)
        _ = try test.add("Cai", "After")
        #expect(test.database.writeFault() == nil, "a write that succeeds ends the fault")
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == added + 2)
        let check = try test.database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }

    @Test func aFaultIsForgottenAfterAWhileWithoutWritesSoALoadBalancerTriesAgain() throws {
        let test = try TestDatabase()
        try limitPages(test.database, to: nil)
        #expect(throws: StorageFault.self) {
            for number in 1...5_000 { _ = try test.add("Bo", "Berg \(number)", kind: .customer) }
        }
        #expect(test.database.writeFault() != nil)
        test.clock.advance(11)
        #expect(test.database.writeFault() == nil)
    }

    @Test func aDamagedFileIsToldAsThatNamingTheFileAndTheWayBack() throws {
        let test = try TestDatabase()
        let path = test.folder.appendingPathComponent("damaged.sqlite").path
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let fault = try #require(throws: StorageFault.self) { try AlumniDatabase.open(path: path) }
        #expect(fault.kind == .damaged)
        #expect(fault.description.contains("the database file \(path) is damaged"))
        #expect(fault.description.contains("alumni restore"))
    }
}
