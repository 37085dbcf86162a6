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

extension InquiryDetails {
    /// The details of `inquiry` at `now`: how each deadline stands, in words.
    init(
        _ inquiry: Inquiry, person: Person, thread: [InquiryEvent], now: Date,
        employmentPeriods: [EmploymentPeriod]?, pensionArrangements: [PensionArrangement]?
    ) {
        self.init(
            inquiry: inquiry, person: person, thread: thread,
            firstResponse: .init(
                due: inquiry.deadlines.firstResponseDue, state: inquiry.firstResponseState(now: now).describe(now: now)),
            resolution: .init(
                due: inquiry.deadlines.resolutionDue, state: inquiry.resolutionState(now: now).describe(now: now)),
            silent: inquiry.isSilent(now: now), employmentPeriods: employmentPeriods,
            pensionArrangements: pensionArrangements)
    }

    /// Whether `actor` sees the person's employment and pension data with `inquiry`: on pension
    /// inquiries, for those who may read restricted data.
    static func showsPension(_ inquiry: Inquiry, to actor: Caller) -> Bool {
        inquiry.type == .pension && actor.may(.readRestricted)
    }
}

extension AlumniDatabase {
    /// The inquiry with its person, thread and deadline states, if `actor` may read it; for
    /// pension inquiries also the person's employment periods and pension arrangements, for an
    /// actor who may read restricted data (the read audited).
    public func inquiryDetails(id: Int64, as actor: Caller) throws -> InquiryDetails {
        let now = clock.now()
        let inquiry = try inquiry(id: id, as: actor)
        let pension = InquiryDetails.showsPension(inquiry, to: actor)
        return InquiryDetails(
            inquiry, person: try person(id: inquiry.personId), thread: try thread(ofInquiry: id), now: now,
            employmentPeriods: pension ? try employmentPeriods(personId: inquiry.personId, as: actor) : nil,
            pensionArrangements: pension ? try pensionArrangements(personId: inquiry.personId, as: actor) : nil)
    }
}
