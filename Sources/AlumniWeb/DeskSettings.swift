import AlumniStore

/// How the desk runs: sessions, cookies and page sizes.
public struct DeskSettings: Sendable, Equatable {
    public var sessions = DeskSessionPolicy()
    /// Session cookies only over https: true whenever the public URL is https.
    public var secureCookies = false
    /// Rows per page in the queue and the directory.
    public var pageSize = 50

    public init() {}
}
