import AlumniStore
import Foundation
import Prometheus

/// The server's Prometheus metrics: requests per route and status with latencies, and the
/// desk's open, overdue and silent inquiries read from the database at each scrape.
public final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let database: AlumniDatabase
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    public init(database: AlumniDatabase) {
        self.database = database
    }

    /// Counts one request and its latency.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(name: "http_requests_total", labels: labels).increment()
        registry.makeDurationHistogram(
            name: "http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// Everything in the Prometheus text format, the inquiry gauges refreshed first.
    func scrape() throws -> String {
        let counts = try database.inquiryGauges()
        registry.makeGauge(name: "alumni_inquiries_open").set(Double(counts.open))
        registry.makeGauge(name: "alumni_inquiries_overdue").set(Double(counts.overdue))
        registry.makeGauge(name: "alumni_inquiries_silent").set(Double(counts.silent))
        return registry.emitToString()
    }
}
