/// What went wrong in an SMTP session, and what that means for the message.
enum SMTPError: Error, CustomStringConvertible {
    /// The steps of a message's transaction.
    enum Step: String {
        case mail = "MAIL FROM"
        case recipient = "RCPT TO"
        case data = "DATA"
        case content = "the message"
    }

    /// The server answered a step of a message's transaction with a failure.
    case refused(Step, SMTPReply)
    /// The session could not be set up: greeting, EHLO, STARTTLS or AUTH failed.
    case setup(String)
    case malformedReply(String)
    case timedOut
    case connectionClosed
    /// The connection closed or broke before the server answered the message's first command:
    /// the server holds nothing of it, so it is safe to try on another.
    case closedBeforeMessage
    case connectionFailed(String)
    /// The message is larger than the server accepts (its SIZE).
    case tooLarge(size: Int, limit: Int)

    var description: String {
        switch self {
        case .refused(let step, let reply): "\(step.rawValue) refused: \(reply)"
        case .setup(let reason): reason
        case .malformedReply(let line): "the server's reply is not SMTP: \(line)"
        case .timedOut: "the server did not answer in time"
        case .connectionClosed, .closedBeforeMessage: "the server closed the connection"
        case .connectionFailed(let reason): "the connection failed: \(reason)"
        case .tooLarge(let size, let limit): "the message has \(size) bytes; the server accepts at most \(limit)"
        }
    }

    /// The connection closed or broke, as opposed to the server answering or going quiet.
    var isConnectionLost: Bool {
        switch self {
        case .connectionClosed, .connectionFailed: true
        default: false
        }
    }

    /// The outbox's view: a 5xx to the recipient or the content fails the message for good;
    /// 4xx replies and broken connections are tried again; a relay that cannot be used stops the pass.
    var transportError: TransportError {
        switch self {
        // A sender refused for good (other than for the message's size) refuses every message.
        case .refused(.mail, let reply) where reply.isPermanentFailure && reply.code != 552:
            TransportError(description, kind: .unavailable)
        case .refused(_, let reply) where reply.isPermanentFailure: TransportError(description, kind: .permanent)
        case .tooLarge: TransportError(description, kind: .permanent)
        case .setup: TransportError(description, kind: .unavailable)
        default: TransportError(description, kind: .transient)
        }
    }
}
