import Foundation

/// A time zone as a VTIMEZONE component: every change of offset between two instants as an
/// observance of its own (STANDARD or DAYLIGHT), starting with the one in force at the first.
struct TimeZoneComponent {
    let zone: TimeZone

    /// The component for events between `from` and `to`.
    func write(from: Date, to: Date, into calendar: inout ICalendarText) {
        calendar.line("BEGIN", "VTIMEZONE")
        calendar.line("TZID", zone.identifier)
        // The offset in force at `from` began at its last transition, or (with none) long ago.
        var start = transition(before: from) ?? Date(timeIntervalSince1970: 0)
        observance(at: start, into: &calendar)
        while let next = zone.nextDaylightSavingTimeTransition(after: start), next <= to {
            observance(at: next, into: &calendar)
            start = next
        }
        calendar.line("END", "VTIMEZONE")
    }

    /// The observance that begins at `instant`: the offsets before and after it, its local start.
    private func observance(at instant: Date, into calendar: inout ICalendarText) {
        let before = zone.secondsFromGMT(for: instant.addingTimeInterval(-1))
        let after = zone.secondsFromGMT(for: instant)
        let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
        calendar.line("BEGIN", kind)
        // DTSTART is local time as it read before the change.
        calendar.line(
            "DTSTART", ICalendarText.stamp(instant, in: TimeZone(secondsFromGMT: before) ?? zone))
        calendar.line("TZOFFSETFROM", Self.offset(before))
        calendar.line("TZOFFSETTO", Self.offset(after))
        if let name = zone.abbreviation(for: instant) { calendar.text("TZNAME", name) }
        calendar.line("END", kind)
    }

    /// The last change of offset before `instant`, within the two years before it.
    private func transition(before instant: Date) -> Date? {
        var cursor = instant.addingTimeInterval(-2 * 366 * 86_400)
        var last: Date?
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= instant {
            last = next
            cursor = next
        }
        return last
    }

    /// `+0100`, `-0530`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d%02d", sign, minutes / 60, minutes % 60)
    }
}
