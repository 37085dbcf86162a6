import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// What a signed-in person sees and changes about themselves in the portal, on PostgreSQL:
/// their details and address, records, preferences, messages and a copy of their data, by the
/// rules and SQL SQLite's store uses.
extension PostgresStore {
    /// The person changes their own details; the preferred channel is recorded in their
    /// preference history with source `portal`.
    public func updateDetailsInPortal(personId: Int64, _ details: PortalDetails) async throws -> Person {
        let actor = PortalRows.actor(personId)
        return try await transaction { connection in
            try await update(id: personId, with: details.patch, action: "person.updated", actor: actor, on: connection)
            let current = try await person(id: personId, on: connection)
            if let change = details.channelChange(from: current, actor: actor, at: clock.now()) {
                _ = try await rows(PortalDetails.preferredChannelSQL, [change.channel, personId], on: connection)
                try await record(change, personId: personId, on: connection)
            }
            return try await person(id: personId, on: connection)
        }
    }

    /// The person asks to be written to at `newEmail`: a link to confirm it goes there.
    public func requestEmailChange(
        personId: Int64, newEmail: String, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) async throws {
        let address = try PortalDetails.newAddress(newEmail)
        let now = clock.now()
        let key = try await linkSigningKey()
        try await transaction { connection in
            let person = try await person(id: personId, on: connection)
            try PortalDetails.check(address, isNewFor: person)
            _ = try await rows(
                PortalRows.supersedeLinksSQL, [personId, PortalLinkMail.Purpose.emailChange.rawValue], on: connection)
            let (token, idHash) = PortalToken.make(key: key)
            let expires = now.addingTimeInterval(policy.emailChangeLifetime)
            _ = try await rows(
                PortalRows.insertLinkSQL,
                PortalRows.linkValues(
                    idHash: idHash, personId: personId, purpose: .emailChange, newEmail: address, now: now,
                    expires: expires), on: connection)
            let mail = PortalLinkMail(
                purpose: .emailChange, person: person, address: address, token: token, expires: expires)
            if let message = try renderer?.message(for: mail, now: now) {
                try await enqueue(message, at: now, on: connection)
            }
            try await audit(
                "portal.email-change-requested", personId: personId, actor: PortalRows.actor(personId), at: now,
                on: connection)
        }
    }

    /// Presses the link confirming a new address: the address changes and the old one is told.
    /// - Returns: the person whose address changed.
    @discardableResult
    public func confirmEmailChange(token: String, renderer: (any PortalMessageRenderer)?) async throws -> Int64 {
        let now = clock.now()
        return try await transaction { connection in
            let (row, idHash) = try await usableLink(token, on: connection)
            guard row["purpose"] as String == PortalLinkMail.Purpose.emailChange.rawValue,
                let newEmail = row["new_email"] as String?
            else { throw PortalLinkRefused.invalid }
            let personId: Int64 = row["person_id"]
            _ = try await rows(PortalRows.useLinkSQL, [now.stored, idHash], on: connection)
            let before = try await person(id: personId, on: connection)
            try await update(
                id: personId, with: PersonFields(email: newEmail), action: "person.updated",
                actor: PortalRows.actor(personId), on: connection)
            if let old = before.fields.email, let renderer,
                let message = try renderer.addressChangedMessage(
                    for: before, oldAddress: old, newAddress: newEmail, now: now)
            {
                try await enqueue(message, at: now, on: connection)
            }
            return personId
        }
    }

    /// The person's employment periods and pension arrangements; the pension read is audited.
    public func portalEmployment(personId: Int64) async throws -> (
        periods: [EmploymentPeriod], pensions: [PensionArrangement]
    ) {
        try await transaction { connection in
            try await audit(
                "pension.read", personId: personId, actor: PortalRows.actor(personId), at: clock.now(),
                on: connection)
            return (
                try await rows(EmploymentPeriod.ofPersonSQL, [personId], on: connection)
                    .map(EmploymentPeriod.init(row:)),
                try await rows(PensionArrangement.ofPersonSQL, [personId], on: connection)
                    .map(PensionArrangement.init(row:))
            )
        }
    }

    /// What the person chose on their preference page, signed in: they may also give consent
    /// and lift do-not-contact.
    public func applyPortalPreferences(personId: Int64, _ choice: PreferenceChoice) async throws {
        _ = try await applyPreferenceChoice(
            personId: personId, choice, source: AlumniDatabase.portalSource, actor: PortalRows.actor(personId),
            mayGrant: true)
    }

    /// The person's preferences, for their page.
    public func portalPreferences(personId: Int64) async throws -> ContactPreferences {
        try await snapshot { connection in
            try await preferences(of: try await person(id: personId, on: connection), on: connection)
        }
    }

    /// Everything held about the person; the copy is audited as a data export.
    public func portalDataCopy(personId: Int64) async throws -> PersonDataExport {
        try await dataExport(personId: personId, actor: PortalRows.actor(personId))
    }

    /// The newest `limit` messages sent to the person, newest first, after `before` (an id) when given.
    public func portalMessages(personId: Int64, limit: Int = 50, before: Int64? = nil) async throws
        -> [PortalMessage]
    {
        try await rows(AlumniDatabase.portalMessagesSQL, [personId, before ?? Int64.max, limit])
            .map(AlumniDatabase.portalMessage)
    }

    /// One message sent to the person; another's is not found.
    public func portalMessage(id: Int64, personId: Int64) async throws -> PortalMessage {
        guard let row = try await rows(AlumniDatabase.portalMessageSQL, [personId, id]).first else {
            throw StoreError.notFound("message #\(id)")
        }
        return AlumniDatabase.portalMessage(row)
    }
}
