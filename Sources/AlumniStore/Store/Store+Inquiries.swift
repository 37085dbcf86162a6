import AlumniCore
import Foundation

extension Store {
    /// Inquiry #`id`, if `actor` may read (or, with `write`, change) inquiries of its type; one
    /// they may not see is answered as missing.
    public func inquiry(id: Int64, as actor: Caller, write: Bool = false) async throws -> Inquiry {
        switch self {
        case .sqlite(let database): try database.inquiry(id: id, as: actor, write: write)
        case .postgres(let store): try await store.inquiry(id: id, as: actor, write: write)
        }
    }

    /// The inquiry's thread, oldest first, if `actor` may read the inquiry.
    public func thread(ofInquiry id: Int64, as actor: Caller) async throws -> [InquiryEvent] {
        switch self {
        case .sqlite(let database): try database.thread(ofInquiry: id, as: actor)
        case .postgres(let store): try await store.thread(ofInquiry: id, as: actor)
        }
    }

    /// One page of inquiries matching `query` as `actor` may see them, soonest deadline first.
    public func inquiries(matching query: InquiryQuery, as actor: Caller) async throws -> Page<Inquiry> {
        switch self {
        case .sqlite(let database): try database.inquiries(matching: query, as: actor)
        case .postgres(let store): try await store.inquiries(matching: query, as: actor)
        }
    }

    /// The inquiry with its person, thread and deadline states, if `actor` may read it; on
    /// pension inquiries the person's employment and pension data too, for those who may read
    /// it (the read audited).
    public func inquiryDetails(id: Int64, as actor: Caller) async throws -> InquiryDetails {
        let now = clock.now()
        let inquiry = try await inquiry(id: id, as: actor)
        let pension = InquiryDetails.showsPension(inquiry, to: actor)
        return InquiryDetails(
            inquiry, person: try await person(id: inquiry.personId), thread: try await thread(ofInquiry: id, as: actor),
            now: now,
            employmentPeriods: pension ? try await employmentPeriods(personId: inquiry.personId, as: actor) : nil,
            pensionArrangements: pension ? try await pensionArrangements(personId: inquiry.personId, as: actor) : nil)
    }

    /// Opens an inquiry, if `actor` may work on its type.
    public func openInquiry(_ new: NewInquiry, actor: Caller) async throws -> Inquiry {
        switch self {
        case .sqlite(let database): try database.openInquiry(new, actor: actor)
        case .postgres(let store): try await store.openInquiry(new, actor: actor)
        }
    }

    /// The organisation's business calendar.
    public func businessCalendar() async throws -> BusinessCalendar {
        switch self {
        case .sqlite(let database): try database.businessCalendar()
        case .postgres(let store): try await store.businessCalendar()
        }
    }

    /// How inquiries stand now: the clock, the calendar and the "due soon" setting.
    public func inquiryStanding() async throws -> InquiryStanding {
        switch self {
        case .sqlite(let database): try database.inquiryStanding()
        case .postgres(let store): try await store.inquiryStanding()
        }
    }

    /// Where "now" comes from.
    public var clock: any WallClock {
        switch self {
        case .sqlite(let database): database.clock
        case .postgres(let store): store.clock
        }
    }
}
