import AlumniJobs
import AlumniMail
import AlumniStore
import Logging
import ServiceLifecycle

/// Inside `alumni serve`: scans for alerts and sends due farewells every `scanInterval`, on one
/// instance at a time (whichever finds them due first: ``Store/runScheduled(_:every:_:)``);
/// queues the campaigns started from the desk or the API and delivers the outbox every
/// `deliveryInterval` on every instance (their claims never overlap), and at once when mail is
/// queued on a PostgreSQL database (its `NOTIFY`; a lost one costs only the wait), until shutdown. A failing
/// transport is logged and retried; it never stops the server. All of it runs on a
/// ``BackgroundExecutor``, never on the event loops.
struct BackgroundJobsService: Service {
    let notifications: BackgroundJobs
    let scanInterval: Duration
    let deliveryInterval: Duration
    let logger: Logger
    let executor = BackgroundExecutor()

    func run() async throws {
        await withTaskExecutorPreference(executor) { await notify() }
    }

    private func notify() async {
        // A pass when the interval has passed or mail was queued; wake-ups during a pass make one more.
        let (passes, due) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        due.yield()
        await withTaskGroup(of: Void.self) { group in
            let interval = deliveryInterval
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil { due.yield() }
            }
            let store = notifications.store
            let logger = logger
            group.addTask {
                do { try await store.listenForQueuedMail { due.yield() } } catch  where !Task.isCancelled {
                    logger.notice("no wake-ups from the database; polling only", metadata: ["error": "\(error)"])
                } catch {}
            }
            // A graceful shutdown lets the pass under way finish, then ends the passes.
            group.addTask {
                try? await gracefulShutdown()
                due.finish()
            }
            for await _ in passes where !Task.isShuttingDownGracefully { await pass() }
            group.cancelAll()
        }
    }

    /// The scheduled jobs that are due, campaign queueing and one delivery pass.
    private func pass() async {
        let store = notifications.store
        let scanSeconds = Double(scanInterval.components.seconds)
        let notifications = notifications
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
    }

    /// Runs `job`, logging its failure.
    private func attempt(_ name: String, _ job: () async throws -> Void) async {
        do { try await job() } catch {
            logger.error("\(name) failed", metadata: ["error": "\(error)"])
        }
    }
}
