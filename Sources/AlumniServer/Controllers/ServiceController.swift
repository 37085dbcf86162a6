import AlumniResources
import AlumniStore
import Foundation
import Hummingbird

/// Unauthenticated service routes: liveness, readiness, metrics and the API document.
struct ServiceController {
    let database: AlumniDatabase
    let metrics: ServerMetrics

    struct Status: Encodable {
        var status: String
    }

    func addRoutes(to router: Router<AlumniRequestContext>) {
        router.get("health") { _, _ in try APIResponse.json(Status(status: "ok")) }
        router.get("ready") { _, _ in
            guard (try? database.isSchemaCurrent()) == true else {
                throw Problem(.serviceUnavailable, detail: "the database is not reachable or not migrated")
            }
            return try APIResponse.json(Status(status: "ready"))
        }
        router.get("metrics") { _, _ in
            APIResponse(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"],
                body: Data(try metrics.scrape().utf8))
        }
        let document = try? AlumniResources.openAPIDocument()
        router.get("openapi.yaml") { _, _ in
            guard let document else { throw Problem(.internalServerError, detail: "the API document is missing") }
            return APIResponse(status: .ok, headers: ["Content-Type": "application/yaml"], body: document)
        }
    }
}
