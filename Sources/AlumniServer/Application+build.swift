import AlumniStore
import Hummingbird
import Logging

/// Builds the whole HTTP application on `database`: every route, middleware and the metrics.
/// `alumni serve` runs it; tests build the same thing and call it through `app.test(.router)`.
public func buildApplication(
    settings: ServerSettings, database: AlumniDatabase, logger: Logger
) throws -> some ApplicationProtocol {
    let metrics = ServerMetrics(database: database)
    let router = Router(context: AlumniRequestContext.self)
    router.add(middleware: RequestLogMiddleware(metrics: metrics))
    router.add(middleware: ProblemMiddleware(routes: try DocumentedRoutes.shipped()))
    ServiceController(database: database, metrics: metrics).addRoutes(to: router)

    let api = router.group("api/v1").add(middleware: BearerAuthenticationMiddleware(database: database))
    PeopleController(database: database).addRoutes(to: api)
    InquiriesController(database: database).addRoutes(to: api)
    CalendarController(database: database).addRoutes(to: api)
    AuditController(database: database).addRoutes(to: api)

    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "alumni"),
        logger: logger)
}
