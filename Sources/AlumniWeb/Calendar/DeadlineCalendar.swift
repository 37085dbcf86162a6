import AlumniCore
import Foundation

/// A staff member's open deadlines as an iCalendar feed (RFC 5545): one event per deadline,
/// at its due time in the organisation's zone (with the zone's VTIMEZONE), a stable UID per
/// inquiry and deadline kind, SEQUENCE and DTSTAMP from when its deadlines last moved, a
/// reminder business hours before, and a link back to the inquiry. Nothing personal: the
/// summary is the case number and type.
struct DeadlineCalendar {
    let events: [DeadlineEvent]
    let calendar: BusinessCalendar
    /// Where the desk is reached, for the links back (`https://desk.example.com`).
    let publicURL: String
    let reminderBusinessHours: Int

    /// The feed, as text with CRLF line ends.
    func render() -> String {
        var feed = ICalendarText()
        feed.line("BEGIN", "VCALENDAR")
        feed.line("VERSION", "2.0")
        feed.line("PRODID", "-//Alumni Desk//Deadlines//EN")
        feed.line("CALSCALE", "GREGORIAN")
        feed.line("METHOD", "PUBLISH")
        feed.text("X-WR-CALNAME", "Alumni Desk deadlines")
        feed.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
        feed.line("X-PUBLISHED-TTL", "PT1H")
        let zone = calendar.timeZone
        let dues = events.map(\.due)
        if let first = dues.min(), let last = dues.max() {
            TimeZoneComponent(zone: zone).write(from: first, to: last, into: &feed)
        }
        for event in events { write(event, zone: zone, into: &feed) }
        feed.line("END", "VCALENDAR")
        return feed.text
    }

    private func write(_ event: DeadlineEvent, zone: TimeZone, into feed: inout ICalendarText) {
        let summary = Self.summary(event)
        feed.line("BEGIN", "VEVENT")
        feed.line("UID", "inquiry-\(event.inquiryId)-\(event.kind.rawValue)@alumni-desk")
        feed.line("DTSTAMP", ICalendarText.utc(event.stamp))
        feed.line("SEQUENCE", "\(event.sequence)")
        feed.line("DTSTART;TZID=\(zone.identifier)", ICalendarText.stamp(event.due, in: zone))
        feed.line("DURATION", "PT15M")
        feed.text("SUMMARY", summary)
        feed.line("URL", "\(publicURL)/inquiries/\(event.inquiryId)")
        feed.line("TRANSP", "TRANSPARENT")
        feed.line("BEGIN", "VALARM")
        feed.line("ACTION", "DISPLAY")
        feed.text("DESCRIPTION", summary)
        let ring = calendar.instant(businessHours: reminderBusinessHours, before: event.due)
        feed.line("TRIGGER;VALUE=DATE-TIME", ICalendarText.utc(ring))
        feed.line("END", "VALARM")
        feed.line("END", "VEVENT")
    }

    /// `[#INQ-12] pension due (first answer)`.
    static func summary(_ event: DeadlineEvent) -> String {
        let what = event.kind == .firstResponse ? "first answer" : "resolution"
        return "[#INQ-\(event.inquiryId)] \(event.type.rawValue) due (\(what))"
    }
}
