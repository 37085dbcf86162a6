import AlumniCore
import AlumniStore
import Foundation
import Prometheus

/// The server's Prometheus metrics: requests per route and status with latencies, and the
/// desk's open, overdue and silent inquiries read from the database at each scrape.
public final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let store: Store
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    // Descriptors are not Sendable, so they are made where they are used.
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_requests", unitName: "total", helpText: "HTTP requests by method, route and status.")
    }
    private static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "http_request_duration", unitName: "seconds",
            helpText: "HTTP request latency by method and route."
        )
    }

    /// A gauge's descriptor: the whole name, no unit suffix.
    private static func gauge(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    public init(store: Store) {
        self.store = store
        registry.makeGauge(
            descriptor: Self.gauge("alumni_instance", "This server instance (always 1), named by its label."),
            labels: [("instance", OutboxLease.processName)]
        ).set(Double(1))
    }

    /// Counts one request and its latency.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(descriptor: Self.requests, labels: labels).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency, labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// Counts a storage fault a request met (a full disk, an I/O error…).
    func recordStorageFault(_ kind: StorageFault.Kind) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alumni_storage_faults", unitName: "total",
                helpText: "Requests that met a full disk, a read-only file system, an I/O error or a damaged file."),
            labels: [("kind", kind.rawValue)]
        ).increment()
    }

    /// Everything in the Prometheus text format, the inquiry gauges refreshed first.
    func scrape() async throws -> String {
        let counts = try await store.inquiryGauges()
        for (name, help, value) in [
            ("alumni_inquiries_open", "Inquiries not closed.", counts.open),
            ("alumni_inquiries_overdue", "Open inquiries past a deadline.", counts.overdue),
            ("alumni_inquiries_silent", "Open inquiries where we owe the next word, silent too long.", counts.silent),
        ] {
            registry.makeGauge(descriptor: Self.gauge(name, help)).set(Double(value))
        }
        return registry.emitToString()
    }
}
