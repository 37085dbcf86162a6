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
        var kept = PersonFields()
        kept.givenName = person.fields.givenName
        kept.familyName = person.fields.familyName
        try db.execute(
            sql: """
                UPDATE person SET email = NULL, phone = NULL, address = NULL, departure_reason = NULL,
                    contact_note = NULL, preferred_channel = NULL, sentiment = NULL, search_text = ?,
                    link_version = link_version + 1, email_undeliverable_at = NULL, email_undeliverable_reason = NULL,
                    unreachable_since = NULL, minimised_at = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [PersonRows.searchText(of: kept), now.stored, now.stored, id])
        for table in ["person_tag", "inquiry_attachment", "portal_session", "portal_link"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [id])
        }
        try db.execute(
            sql: "DELETE FROM preference_change WHERE person_id = ? AND at < ?", arguments: [id, since.stored])
        try db.execute(sql: "UPDATE farewell_feedback SET words = NULL WHERE person_id = ?", arguments: [id])
        // Retention applies only without open inquiries: every inquiry here is closed.
        let said = try Self.messagesAndMail(personId: id, in: db)
        try Self.run(
            ErasureRows.inquiryWordsSQL(personId: id) + said.mail
                + ErasureRows.messagesSQL(toThem: said.toThem, alerts: said.alerts), in: db)
        try db.execute(sql: "DELETE FROM mail_bounce WHERE person_id = ?", arguments: [id])
        try Self.forgetResponses(showing: words, in: db)
    }
}
