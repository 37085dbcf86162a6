import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Keeps of person `id` only what old pension questions and certificates need — name,
    /// reference, kind, dates, employment periods and pension arrangements — inside the caller's
    /// transaction: contact details, address, tags, notes, sentiment and departure reason go,
    /// with consent history older than `since`, the words of closed inquiries and the files
    /// attached to them, the messages sent to them and the mail they sent; portal sessions and
    /// links end (there is no address left to sign in with).
    func minimisePerson(id: Int64, since: Date, now: Date, in db: Database) throws {
        let person = try PersonRows.fetch(id: id, in: db)
        guard person.erasedAt == nil else { return }
        let words = try Self.wordsAbout(person, in: db)
        try db.execute(
            sql: RetentionRows.minimiseSQL,
            arguments: StatementArguments(RetentionRows.minimiseValues(person, now: now)))
        // Retention applies only without open inquiries: every inquiry here is closed.
        let said = try Self.messagesAndMail(personId: id, in: db)
        try Self.run(
            RetentionRows.minimiseStatements(personId: id, since: since) + ErasureRows.inquiryWordsSQL(personId: id)
                + said.mail + ErasureRows.messagesSQL(toThem: said.toThem, alerts: said.alerts)
                + [RetentionRows.bouncesStatement(personId: id)], in: db)
        try Self.forgetResponses(showing: words, in: db)
    }
}
