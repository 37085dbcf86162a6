import Hummingbird
import Logging

/// Turns every error into problem details: the client's mistakes into 4xx naming the field,
/// anything unexpected into a 500 that tells nothing internal (and is logged).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AlumniRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) {
                return try problem.response(from: request, context: context)
            }
            context.logger.error("request failed", metadata: ["error.type": .string(String(describing: type(of: error)))])
            return try Problem(.internalServerError, detail: "something went wrong on our side")
                .response(from: request, context: context)
        }
    }
}
