import AlumniCore
import AlumniResources
import AlumniStore
import Foundation
import Hummingbird

/// Unauthenticated service routes: liveness, readiness, metrics and the API document.
struct ServiceController {
    let store: Store
    let metrics: ServerMetrics
    let metricsAccess: ServerSettings.MetricsAccess

    struct Status: Encodable {
        var status: String
    }

    /// Liveness, with this instance's name and whether it reaches the database.
    struct Health: Encodable {
        var status: String
        var instance: String
        var database: String
    }

    func addRoutes(to router: Router<AlumniRequestContext>) {
        // A load balancer stops sending to an instance that cannot reach its database.
        router.get("health") { _, _ in
            let reachable = await store.isReachable(within: .seconds(2))
            return try APIResponse.json(
                Health(
                    status: reachable ? "ok" : "unavailable", instance: OutboxLease.processName,
                    database: reachable ? "reachable" : "unreachable"),
                status: reachable ? .ok : .serviceUnavailable)
        }
        router.get("ready") { _, _ in
            guard (try? await store.isSchemaCurrent()) == true else {
                throw Problem(.serviceUnavailable, detail: "the database is not reachable or not migrated")
            }
            // Reads may still work; a load balancer should stop sending while writes cannot.
            if let fault = store.writeFault() {
                throw Problem(
                    .serviceUnavailable, detail: "writes are failing: \(fault.kind.rawValue) storage",
                    headers: [.retryAfter: "10"])
            }
            return try APIResponse.json(Status(status: "ready"))
        }
        router.get("metrics") { request, context in
            try checkMetricsAccess(request, context)
            return APIResponse(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                body: Data(try await metrics.scrape().utf8))
        }
        let document = try? AlumniResources.openAPIDocument()
        router.get("openapi.yaml") { _, _ in
            guard let document else { throw Problem(.internalServerError, detail: "the API document is missing") }
            return APIResponse(status: .ok, headers: ["Content-Type": "application/yaml"], body: document)
        }
    }

    /// Whether this client may read the metrics: 404 when they are off, 403 from another
    /// machine under `loopback`, 401 without the right token under `token`.
    private func checkMetricsAccess(_ request: Request, _ context: AlumniRequestContext) throws {
        switch metricsAccess {
        case .open: return
        case .off: throw Problem(.notFound, detail: "metrics are turned off")
        case .loopback:
            guard let address = context.remoteAddress?.ipAddress,
                address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
            else {
                throw Problem(.forbidden, detail: "metrics are served to this machine only")
            }
        case .token(let token):
            // Compared as hashes, like API tokens: the time taken tells nothing about the token.
            guard let sent = request.bearerToken, APITokens.hash(sent) == APITokens.hash(token) else {
                throw Problem(.unauthorized, detail: "metrics need their token", headers: [.wwwAuthenticate: "Bearer"])
            }
        }
    }
}
