import AlumniCore
@_spi(RawDatabase) import AlumniStore
import Foundation
import Testing

@Suite struct PortalStoreTests {
    @Test func minimisationRemovesTheFilesAPersonAttachedAndEndsTheirPortalSessions() throws {
        let test = try TestDatabase()
        // Recorded long after leaving, as an import of history is: no farewell is pending.
        test.clock.set("2020-06-01 09:00")
        let person = try test.add("Old", "Employee", kind: .employee)
        _ = try test.database.recordDeparture(
            id: person.id, left: CalendarDate(iso: "2019-01-31")!, reason: "moved", actor: "hr")
        let asked = try test.database.askInPortal(
            personId: person.id, topic: .pension, text: "My slips",
            files: [UploadedFile(filename: "slip.pdf", data: Data("%PDF-1.4\n".utf8))])
        _ = try test.database.close(inquiry: asked.inquiry.id, resolution: "Answered", actor: "hr")
        #expect(try test.database.dataExport(personId: person.id, as: "test").attachments.count == 1)

        test.clock.set("2026-11-18 09:00")
        #expect(try test.database.runRetention().minimised == 1)
        #expect(try test.database.dataExport(personId: person.id, as: "test").attachments.isEmpty)
        let stored = try test.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inquiry_attachment") ?? -1
        }
        #expect(stored == 0)
    }
}
