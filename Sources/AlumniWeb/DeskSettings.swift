import AlumniStore

/// How the desk and the portal run: sessions, cookies and page sizes.
public struct DeskSettings: Sendable, Equatable {
    public var sessions = DeskSessionPolicy()
    /// The portal's links, sessions and limits.
    public var portal = PortalPolicy()
    /// Session cookies only over https: true whenever the public URL is https.
    public var secureCookies = false
    /// Rows per page in the queue and the directory.
    public var pageSize = 50
    /// Where the desk is reached from outside, for links in calendar feeds (no trailing slash).
    public var publicURL = "http://127.0.0.1:8080"
    /// How many business hours before a deadline its calendar event reminds.
    public var calendarReminderBusinessHours = 4
    /// The share of deadlines the team means to meet, in percent: the target line of the report's on-time chart.
    public var onTimeTargetPercent = 90

    public init() {}
}
