import AlumniCore
import AlumniStore
import Hummingbird

/// `/api/v1/calendar`: public holidays and the business-day arithmetic deadlines use.
struct CalendarController {
    let store: Store
    var access: Access { Access(store: store) }

    struct Result: Encodable {
        var date: CalendarDate
        var weekday: Int
    }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("calendar/holidays", use: holidays)
        group.get("calendar/add", use: add)
    }

    private func country(_ query: Query) async throws -> HolidayCountry {
        if let country = try query.value("country", as: HolidayCountry.self) { return country }
        return try await store.settings().calendarCountry
    }

    @Sendable func holidays(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await access.require(.readCalendar, request, context)
        let query = Query(request)
        guard let year = try query.int("year", range: HolidayCountry.supportedYears) else {
            throw Query.invalid("year", "is required")
        }
        return try APIResponse.json(try await country(query).holidays(in: year))
    }

    @Sendable func add(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await access.require(.readCalendar, request, context)
        let query = Query(request)
        guard let from = try query.date("from") else { throw Query.invalid("from", "is required") }
        let businessDays = try query.int("businessDays", range: CalendarSum.businessDays)
        let months = try query.int("months", range: CalendarSum.months)
        guard (businessDays == nil) != (months == nil) else {
            // Each parameter is well formed on its own; together they break a rule: 422.
            throw Problem(
                .unprocessableContent, detail: "give either businessDays or months",
                errors: [FieldError(field: "businessDays", reason: "give either businessDays or months")])
        }
        let organisation = try await store.businessCalendar()
        let calendar = BusinessCalendar(
            country: try await country(query), timeZone: organisation.timeZone, closingDays: organisation.closingDays)
        let span: DeadlineSpan = businessDays.map { .businessDays($0) } ?? .months(months!)
        let end: CalendarDate
        do {
            end = try CalendarSum.end(of: span, from: from, in: calendar)
        } catch {
            // Well-formed dates and counts whose sum leaves the years the holidays are known for: 422.
            let field =
                if case .startOutsideKnownYears = error { "from" } else {
                    businessDays == nil ? "months" : "businessDays"
                }
            throw Problem(
                .unprocessableContent, detail: "\(field): \(error)",
                errors: [FieldError(field: field, reason: error.description)])
        }
        return try APIResponse.json(Result(date: end, weekday: end.isoWeekday))
    }
}
