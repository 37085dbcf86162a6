import HTTPTypes
import Hummingbird
import Logging

/// One structured log line per request, the request id in an `X-Request-Id` header, and the
/// request counted in the metrics. Logs the route pattern, never the path's ids or the query.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        response.headers[.requestID] = context.id
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue), "http.route": .string(route),
                "http.status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible((elapsed / .microseconds(100)).rounded() / 10),
                "user": .string(context.signedIn.name.withLock { $0 } ?? "-"),
            ])
        return response
    }
}
