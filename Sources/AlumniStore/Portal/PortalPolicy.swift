import Foundation

/// How long portal links and sessions last, and how often links may be asked for.
public struct PortalPolicy: Sendable, Equatable {
    /// A sign-in link works this long after it was sent.
    public var linkLifetime: TimeInterval = 30 * 60
    /// A link confirming a new e-mail address works this long.
    public var emailChangeLifetime: TimeInterval = 24 * 3600
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in, however busy.
    public var absoluteTimeout: TimeInterval = 12 * 3600
    /// How often a session's last use is written: every request would be a write.
    public var touchInterval: TimeInterval = 60
    /// Link requests are counted in windows of this length.
    public var requestWindow: TimeInterval = 3600
    /// Requests for one e-mail address per window, whoever asks.
    public var requestsPerAddress = 5
    /// Requests from one client address per window, whatever they ask for.
    public var requestsPerClient = 20
    /// The least time the answer to a link request takes. A known address costs a link and a
    /// message more than an unknown one; answering both after this long (unless the work itself
    /// took longer) keeps the time from telling which it was.
    public var linkRequestAnswerAfter: TimeInterval = 0.05

    public init() {}
}
