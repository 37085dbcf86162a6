import AlumniCore
import AlumniStore
import Foundation
import GRDB
import Testing

@Suite struct BackupTests {
    /// The references of the people in the backup at `url`, after checking it is sound.
    private func references(in url: URL) throws -> [Int] {
        let copy = try DatabaseQueue(path: url.path)
        defer { try? copy.close() }
        return try copy.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            return try String.fetchAll(db, sql: "SELECT external_ref FROM person WHERE external_ref LIKE 'W-%'")
                .compactMap { Int($0.dropFirst(2)) }.sorted()
        }
    }

    @Test func backupsTakenWhileAWriterWritesAreSoundAndHoldAPrefixOfTheWrites() async throws {
        let test = try TestDatabase()
        let database = test.database
        // The writer says how far it got every 50 people; each backup waits for the next word,
        // so every copy is taken while writes go on, without a timer.
        let (progress, reached) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let writer = Task.detached {
            defer { reached.finish() }
            var written = 0
            while !Task.isCancelled && written < 100_000 {
                written += 1
                if written % 50 == 0 { reached.yield(written) }
                let person = try database.addPerson(
                    PersonFields(
                        givenName: "W", familyName: "\(written)", kind: .customer, externalRef: "W-\(written)"),
                    actor: "writer")
                if written % 2 == 0 {
                    _ = try database.openInquiry(
                        NewInquiry(personId: person.id, type: .general, subject: "Question \(written)"), actor: "writer"
                    )
                }
            }
            return written
        }
        var backups: [URL] = []
        var milestones = progress.makeAsyncIterator()
        for number in 1...6 {
            _ = await milestones.next()
            let url = test.folder.appendingPathComponent("backup-\(number).sqlite")
            _ = try database.backup(to: url)
            backups.append(url)
        }
        writer.cancel()
        let written = try await writer.value
        #expect(try database.inquiries(matching: InquiryQuery(), as: "test").total > 0, "the writer opened inquiries")
        var sizes: [Int] = []
        for url in backups {
            // Each restores to a sound database holding a prefix of the writes.
            let restoredPath = test.folder.appendingPathComponent("restored-\(url.lastPathComponent)").path
            _ = try DatabaseRestore.restore(backup: url, over: restoredPath, now: TestDatabase.now)
            let refs = try references(in: URL(fileURLWithPath: restoredPath))
            let inquiries = try await DatabaseQueue(path: restoredPath).read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inquiry") ?? 0
            }
            // Every second person gets an inquiry right after being added: the newest may not have it yet.
            #expect(max(0, refs.count / 2 - 1)...(refs.count / 2) ~= inquiries, "the inquiries of the copy's people")
            #expect(refs == Array(stride(from: 1, through: refs.count, by: 1)), "a prefix of the writes")
            sizes.append(refs.count)
        }
        #expect(sizes == sizes.sorted(), "later backups hold more")
        #expect(sizes.last! > 0 && sizes.last! <= written)
        let left = try FileManager.default.contentsOfDirectory(atPath: test.folder.path).filter {
            $0.hasSuffix(".partial")
        }
        #expect(left.isEmpty)
    }

    @Test func aBackupThatFailsBeforeItIsCompleteLeavesNoFile() throws {
        let test = try TestDatabase()
        _ = try test.add("Åse", "Ødegård")
        let url = test.folder.appendingPathComponent("backup.sqlite")
        #expect(throws: CocoaError.self) {
            try test.database.backup(to: url, beforeRename: { throw CocoaError(.userCancelled) })
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: test.folder.path).allSatisfy {
                $0.hasPrefix("test.sqlite")
            })
    }

    @Test func aBackupFolderKeepsTheNewestBackups() throws {
        let test = try TestDatabase()
        let folder = test.folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let backups = BackupFolder(folder: folder, keep: 2)
        var removed: [String] = []
        var written: [URL] = []
        for _ in 1...4 {
            written.append(backups.file(at: test.clock.now()))
            removed += try test.database.backup(into: backups).removed
            test.clock.advance(86_400)
        }
        #expect(try backups.backups() == Array(written.suffix(2)), "the newest two, oldest first")
        #expect(removed == written.prefix(2).map(\.path))
    }

    @Test func aRestoreReplacesTheDatabaseKeepsTheOldOneAndIsRefusedUnderAServer() throws {
        let test = try TestDatabase()
        _ = try test.add("Åse", "Ødegård")
        let backup = test.folder.appendingPathComponent("backup.sqlite")
        _ = try test.database.backup(to: backup)
        _ = try test.add("Later", "Person")
        try test.database.close()
        let path = test.folder.appendingPathComponent("test.sqlite").path

        do {
            let serving = try ServerLock.serving(path)
            #expect(throws: BackupError.self) {
                try DatabaseRestore.restore(backup: backup, over: path, now: TestDatabase.now)
            }
            withExtendedLifetime(serving) {}
        }
        let report = try DatabaseRestore.restore(backup: backup, over: path, now: TestDatabase.now)
        let restored = try AlumniDatabase.open(path: path)
        #expect(try restored.people(matching: PersonQuery(), as: "test").items.map(\.fields.familyName) == ["Ødegård"])
        try restored.close()
        let kept = try AlumniDatabase.open(path: try #require(report.replacedKeptAt))
        #expect(try kept.people(matching: PersonQuery(), as: "test").total == 2, "the replaced database is kept whole")
        try kept.close()
    }

    @Test func aRestoreRefusesWhatIsNotASoundAlumniDeskBackup() throws {
        let test = try TestDatabase()
        let path = test.folder.appendingPathComponent("test.sqlite").path
        let other = test.folder.appendingPathComponent("other.sqlite")
        try DatabaseQueue(path: other.path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: BackupError("other.sqlite is not an Alumni Desk database")) {
            try DatabaseRestore.restore(backup: other, over: path, now: TestDatabase.now)
        }
        let newer = test.folder.appendingPathComponent("newer.sqlite")
        _ = try test.database.backup(to: newer)
        try DatabaseQueue(path: newer.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: BackupError.self) {
            try DatabaseRestore.restore(backup: newer, over: path, now: TestDatabase.now)
        }
        let garbage = try test.file("garbage.sqlite", String(repeating: "not a database ", count: 500))
        #expect(throws: (any Error).self) {
            try DatabaseRestore.restore(backup: garbage, over: path, now: TestDatabase.now)
        }
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == 0, "the database was left alone")
    }

    @Test func theDailyBackupIsAtItsTimeInTheOrganisationsZone() throws {
        let schedule = try #require(DailyTime("03:00"))
        let zone = TimeZone(identifier: "Europe/Oslo")!
        let evening = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 ~21:46 in Oslo
        #expect(schedule.next(after: evening, in: zone).timeIntervalSince(evening) < 24 * 3600)
        let next = schedule.next(after: evening, in: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        #expect(calendar.component(.hour, from: next) == 3)
        #expect(schedule.next(after: next, in: zone).timeIntervalSince(next) == 24 * 3600)
    }
}
