import AlumniCore
import AlumniMail
import AlumniStore
import Logging

/// The outgoing side of the desk on one database: alert scans and outbox delivery, as
/// `alumni alerts run`, `alumni outbox deliver` and the background services of `alumni serve` use them.
public struct Notifications: Sendable {
    public let database: AlumniDatabase
    public let settings: MailSettings
    let logger: Logger

    public init(database: AlumniDatabase, settings: MailSettings, logger: Logger) {
        self.database = database
        self.settings = settings
        self.logger = logger
    }

    /// One alert scan: new alerts and their messages written in one transaction.
    public func scan(dryRun: Bool = false) throws -> AlertScanReport {
        let messages = AlertMessages(from: settings.from, publicURL: settings.publicURL, clock: database.clock)
        let report = try database.raiseAlerts(
            policy: settings.alerts,
            addresses: AlertAddresses(team: settings.teamEmail, escalation: settings.escalationEmail), dryRun: dryRun,
            renderer: messages)
        logger.info(
            "alert scan",
            metadata: [
                "alerts.raised": .stringConvertible(report.raised.count),
                "alerts.open": .stringConvertible(report.open),
            ])
        return report
    }

    /// One delivery pass over everything due; `onSent` hears the running count of sent messages.
    public func deliver(onSent: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> OutboxWorker.Report {
        var worker = OutboxWorker(
            store: database, transport: settings.makeTransport(), clock: database.clock, logger: logger)
        worker.maxAttempts = settings.maxAttempts
        worker.onSent = onSent
        return try await worker.deliverDue()
    }
}
