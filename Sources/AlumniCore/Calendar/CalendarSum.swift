/// A date plus a span, as `alumni calendar add` and the API's `calendar/add` answer it: only
/// where the answer can be trusted, from a start and to an end whose holidays are known
/// (``HolidayCountry/supportedYears``), and for spans no deadline comes near.
public enum CalendarSum {
    /// The longest spans asked about: about 40 years of business days, 100 years of months.
    public static let businessDays = 0...10_000
    public static let months = 0...1_200

    /// Why a sum has no trustworthy answer.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case startOutsideKnownYears(CalendarDate)
        case spanTooLong(DeadlineSpan)
        case endOutsideKnownYears(CalendarDate)

        public var description: String {
            let years = "\(HolidayCountry.supportedYears.lowerBound)–\(HolidayCountry.supportedYears.upperBound)"
            return switch self {
            case .startOutsideKnownYears(let start): "\(start) is outside \(years), the years whose holidays are known"
            case .spanTooLong: "at most \(Self.limit)"
            case .endOutsideKnownYears(let end):
                "it would end on \(end), after the years whose holidays are known (\(years))"
            }
        }

        private static var limit: String {
            "\(CalendarSum.businessDays.upperBound) business days or \(CalendarSum.months.upperBound) months"
        }
    }

    /// The last day of `span` from `start` in `calendar`.
    public static func end(of span: DeadlineSpan, from start: CalendarDate, in calendar: BusinessCalendar)
        throws(Refusal) -> CalendarDate
    {
        guard HolidayCountry.supportedYears.contains(start.year) else { throw .startOutsideKnownYears(start) }
        switch span {
        case .businessDays(let count) where !businessDays.contains(count): throw .spanTooLong(span)
        case .months(let count) where !months.contains(count): throw .spanTooLong(span)
        default: break
        }
        let end = span.end(from: start, in: calendar)
        guard HolidayCountry.supportedYears.contains(end.year) else { throw .endOutsideKnownYears(end) }
        return end
    }
}
