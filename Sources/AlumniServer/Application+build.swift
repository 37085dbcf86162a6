import AlumniJobs
import AlumniMail
import AlumniStore
import AlumniWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the whole HTTP application on `store`: every route, middleware and the metrics.
/// `alumni serve` runs it, with `notifications` to scan for alerts and deliver the outbox in the
/// background; tests build the same thing and call it through `app.test(.router)`.
public func buildApplication(
    settings: ServerSettings, store: Store, notifications: BackgroundJobs? = nil, logger: Logger
) throws -> some ApplicationProtocol {
    let metrics = ServerMetrics(store: store)
    let router = Router(context: AlumniRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    let desk = try Desk()
    router.add(
        middleware: ProblemMiddleware(
            routes: try DocumentedRoutes.shipped(), notFoundPage: desk.notFoundPage, store: store,
            metrics: metrics))
    ServiceController(store: store, metrics: metrics, metricsAccess: settings.metrics).addRoutes(to: router)
    // Everything that reads or writes the database runs off the event loops; /health,
    // /metrics and the document answer from memory on them.
    let offLoop = OffLoopMiddleware()
    try Portal().addRoutes(
        to: router.group().add(middleware: offLoop), store: store, settings: settings.desk,
        messages: notifications?.portalMessages(), preferenceLinks: notifications?.preferenceLinkMessages())
    let erasure = PersonErasure(store: store, notifications: notifications)
    let campaigns = notifications?.campaignTemplates()
    try desk.addRoutes(
        to: router.group().add(middleware: offLoop), store: store, settings: settings.desk,
        campaigns: campaigns, erase: erasure.erase)

    let api = router.group("api/v1").add(middleware: offLoop)
        .add(middleware: BearerAuthenticationMiddleware(store: store))
    PeopleController(store: store, erasure: erasure).addRoutes(to: api)
    InquiriesController(store: store).addRoutes(to: api)
    CalendarController(store: store).addRoutes(to: api)
    AuditController(store: store).addRoutes(to: api)
    MailController(store: store).addRoutes(to: api)
    RelationsController(store: store).addRoutes(to: api)
    CampaignsController(store: store, rendering: campaigns).addRoutes(to: api)

    let background = notifications.flatMap { notifications in
        settings.alertScanSeconds == 0 ? nil : notifications
    }.map {
        BackgroundJobsService(
            notifications: $0, scanInterval: .seconds(settings.alertScanSeconds), deliveryInterval: .seconds(5),
            logger: logger)
    }
    let services: [any Service] =
        (background.map { [$0] } ?? []) + dailyServices(settings: settings, store: store, notifications, logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "alumni"),
        services: services,
        logger: logger)
}

/// The daily backup and retention run, as configured.
private func dailyServices(
    settings: ServerSettings, store: Store, _ notifications: BackgroundJobs?, _ logger: Logger
) -> [any Service] {
    var services: [any Service] = []
    if let schedule = settings.backups {
        if case .sqlite(let database) = store {
            services.append(
                DailyService(name: "backup", store: store, time: schedule.time, logger: logger) {
                    let report = try database.backup(
                        into: BackupFolder(folder: URL(fileURLWithPath: schedule.folder), keep: schedule.keep))
                    logger.info(
                        "backup written",
                        metadata: ["backup.path": "\(report.path)", "backup.removed": "\(report.removed.count)"])
                })
        } else {
            logger.warning(
                "backups are not taken on PostgreSQL: its server backs it up (pg_dump, continuous archiving)",
                metadata: ["backup.folder": "\(schedule.folder)"])
        }
    }
    if let time = settings.retentionTime, let notifications {
        services.append(
            DailyService(name: "retention", store: store, time: time, logger: logger) {
                _ = try await notifications.runRetention()
            })
    }
    return services
}
