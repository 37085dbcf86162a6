import AlumniCore
import AlumniStore
import Hummingbird
import Logging

/// Turns every error of a desk route into a page in the desk's style with a way back: never a
/// problem document or a stack trace.
struct ErrorPageMiddleware<Context: DeskRequestContext>: RouterMiddleware {
    let pages: DeskPages
    /// Tells a storage fault in a raw database error.
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let refusal = Refusal(error, store: store, logger: context.logger, route: context.endpointPath)
            return try pages.errorPage(refusal, for: request, session: context.deskSession)
        }
    }
}

extension DeskPages {
    /// The page that tells of `refusal`, with a way back.
    func errorPage(_ refusal: Refusal, for request: Request, session: DeskSession?) throws -> Response {
        let catalog = catalog(for: request)
        var response = try page(
            "error", title: catalog("error." + refusal.kind), for: request, session: session, status: refusal.status,
            [
                "message": refusal.detail ?? catalog("errorDetail." + refusal.kind),
                "detailed": refusal.detail != nil,
            ])
        if refusal.status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
        return response
    }
}

/// How an error is shown: the status, its kind (naming the catalog's `error.KIND` headline and
/// `errorDetail.KIND` explanation), and any detail the store gave (which field, which rule).
struct Refusal {
    var status: HTTPResponse.Status
    var kind: String
    var detail: String?

    /// The refusal of `error`, logged when it is the server's fault (a storage fault, a 5xx)
    /// under the route's pattern, never its path: a portal link's path is its secret.
    init(_ error: any Error, store: Store, logger: Logger, route: String?) {
        let fault = store.storageFault(error)
        self.init(fault ?? error)
        if let fault {
            logger.error(
                "storage fault",
                metadata: ["storage.fault": "\(fault.kind.rawValue)", "storage.cause": "\(fault.cause)"])
        } else if status.code >= 500 {
            logger.error("page request failed", metadata: ["route": "\(route ?? "unmatched")", "error": "\(error)"])
        }
    }

    init(_ error: any Error) {
        switch error {
        case let error as DeskError:
            status = error.status
            switch error {
            case .signedOut: (kind, detail) = ("signedOut", nil)
            case .badFormToken: (kind, detail) = ("badFormToken", nil)
            case .forbidden: (kind, detail) = ("forbidden", nil)
            case .notFound: (kind, detail) = ("notFound", nil)
            case .badInput(let field, let reason): (kind, detail) = ("badInput", "\(field): \(reason)")
            }
        case is AccessRefused: (status, kind, detail) = (.forbidden, "forbidden", nil)
        case let fault as StorageFault:
            switch fault.kind {
            case .full, .readOnly:
                (status, kind, detail) = (.insufficientStorage, "storageFull", nil)
            case .io: (status, kind, detail) = (.serviceUnavailable, "storageIo", nil)
            case .damaged: (status, kind, detail) = (.internalServerError, "storageDamaged", nil)
            }
        case let error as StoreError:
            switch error {
            case .notFound: (status, kind, detail) = (.notFound, "notFound", nil)
            case .stale: (status, kind, detail) = (.conflict, "stale", nil)
            case .busy: (status, kind, detail) = (.serviceUnavailable, "busy", nil)
            case .ambiguous, .databaseLocation: (status, kind, detail) = (.badRequest, "badInput", error.description)
            case .refused: (status, kind, detail) = (.internalServerError, "internal", nil)
            }
        case let error as ValidationFailure: (status, kind, detail) = (.badRequest, "badInput", error.description)
        case let error as InquiryRuleError: (status, kind, detail) = (.badRequest, "badInput", error.description)
        case let error as any HTTPResponseError where error.status.code < 500:
            (status, kind, detail) = (error.status, "badInput", nil)
        default: (status, kind, detail) = (.internalServerError, "internal", nil)
        }
    }
}
