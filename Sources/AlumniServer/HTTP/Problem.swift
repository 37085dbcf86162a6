import AlumniCore
import AlumniStore
import AlumniWeb
import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem details response (`application/problem+json`) that names the fields
/// at fault.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var detail: String
    /// Each field (JSON key, query parameter or header) and why it was refused.
    public var errors: [FieldError]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, detail: String, errors: [FieldError] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    private struct Body: Encodable {
        var type = "about:blank"
        var title: String
        var status: Int
        var detail: String
        var errors: [FieldError]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            title: status.reasonPhrase, status: status.code, detail: detail, errors: errors.isEmpty ? nil : errors)
        var headers = headers
        headers[.contentType] = "application/problem+json"
        let data = try JSONEncoder().encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// The problem a thrown error stands for; nil for errors that are the server's fault.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            let errors = failure.errors.map { FieldError(field: $0.field.apiFieldName, reason: $0.reason) }
            return Problem(.unprocessableContent, detail: "the request has invalid fields", errors: errors)
        case let rule as InquiryRuleError:
            let status: HTTPResponse.Status =
                switch rule {
                case .closed, .notClosed, .alreadyExtended: .conflict
                default: .unprocessableContent
                }
            return Problem(
                status, detail: rule.description, errors: [FieldError(field: rule.field, reason: rule.description)])
        case let refused as AccessRefused:
            return Problem(.forbidden, detail: refused.description)
        case let sent as CampaignAlreadySent:
            return Problem(.conflict, detail: sent.description)
        case let store as StoreError:
            switch store {
            case .notFound: return Problem(.notFound, detail: store.description)
            case .ambiguous, .stale: return Problem(.preconditionFailed, detail: store.description)
            case .busy:
                return Problem(.serviceUnavailable, detail: store.description, headers: [.retryAfter: "1"])
            case .databaseLocation, .refused: return nil
            }
        case let http as HTTPError:
            return Problem(http.status, detail: http.body ?? http.status.reasonPhrase, headers: http.headers)
        case let http as any HTTPResponseError:
            return Problem(http.status, detail: http.status.reasonPhrase)
        default:
            return nil
        }
    }
}

extension String {
    /// The JSON key for a field the domain names by its CSV column.
    var apiFieldName: String {
        switch self {
        case "given_name": "givenName"
        case "family_name": "familyName"
        case "ref": "externalRef"
        case "reason": "departureReason"
        default: self
        }
    }
}

extension Problem {
    /// What a client is told of a storage fault: 507 for a full disk or a read-only file system
    /// (an operator must act), 503 with `Retry-After` for an I/O error, 500 for a damaged file.
    /// The file's path stays in the server's log.
    init(storage fault: StorageFault) {
        switch fault.kind {
        case .full, .readOnly:
            self.init(
                .insufficientStorage,
                detail: "the server is out of space to store this; nothing was changed, try again later")
        case .io:
            self.init(
                .serviceUnavailable, detail: "the server's disk failed a moment ago; nothing was changed, try again",
                headers: [.retryAfter: "5"])
        case .damaged:
            self.init(.internalServerError, detail: "the server's database is damaged; an operator must restore it")
        }
    }
}
