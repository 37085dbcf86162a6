import HTTPTypes

/// Why a desk request is refused; the error page middleware shows each as a page.
enum DeskError: Error, Equatable {
    /// No live session (the session middleware sends the visitor to sign in).
    case signedOut
    /// A form without the session's CSRF token, or with a wrong one.
    case badFormToken
    /// The role may not do this.
    case forbidden
    /// No such record, or one this role may not see.
    case notFound
    /// A form value that cannot be used: the field and why.
    case badInput(field: String, reason: String)

    var status: HTTPResponse.Status {
        switch self {
        case .signedOut: .unauthorized
        case .badFormToken, .forbidden: .forbidden
        case .notFound: .notFound
        case .badInput: .badRequest
        }
    }
}
