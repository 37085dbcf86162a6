import AlumniCore
import AlumniSettings
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail straight to an SMTP relay over a pool of persistent connections, with
/// STARTTLS or implicit TLS and AUTH PLAIN or LOGIN. The envelope sender is the message's
/// return path; the recipient is the outbox message's.
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    /// The MAIL FROM address of each message, where bounces go.
    public let returnPath: ReturnPath
    private let pool: SMTPConnectionPool

    /// A transport for `settings`; fails when the CA file cannot be used.
    public init(
        settings: SMTPSettings, returnPath: ReturnPath,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.settings = settings
        self.returnPath = returnPath
        var tls: NIOSSLContext?
        if settings.security != .none {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let caFile = settings.caFile { configuration.trustRoots = .file(caFile) }
            do {
                tls = try NIOSSLContext(configuration: configuration)
            } catch {
                throw SettingsError(
                    "ALUMNI_SMTP_CA_FILE (smtp_ca_file): cannot use \(settings.caFile ?? "the system's certificates"): \(error)"
                )
            }
        }
        pool = SMTPConnectionPool(settings: settings, tls: tls, group: group)
    }

    public var parallelism: Int { settings.connections }

    /// Sends over a pooled session; a reused session that turns out closed or reset before the
    /// server answered the message's first command (the server dropped it while idle) is
    /// replaced once.
    public func send(_ message: OutboxMessage) async throws {
        let content = SMTPContent(message.mime)
        var retriedOnNewSession = false
        while true {
            let connection: SMTPConnection
            do {
                connection = try await pool.checkOut()
            } catch {
                throw (error as? SMTPError ?? .setup(String(describing: error))).transportError
            }
            do {
                try await connection.send(
                    from: returnPath.address(for: message.id), to: message.recipient, content: content)
                await pool.checkIn(connection)
                return
            } catch SMTPError.closedBeforeMessage where !retriedOnNewSession {
                retriedOnNewSession = true
            } catch {
                await pool.checkIn(connection)
                throw (error as? SMTPError ?? .connectionFailed(String(describing: error))).transportError
            }
        }
    }

    public func shutdown() async {
        await pool.closeAll()
    }
}
