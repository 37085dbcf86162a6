import AlumniStore
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into problem details: the client's mistakes into 4xx naming the field,
/// anything unexpected into a 500 that tells nothing internal (and is logged).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext
    /// A path the document knows, asked with a method it does not take, is a 405 with `Allow`.
    let routes: DocumentedRoutes
    /// The page a browser gets for an address nothing serves (nil: the problem document).
    let notFoundPage: @Sendable (Request) throws -> Response?
    /// Tells a storage fault in a raw database error.
    let store: Store
    /// Counts storage faults.
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if let http = error as? HTTPError, http.status == .notFound,
                let allowed = routes.methods(forPath: request.uri.path), !allowed.contains(request.method.rawValue)
            {
                return try Problem(
                    .methodNotAllowed, detail: "\(request.uri.path) takes \(allowed.joined(separator: ", "))",
                    headers: [.allow: allowed.joined(separator: ", ")]
                ).response(from: request, context: context)
            }
            if let http = error as? HTTPError, http.status == .notFound, let page = try notFoundPage(request) {
                return page
            }
            if let fault = store.storageFault(error) {
                context.logger.error(
                    "storage fault",
                    metadata: ["storage.fault": "\(fault.kind.rawValue)", "storage.cause": "\(fault.cause)"])
                metrics.recordStorageFault(fault.kind)
                return try Problem(storage: fault).response(from: request, context: context)
            }
            if let problem = Problem.from(error) {
                return try problem.response(from: request, context: context)
            }
            context.logger.error(
                "request failed", metadata: ["error.type": .string(String(describing: type(of: error)))])
            return try Problem(.internalServerError, detail: "something went wrong on our side")
                .response(from: request, context: context)
        }
    }
}
