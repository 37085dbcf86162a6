import AlumniCore
import Foundation

/// The desk's report through `Store`.
extension Store {
    /// Per type and month of arrival between `from` and `to` (inclusive days): inquiries opened
    /// and closed, times to first response and to resolution, share on time; per month over all
    /// those types; and per type and owner what is overdue and silent now. Only the types
    /// `actor` may see are counted (of `types`, refused when it names one they may not).
    public func inquiryReport(
        from: CalendarDate?, to: CalendarDate?, types: [InquiryType]? = nil, as actor: Caller
    ) async throws -> InquiryReport {
        switch self {
        case .sqlite(let database): try database.inquiryReport(from: from, to: to, types: types, as: actor)
        case .postgres(let store): try await store.inquiryReport(from: from, to: to, types: types, as: actor)
        }
    }
}

extension Store {
    /// The report over the last `months` calendar months, this one included, for `types` (nil:
    /// every type `caller` may see): inquiries, farewells and check-ins, retention, farewell answers.
    public func report(months: Int, types: [InquiryType]? = nil, as caller: Caller) async throws -> AlumniReport {
        switch self {
        case .sqlite(let database): try database.report(months: months, types: types, as: caller)
        case .postgres(let store): try await store.report(months: months, types: types, as: caller)
        }
    }

    /// The report from `from` through `to` (days of arrival), for `types`.
    public func report(from: CalendarDate, to: CalendarDate, types: [InquiryType]? = nil, as caller: Caller)
        async throws -> AlumniReport
    {
        switch self {
        case .sqlite(let database): try database.report(from: from, to: to, types: types, as: caller)
        case .postgres(let store): try await store.report(from: from, to: to, types: types, as: caller)
        }
    }
}
