import AlumniCore
import Foundation

/// What a person sees and changes about themselves in the portal, and the farewell feedback
/// page, through `Store`.
extension Store {
    /// The person changes their own details.
    @discardableResult
    public func updateDetailsInPortal(personId: Int64, _ details: PortalDetails) async throws -> Person {
        switch self {
        case .sqlite(let database): try database.updateDetailsInPortal(personId: personId, details)
        case .postgres(let store): try await store.updateDetailsInPortal(personId: personId, details)
        }
    }

    /// The person asks to be written to at `newEmail`: a link to confirm it goes there.
    public func requestEmailChange(
        personId: Int64, newEmail: String, renderer: (any PortalMessageRenderer)?, policy: PortalPolicy
    ) async throws {
        switch self {
        case .sqlite(let database):
            try database.requestEmailChange(personId: personId, newEmail: newEmail, renderer: renderer, policy: policy)
        case .postgres(let store):
            try await store.requestEmailChange(
                personId: personId, newEmail: newEmail, renderer: renderer, policy: policy)
        }
    }

    /// The person's employment periods and pension arrangements; the pension read is audited.
    public func portalEmployment(personId: Int64) async throws -> (
        periods: [EmploymentPeriod], pensions: [PensionArrangement]
    ) {
        switch self {
        case .sqlite(let database): try database.portalEmployment(personId: personId)
        case .postgres(let store): try await store.portalEmployment(personId: personId)
        }
    }

    /// What the person chose on their preference page, signed in (consents may be given).
    public func applyPortalPreferences(personId: Int64, _ choice: PreferenceChoice) async throws {
        switch self {
        case .sqlite(let database): try database.applyPortalPreferences(personId: personId, choice)
        case .postgres(let store): try await store.applyPortalPreferences(personId: personId, choice)
        }
    }

    /// The person's preferences, for their page.
    public func portalPreferences(personId: Int64) async throws -> ContactPreferences {
        switch self {
        case .sqlite(let database): try database.portalPreferences(personId: personId)
        case .postgres(let store): try await store.portalPreferences(personId: personId)
        }
    }

    /// Everything held about the person; the copy is audited as a data export.
    public func portalDataCopy(personId: Int64) async throws -> PersonDataExport {
        switch self {
        case .sqlite(let database): try database.portalDataCopy(personId: personId)
        case .postgres(let store): try await store.portalDataCopy(personId: personId)
        }
    }

    /// The newest `limit` messages sent to the person, newest first, after `before` (an id) when given.
    public func portalMessages(personId: Int64, limit: Int = 50, before: Int64? = nil) async throws -> [PortalMessage] {
        switch self {
        case .sqlite(let database): try database.portalMessages(personId: personId, limit: limit, before: before)
        case .postgres(let store): try await store.portalMessages(personId: personId, limit: limit, before: before)
        }
    }

    /// One message sent to the person; another's is not found.
    public func portalMessage(id: Int64, personId: Int64) async throws -> PortalMessage {
        switch self {
        case .sqlite(let database): try database.portalMessage(id: id, personId: personId)
        case .postgres(let store): try await store.portalMessage(id: id, personId: personId)
        }
    }

    /// The farewell `planId` of person `personId` for its feedback page, and what they said before.
    public func farewellFeedbackPage(planId: Int64, personId: Int64) async throws -> (
        person: Person, recorded: RecordedFeedback?
    ) {
        switch self {
        case .sqlite(let database): try database.farewellFeedbackPage(planId: planId, personId: personId)
        case .postgres(let store): try await store.farewellFeedbackPage(planId: planId, personId: personId)
        }
    }

    /// Records (or changes) what the person said about leaving.
    public func recordFarewellFeedback(_ answer: FarewellFeedback, planId: Int64, personId: Int64) async throws {
        switch self {
        case .sqlite(let database): try database.recordFarewellFeedback(answer, planId: planId, personId: personId)
        case .postgres(let store): try await store.recordFarewellFeedback(answer, planId: planId, personId: personId)
        }
    }
}
