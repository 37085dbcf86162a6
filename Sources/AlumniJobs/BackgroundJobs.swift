import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Logging

/// The desk's background jobs on one store: alert scans, farewells, retention, erasure with
/// the transport's copies, and outbox delivery, as `alumni alerts run`, `alumni outbox deliver`
/// and the background services of `alumni serve` run them.
public struct BackgroundJobs: Sendable {
    public let store: Store
    public let settings: MailSettings
    let logger: Logger
    /// The database's own key, which signs the links in messages and the bounce addresses.
    let signingKey: Data

    /// The jobs on `store`, its signing key read (made, the first time) once.
    public static func on(_ store: Store, settings: MailSettings, logger: Logger) async throws -> BackgroundJobs {
        BackgroundJobs(store: store, settings: settings, logger: logger, signingKey: try await store.linkSigningKey())
    }

    /// The jobs on a SQLite database.
    public init(database: AlumniDatabase, settings: MailSettings, logger: Logger) throws {
        self.init(
            store: .sqlite(database), settings: settings, logger: logger, signingKey: try database.linkSigningKey())
    }

    private init(store: Store, settings: MailSettings, logger: Logger, signingKey: Data) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.signingKey = signingKey
    }

    /// One alert scan: new alerts written with their messages, in chunks; expired idempotency
    /// keys and their responses, and stale desk and portal sessions, are purged on the way.
    public func scan(dryRun: Bool = false) async throws -> AlertScanReport {
        try await Self.scan(store, settings: settings, logger: logger, dryRun: dryRun)
    }

    /// The same on `store`, whichever store it is.
    public static func scan(_ store: Store, settings: MailSettings, logger: Logger, dryRun: Bool = false)
        async throws -> AlertScanReport
    {
        if !dryRun { try await store.purgeStaleRecords() }
        let report = try await store.raiseAlerts(
            policy: settings.alerts,
            addresses: AlertAddresses(team: settings.teamEmail, escalation: settings.escalationEmail), dryRun: dryRun,
            renderer: AlertMessages(from: settings.from, publicURL: settings.publicURL, clock: store.clock))
        logger.info(
            "alert scan",
            metadata: [
                "alerts.raised": .stringConvertible(report.raised.count),
                "alerts.open": .stringConvertible(report.open),
            ])
        return report
    }

    /// Sends the farewells that are due (the person's consent is checked now).
    public func sendFarewells() async throws -> FarewellRunReport {
        let report = try await store.sendDueFarewells(
            renderer: FarewellMessages(
                from: settings.from, clock: store.clock, overrides: settings.templatesDirectory,
                links: settings.links(key: signingKey)))
        if report.sent + report.skipped > 0 {
            logger.info(
                "farewells",
                metadata: [
                    "farewells.sent": .stringConvertible(report.sent),
                    "farewells.skipped": .stringConvertible(report.skipped),
                ])
        }
        return report
    }

    /// The organisation's campaign templates, with links signed by the database's key.
    public func campaignTemplates() -> CampaignTemplates {
        CampaignTemplates(
            from: settings.from, links: settings.links(key: signingKey), clock: store.clock,
            overrides: settings.templatesDirectory)
    }

    /// The campaign's renderer: its templates compiled, links signed with the database's key.
    public func campaignMessages(_ campaign: Campaign) throws -> CampaignMessages {
        try campaignTemplates().messages(for: campaign)
    }

    /// Queues the campaigns whose sending was started (from the desk or the API) and not
    /// finished, an interrupted one included: each queues only who is still missing.
    public func queueStartedCampaigns() async throws {
        let templates = campaignTemplates()
        let job = Caller.system("campaigns")
        for id in try await store.startedCampaigns() {
            let renderer = try templates.renderer(for: try await store.campaign(id: id, as: job))
            let report = try await store.queueCampaign(id: id, renderer: renderer, actor: job)
            logger.info(
                "campaign queued",
                metadata: [
                    "campaign.id": .stringConvertible(id), "campaign.queued": .stringConvertible(report.queued),
                ])
        }
    }

    /// The renderer of retention warnings, with links signed by the database's key.
    public func retentionWarningMessages() -> RetentionWarningMessages {
        RetentionWarningMessages(
            from: settings.from, links: settings.links(key: signingKey),
            overrides: settings.templatesDirectory)
    }

    /// The renderer of preference-link e-mails, with links signed by the database's key.
    public func preferenceLinkMessages() -> PreferenceLinkMessages {
        PreferenceLinkMessages(
            from: settings.from, links: settings.links(key: signingKey),
            overrides: settings.templatesDirectory)
    }

    /// The e-mails carrying portal links, in each person's language.
    public func portalMessages() -> PortalMessages {
        PortalMessages(from: settings.from, publicURL: settings.publicURL, overrides: settings.templatesDirectory)
    }

    /// Erases a person (``AlumniDatabase/erasePerson(id:actor:)``) and has the transport delete
    /// its own copies of the messages to and about them.
    @discardableResult
    public func erase(personId: Int64, actor: Caller) async throws -> ErasureReport {
        let report = try await store.erasePerson(id: personId, actor: actor)
        try settings.makeTransport().forget(messages: report.messageIds)
        return report
    }

    /// One retention run: warnings queued first (when the organisation warns), then
    /// ``Store/runRetention(batchSize:actor:onBatch:)``; the transport forgets its copies of
    /// the erased people's messages.
    public func runRetention(
        batchSize: Int = 200, onBatch: (RetentionRunReport) throws -> Void = { _ in }
    ) async throws -> RetentionRunReport {
        try await store.queueRetentionWarnings(renderer: retentionWarningMessages())
        let report = try await store.runRetention(batchSize: batchSize, onBatch: onBatch)
        if !report.messageIds.isEmpty { try settings.makeTransport().forget(messages: report.messageIds) }
        logger.info(
            "retention run",
            metadata: [
                "retention.minimised": .stringConvertible(report.minimised),
                "retention.erased": .stringConvertible(report.erased),
            ])
        return report
    }

    /// One delivery pass over everything due; `onSent` hears the running count of sent messages.
    public func deliver(onSent: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> OutboxWorker.Report {
        try await Self.deliver(
            from: store, signingKey: signingKey, settings: settings, clock: store.clock,
            logger: logger, onSent: onSent)
    }

    /// One delivery pass over everything due in `outbox`, whichever store it is, through the
    /// transport `settings` name (its bounce addresses signed with `signingKey`).
    public static func deliver(
        from outbox: some OutboxStore, signingKey: Data, settings: MailSettings, clock: any WallClock, logger: Logger,
        onSent: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> OutboxWorker.Report {
        var worker = OutboxWorker(
            store: outbox, transport: try settings.makeTransport(bounceKey: signingKey), clock: clock, logger: logger)
        worker.maxAttempts = settings.maxAttempts
        worker.onSent = onSent
        return try await worker.deliverDue()
    }
}
