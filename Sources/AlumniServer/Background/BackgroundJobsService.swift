import AlumniJobs
import AlumniMail
import AlumniStore
import Logging
import ServiceLifecycle

/// Inside `alumni serve`: scans for alerts and sends due farewells every `scanInterval`, on one
/// instance at a time (whichever finds them due first: ``Store/runScheduled(_:every:_:)``);
/// queues the campaigns started from the desk or the API and delivers the outbox every
/// `deliveryInterval` on every instance (their claims never overlap), until shutdown. A failing
/// transport is logged and retried; it never stops the server. All of it runs on a
/// ``BackgroundExecutor``, never on the event loops.
struct BackgroundJobsService: Service {
    let notifications: BackgroundJobs
    let scanInterval: Duration
    let deliveryInterval: Duration
    let logger: Logger
    let executor = BackgroundExecutor()

    func run() async throws {
        try await withTaskExecutorPreference(executor) { try await notify() }
    }

    private func notify() async throws {
        let store = notifications.store
        let scanSeconds = Double(scanInterval.components.seconds)
        let notifications = notifications
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await attempt("alert scan") {
                _ = try await store.runScheduled("alert-scan", every: scanSeconds) { try await notifications.scan() }
            }
            await attempt("farewells") {
                _ = try await store.runScheduled("farewells", every: scanSeconds) {
                    try await notifications.sendFarewells()
                }
            }
            await attempt("campaign queueing") { try await notifications.queueStartedCampaigns() }
            await attempt("outbox delivery") { _ = try await notifications.deliver() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: deliveryInterval) }
        }
    }

    /// Runs `job`, logging its failure.
    private func attempt(_ name: String, _ job: () async throws -> Void) async {
        do { try await job() } catch {
            logger.error("\(name) failed", metadata: ["error": "\(error)"])
        }
    }
}
