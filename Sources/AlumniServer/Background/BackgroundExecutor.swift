import Dispatch

/// Runs the server's background notifications on a thread of their own.
///
/// `alumni serve` runs Swift concurrency on NIO's event loops, so request handlers and their
/// I/O share threads without hand-offs. An alert scan over a large desk, a farewell run or
/// `sendmail` waiting for its child blocks the thread it runs on for a while; on an event loop
/// that would hold up every connection the loop serves.
final class BackgroundExecutor: TaskExecutor, Sendable {
    /// The queue every job runs on, one at a time.
    let queue = DispatchQueue(label: "alumni.background")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
