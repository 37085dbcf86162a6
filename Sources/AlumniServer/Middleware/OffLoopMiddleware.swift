import Hummingbird
import NIOCore
import NIOPosix

/// Runs the rest of a request — handlers and the store's synchronous database calls — on a
/// pool of threads of its own instead of an event loop. A write waiting for SQLite's lock (an
/// import in another process, a long alert scan) or a long search then holds one of these
/// threads, never a loop, so every other connection on that loop, `/health` among them, keeps
/// being answered.
///
/// Reads (GET, HEAD) and changes run on pools of their own: a change may wait seconds for the
/// lock, and changes queued behind another process's import must not hold up the pages and
/// lists that only read. The read pool has a few threads per core, not more: on two cores, 16
/// threads answered the desk's queue 15 % slower than 4, with a longer tail (docs/performance.md).
///
/// One person read by id stays on the loop: it is a single statement on a read-only
/// connection, which SQLite never makes wait for a writer, and the hop to the pool and back
/// cost it 40 % of its throughput (docs/performance.md).
struct OffLoopMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.method == .get, Self.isOnePerson(request.uri.path) { return try await next(request, context) }
        let reads = request.method == .get || request.method == .head
        let executor: DatabaseWorkExecutor = reads ? .reads : .changes
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

    /// The pool for reads, started when first used: two threads a core (at least four), enough
    /// to overlap a read's waits on the disk without the cores switching between dozens.
    static let reads = DatabaseWorkExecutor(threads: max(4, 2 * System.coreCount))
    /// The pool for changes: as many may wait for the write lock at once before the next queues.
    static let changes = DatabaseWorkExecutor(threads: 16)

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
