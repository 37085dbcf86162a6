import AlumniCore
import Foundation

/// Everything a caseworker sees on one inquiry.
public struct InquiryDetails: Sendable, Encodable {
    /// A deadline and how it stands, in words ("due in 2d 4h", "met late").
    public struct Deadline: Sendable, Encodable {
        public var due: Date
        public var state: String
    }

    public var inquiry: Inquiry
    public var person: Person
    public var thread: [InquiryEvent]
    public var firstResponse: Deadline
    public var resolution: Deadline
    public var silent: Bool
    /// For pension inquiries only: what the answer depends on.
    public var employmentPeriods: [EmploymentPeriod]?
    public var pensionArrangements: [PensionArrangement]?
}

extension AlumniDatabase {
    /// The inquiry with its person, thread and deadline states, if `actor` may read it; for
    /// pension inquiries also the person's employment periods and pension arrangements, for an
    /// actor who may read restricted data (the read audited).
    public func inquiryDetails(id: Int64, as actor: Caller) throws -> InquiryDetails {
        let now = clock.now()
        let inquiry = try inquiry(id: id, as: actor)
        let pension = inquiry.type == .pension && actor.may(.readRestricted)
        return InquiryDetails(
            inquiry: inquiry, person: try person(id: inquiry.personId), thread: try thread(ofInquiry: id),
            firstResponse: .init(
                due: inquiry.deadlines.firstResponseDue, state: inquiry.firstResponseState(now: now).describe(now: now)),
            resolution: .init(
                due: inquiry.deadlines.resolutionDue, state: inquiry.resolutionState(now: now).describe(now: now)),
            silent: inquiry.isSilent(now: now),
            employmentPeriods: pension ? try employmentPeriods(personId: inquiry.personId, as: actor) : nil,
            pensionArrangements: pension ? try pensionArrangements(personId: inquiry.personId, as: actor) : nil)
    }
}
