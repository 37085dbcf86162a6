import AlumniStore

/// How the desk runs: sessions, cookies and the queue's "due soon" badge.
public struct DeskSettings: Sendable, Equatable {
    public var sessions = DeskSessionPolicy()
    /// Session cookies only over https: true whenever the public URL is https.
    public var secureCookies = false
    /// An open inquiry whose next deadline falls within this many business days is "due soon".
    public var dueSoonBusinessDays = 3
    /// Rows per page in the queue and the directory.
    public var pageSize = 50

    public init() {}
}
