import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// The version to sign into person `personId`'s preference link (and unsubscribe link for
    /// `topic`) that `actor` hands out by hand; the handing out is audited. Refused for an erased
    /// person, and for an actor who may not change people.
    public func issuePreferenceLink(personId: Int64, topic: ContactTopic?, actor: Caller) throws -> Int {
        try authorize(.writePeople, actor, personId: personId)
        return try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            guard person.erasedAt == nil, let version = try linkVersions(of: [personId], in: db)[personId] else {
                throw SelfServiceRows.erased(personId)
            }
            try AuditLog.record(
                "preferences.link-issued", personId: personId, actor: actor.name, at: clock.now(),
                detail: topic?.rawValue, in: db)
            return version
        }
    }

    /// Queues an e-mail with a fresh preference-page link to person `personId` (asked for from
    /// an unsubscribe page: the link goes to their own address, never to whoever asks). Nothing
    /// is queued for an erased person, one without an address or one who asked not to be
    /// contacted, nor more than once an hour. Returns whether a message was queued.
    @discardableResult
    public func sendPreferenceLink(personId: Int64, renderer: any PreferenceLinkRenderer) throws -> Bool {
        try write { db in
            let now = clock.now()
            let person = try PersonRows.fetch(id: personId, in: db)
            guard SelfServiceRows.mayBeSentLinks(person),
                let version = try linkVersions(of: [personId], in: db)[personId],
                var message = try renderer.message(for: person, linkVersion: version, now: now)
            else { return false }
            message.dedupeKey = SelfServiceRows.preferenceLinkKey(personId: personId, now: now)
            guard try enqueue(message, at: now, in: db) != nil else { return false }
            try AuditLog.record(
                "prefs.link-sent", personId: personId, actor: Self.personActor, at: now, detail: nil, in: db)
            return true
        }
    }
}
