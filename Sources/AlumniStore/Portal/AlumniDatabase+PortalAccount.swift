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

extension PortalDetails {
    /// The fields of the person's record the details change.
    var patch: PersonFields {
        PersonFields(givenName: givenName, familyName: familyName, phone: phone, address: address, language: language)
    }

    static let preferredChannelSQL = "UPDATE person SET preferred_channel = ? WHERE id = ?"

    /// The preference change of a new preferred channel, if the details change it.
    func channelChange(from current: Person, actor: String, at now: Date) -> PreferenceChange? {
        guard let channel = preferredChannel, channel != current.preferredChannel else { return nil }
        return PreferenceChange(
            subject: .preferredChannel, channel: channel, value: channel.rawValue, source: AlumniDatabase.portalSource,
            actor: actor, at: now)
    }

    /// A new address as typed, trimmed; refused unless it is one.
    static func newAddress(_ typed: String) throws -> String {
        let address = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EmailAddress.isValid(address) else {
            throw ValidationFailure([FieldError(field: "email", reason: "'\(address)' is not a valid email address")])
        }
        return address
    }

    /// Refuses an address that is the person's already.
    static func check(_ address: String, isNewFor person: Person) throws {
        guard address.lowercased() != person.fields.email?.lowercased() else {
            throw ValidationFailure([FieldError(field: "email", reason: "is already your address")])
        }
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
        let actor = PortalRows.actor(personId)
        return try write { db in
            try update(id: personId, with: details.patch, action: "person.updated", actor: actor, in: db)
            let current = try PersonRows.fetch(id: personId, in: db)
            if let change = details.channelChange(from: current, actor: actor, at: clock.now()) {
                try db.execute(sql: PortalDetails.preferredChannelSQL, arguments: [change.channel, personId])
                try recordChange(change, personId: personId, in: db)
            }
            return try PersonRows.fetch(id: personId, in: db)
        }
    }

    /// The person asks to be written to at `newEmail`: a link to confirm it goes to that
    /// address (superseding any earlier one); nothing changes until it is pressed.
    public func requestEmailChange(
        personId: Int64, newEmail: String, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) throws {
        let address = try PortalDetails.newAddress(newEmail)
        let now = clock.now()
        let key = try linkSigningKey()
        try write { db in
            let person = try PersonRows.fetch(id: personId, in: db)
            try PortalDetails.check(address, isNewFor: person)
            try db.execute(
                sql: PortalRows.supersedeLinksSQL, arguments: [personId, PortalLinkMail.Purpose.emailChange.rawValue])
            let (token, idHash) = PortalToken.make(key: key)
            let expires = now.addingTimeInterval(policy.emailChangeLifetime)
            try db.execute(
                sql: PortalRows.insertLinkSQL,
                arguments: StatementArguments(
                    PortalRows.linkValues(
                        idHash: idHash, personId: personId, purpose: .emailChange, newEmail: address, now: now,
                        expires: expires)))
            let mail = PortalLinkMail(
                purpose: .emailChange, person: person, address: address, token: token, expires: expires)
            if let message = try renderer?.message(for: mail, now: now) { _ = try enqueue(message, at: now, in: db) }
            try AuditLog.record(
                "portal.email-change-requested", personId: personId, actor: PortalRows.actor(personId), at: now,
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
            try db.execute(sql: PortalRows.useLinkSQL, arguments: [now.stored, idHash])
            let before = try update(
                id: personId, with: PersonFields(email: newEmail), action: "person.updated",
                actor: PortalRows.actor(personId), in: db)
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
                try pensionArrangements(personId: personId, reader: PortalRows.actor(personId), in: db)
            )
        }
    }

    /// What the person chose on their preference page in the portal. Signed in, they may also
    /// give consent and lift do-not-contact, which a link alone may not.
    public func applyPortalPreferences(personId: Int64, _ choice: PreferenceChoice) throws {
        _ = try applyPreferenceChoice(
            personId: personId, choice, source: Self.portalSource, actor: PortalRows.actor(personId), mayGrant: true)
    }

    /// The person's preferences, for their page.
    public func portalPreferences(personId: Int64) throws -> ContactPreferences {
        try writer.read { db in try preferences(personId: personId, in: db) }
    }

    /// Everything held about the person, as `alumni people data` gives it (which holds no
    /// staff notes: those are on inquiries); the copy is audited as a data export.
    public func portalDataCopy(personId: Int64) throws -> PersonDataExport {
        try dataExport(personId: personId, actor: PortalRows.actor(personId))
    }
}
