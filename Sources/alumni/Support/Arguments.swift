import AlumniCore
import ArgumentParser
import Foundation

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public static var defaultCompletionKind: CompletionKind { .default }
}

extension PersonKind: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension Sentiment: ExpressibleByArgument {}
extension ContactTopic: ExpressibleByArgument {}
extension ContactChannel: ExpressibleByArgument {}

extension InquiryType: ExpressibleByArgument {}
extension InquiryStatus: ExpressibleByArgument {}
extension InquiryChannel: ExpressibleByArgument {}
extension HolidayCountry: ExpressibleByArgument {}

extension DeadlineSpan: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// A time typed on the command line, read in the organisation's time zone once the database is open.
struct TimeArgument: ExpressibleByArgument {
    let text: String

    init?(argument: String) { text = argument }

    /// The instant, or an error that names `option`.
    func instant(in calendar: BusinessCalendar, option: String) throws -> Date {
        guard let instant = TimeParsing.instant(text, in: calendar) else {
            throw ValidationError(
                "\(option): '\(text)' is not a date or time (2026-11-20, 2026-11-20T14:30 or ISO 8601)")
        }
        return instant
    }
}
