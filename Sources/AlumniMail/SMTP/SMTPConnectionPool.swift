import NIOCore
import NIOSSL

/// Open sessions with the relay, reused message after message: a connection idle longer
/// than the settings' `idleCheck` answers a NOOP before it is used again, a closed one is
/// replaced, and at most `connections` are kept.
actor SMTPConnectionPool {
    private let settings: SMTPSettings
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    private var idle: [(connection: SMTPConnection, since: NIODeadline)] = []

    init(settings: SMTPSettings, tls: NIOSSLContext?, group: any EventLoopGroup) {
        self.settings = settings
        self.tls = tls
        self.group = group
    }

    /// A ready session: an idle one that still answers, else a new one.
    func checkOut() async throws -> SMTPConnection {
        while let (connection, since) = idle.popLast() {
            guard connection.isActive else { continue }
            if NIODeadline.now() - since < settings.idleCheck { return connection }
            do {
                try await connection.noop()
                return connection
            } catch {
                await connection.quit()
            }
        }
        return try await SMTPConnection.open(settings, tls: tls, group: group)
    }

    /// Gives a session back for the next message; a closed one, or one too many, is let go.
    func checkIn(_ connection: SMTPConnection) async {
        guard connection.isActive else { return }
        guard idle.count < settings.connections else { return await connection.quit() }
        idle.append((connection, .now()))
    }

    /// Says QUIT on every idle session.
    func closeAll() async {
        let sessions = idle
        idle = []
        for session in sessions { await session.connection.quit() }
    }
}
