import AlumniJobs
import AlumniMail
import Logging
import ServiceLifecycle

/// Inside `alumni serve`: scans for alerts and sends due farewells every `scanInterval`; queues the campaigns started
/// from the desk or the API and delivers the outbox every `deliveryInterval`, until shutdown. A failing transport is logged and retried; it never
/// stops the server. All of it runs on a ``BackgroundExecutor``, never on the event loops.
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
        var sinceScan = scanInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if sinceScan >= scanInterval {
                do { _ = try await notifications.scan() } catch {
                    logger.error("alert scan failed", metadata: ["error": "\(error)"])
                }
                do { _ = try notifications.sendFarewells() } catch {
                    logger.error("farewells failed", metadata: ["error": "\(error)"])
                }
                sinceScan = .zero
            }
            do { try notifications.queueStartedCampaigns() } catch {
                logger.error("campaign queueing failed", metadata: ["error": "\(error)"])
            }
            do { _ = try await notifications.deliver() } catch {
                logger.error("outbox delivery failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: deliveryInterval) }
            sinceScan += deliveryInterval
        }
    }
}
