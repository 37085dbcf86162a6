import AlumniJobs
import AlumniMail
import AlumniStore
import AlumniWeb
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the whole HTTP application on `database`: every route, middleware and the metrics.
/// `alumni serve` runs it, with `notifications` to scan for alerts and deliver the outbox in the
/// background; tests build the same thing and call it through `app.test(.router)`.
public func buildApplication(
    settings: ServerSettings, database: AlumniDatabase, notifications: Notifications? = nil, logger: Logger
) throws -> some ApplicationProtocol {
    let metrics = ServerMetrics(database: database)
    let router = Router(context: AlumniRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(routes: try DocumentedRoutes.shipped()))
    ServiceController(database: database, metrics: metrics, metricsAccess: settings.metrics).addRoutes(to: router)
    // Everything that reads or writes the database runs off the event loops; /health,
    // /metrics and the document answer from memory on them.
    let offLoop = OffLoopMiddleware(executor: .shared)
    SelfServiceController(
        database: database, key: try database.linkSigningKey(),
        preferenceLinks: try notifications?.preferenceLinkMessages()
    )
    .addRoutes(to: router.group().add(middleware: offLoop))
    let erasure = PersonErasure(database: database, notifications: notifications)
    try Desk.addRoutes(
        to: router.group().add(middleware: offLoop), database: database, settings: settings.desk,
        erase: erasure.erase)

    let api = router.group("api/v1").add(middleware: offLoop)
        .add(middleware: BearerAuthenticationMiddleware(database: database))
    PeopleController(database: database, erasure: erasure).addRoutes(to: api)
    InquiriesController(database: database).addRoutes(to: api)
    CalendarController(database: database).addRoutes(to: api)
    AuditController(database: database).addRoutes(to: api)

    let background = notifications.flatMap { notifications in
        settings.alertScanSeconds == 0 ? nil : notifications
    }.map {
        NotificationService(
            notifications: $0, scanInterval: .seconds(settings.alertScanSeconds), deliveryInterval: .seconds(5),
            logger: logger)
    }
    let backups = settings.backups.map { BackupService(database: database, schedule: $0, logger: logger) }
    let services: [any Service] = (background.map { [$0] } ?? []) + (backups.map { [$0] } ?? [])
    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "alumni"),
        services: services,
        logger: logger)
}
