import Hummingbird
import NIOPosix

/// Runs the rest of a request — handlers and the store's synchronous database calls — on a
/// pool of threads of its own instead of an event loop. A write waiting for SQLite's lock (an
/// import in another process, a long alert scan) or a long search then holds one of these
/// threads, never a loop, so every other connection on that loop, `/health` among them, keeps
/// being answered.
///
/// One person read by id stays on the loop: it is a single statement on a read-only
/// connection, which SQLite never makes wait for a writer, and the hop to the pool and back
/// cost it 40 % of its throughput (docs/performance.md).
struct OffLoopMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext
    let executor: DatabaseWorkExecutor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.method == .get, Self.isOnePerson(request.uri.path) { return try await next(request, context) }
        return try await withTaskExecutorPreference(executor) { try await next(request, context) }
    }

    /// `/api/v1/people/{id}`.
    static func isOnePerson(_ path: String) -> Bool {
        let prefix = "/api/v1/people/"
        guard path.hasPrefix(prefix) else { return false }
        let id = path.utf8.dropFirst(prefix.utf8.count)
        return !id.isEmpty && id.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// A task executor over a fixed pool of threads, for work that may block on the database.
final class DatabaseWorkExecutor: TaskExecutor, Sendable {
    private let pool: NIOThreadPool

    /// The process's one pool, started when first used: as many requests may wait on the
    /// database at once before the next queues.
    static let shared = DatabaseWorkExecutor(threads: 16)

    private init(threads: Int) {
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}
