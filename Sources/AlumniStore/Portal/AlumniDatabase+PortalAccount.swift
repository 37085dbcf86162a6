import AlumniCore
import Foundation
import GRDB

/// What a person may change about themselves in the portal. An empty text clears the field.
public struct PortalDetails: Sendable, Equatable {
    public var givenName: String
    public var familyName: String
    public var phone: String
    public var address: String
    public var language: Language?
    public var preferredChannel: ContactChannel?

    public init(
        givenName: String, familyName: String, phone: String, address: String, language: Language?,
        preferredChannel: ContactChannel?
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.phone = phone
        self.address = address
        self.language = language
        self.preferredChannel = preferredChannel
    }
}

extension AlumniDatabase {
    /// The source preference changes made in the portal are recorded with.
    static let portalSource = "portal"

    /// The person's own record, as the portal shows it to them.
    public func portalPerson(personId: Int64) throws -> Person {
        try readStatement { db in try PersonRows.fetch(id: personId, in: db) }
    }

    /// The person changes their own details; audited with the portal as the actor, the
    /// preferred channel recorded in their preference history with source `portal`.
    public func updateDetailsInPortal(personId: Int64, _ details: PortalDetails) throws -> Person {
        let actor = Self.portalActor(personId)
        return try write { db in
            try update(
                id: personId,
                with: PersonFields(
                    givenName: details.givenName, familyName: details.familyName, phone: details.phone,
                    address: details.address, language: details.language),
                action: "person.updated", actor: actor, in: db)
            let current = try PersonRows.fetch(id: personId, in: db)
            if let channel = details.preferredChannel, channel != current.preferredChannel {
                let now = clock.now()
                try db.execute(
                    sql: "UPDATE person SET preferred_channel = ? WHERE id = ?", arguments: [channel, personId])
                try recordChange(
                    PreferenceChange(
                        subject: .preferredChannel, channel: channel, value: channel.rawValue,
                        source: Self.portalSource, actor: actor, at: now), personId: personId, in: db)
            }
            return try PersonRows.fetch(id: personId, in: db)
        }
    }

    /// The person asks to be written to at `newEmail`: a link to confirm it goes to that
    /// address (superseding any earlier one); nothing changes until it is pressed.
    public func requestEmailChange(
        personId: Int64, newEmail: String, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) throws {
        let address = newEmail.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EmailAddress.isValid(address) else {
            throw ValidationFailure([FieldError(field: "email", reason: "'\(address)' is not a valid email address")])
        }
        let now = clock.now()
        let key = try linkSigningKey()
        try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            guard address.lowercased() != person.fields.email?.lowercased() else {
                throw ValidationFailure([FieldError(field: "email", reason: "is already your address")])
            }
            try db.execute(
                sql: "DELETE FROM portal_link WHERE person_id = ? AND purpose = 'email-change' AND used_at IS NULL",
                arguments: [personId])
            let (token, idHash) = PortalToken.make(key: key)
            let expires = now.addingTimeInterval(policy.emailChangeLifetime)
            try db.execute(
                sql: """
                    INSERT INTO portal_link (id_hash, person_id, purpose, new_email, created_at, expires_at)
                    VALUES (?, ?, 'email-change', ?, ?, ?)
                    """, arguments: [idHash, personId, address, now.stored, expires.stored])
            let mail = PortalLinkMail(
                purpose: .emailChange, person: person, address: address, token: token, expires: expires)
            if let message = try renderer?.message(for: mail, now: now) { _ = try enqueue(message, at: now, in: db) }
            try AuditLog.record(
                "portal.email-change-requested", personId: personId, actor: Self.portalActor(personId), at: now,
                in: db)
        }
    }

    /// Presses the link confirming a new address: the person's address becomes the new one,
    /// and the old address is told, in one transaction.
    /// - Returns: the person whose address changed.
    @discardableResult
    public func confirmEmailChange(token: String, renderer: (any PortalMessageRenderer)?) throws -> Int64 {
        let now = clock.now()
        return try write { db in
            let (row, idHash) = try usableLink(token, in: db)
            guard row["purpose"] as String == PortalLinkMail.Purpose.emailChange.rawValue,
                let newEmail = row["new_email"] as String?
            else { throw PortalLinkRefused.invalid }
            let personId: Int64 = row["person_id"]
            try db.execute(
                sql: "UPDATE portal_link SET used_at = ? WHERE id_hash = ?", arguments: [now.stored, idHash])
            let before = try update(
                id: personId, with: PersonFields(email: newEmail), action: "person.updated",
                actor: Self.portalActor(personId), in: db)
            if let old = before.fields.email, let renderer,
                let message = try renderer.addressChangedMessage(
                    for: before, oldAddress: old, newAddress: newEmail, now: now)
            {
                _ = try enqueue(message, at: now, in: db)
            }
            return personId
        }
    }

    /// The person's employment periods and pension arrangements, for their own eyes; the read
    /// is audited as every pension read is.
    public func portalEmployment(personId: Int64) throws -> (
        periods: [EmploymentPeriod], pensions: [PensionArrangement]
    ) {
        try write { db in
            (
                try employmentPeriods(personId: personId, in: db),
                try pensionArrangements(personId: personId, reader: Self.portalActor(personId), in: db)
            )
        }
    }

    /// What the person chose on their preference page in the portal. Signed in, they may also
    /// give consent and lift do-not-contact, which a link alone may not.
    public func applyPortalPreferences(personId: Int64, _ choice: PreferenceChoice) throws {
        _ = try applyPreferenceChoice(
            personId: personId, choice, source: Self.portalSource, actor: Self.portalActor(personId), mayGrant: true)
    }

    /// The person's preferences, for their page.
    public func portalPreferences(personId: Int64) throws -> ContactPreferences {
        try writer.read { db in try preferences(personId: personId, in: db) }
    }

    /// Everything held about the person, as `alumni people data` gives it (which holds no
    /// staff notes: those are on inquiries); the copy is audited as a data export.
    public func portalDataCopy(personId: Int64) throws -> PersonDataExport {
        try dataExport(personId: personId, actor: Self.portalActor(personId))
    }
}
