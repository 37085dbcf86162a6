/// Why a lifecycle step was refused.
public enum InquiryRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    case closed(Int64)
    case notClosed(Int64)
    case extensionNotAllowed(InquiryType)
    case alreadyExtended(Int64)
    case extensionTooLong(maxMonths: Int)
    case reasonRequired
    case emptyBody

    public var description: String {
        switch self {
        case .closed(let id): "inquiry #\(id) is closed; reopen it first"
        case .notClosed(let id): "inquiry #\(id) is not closed"
        case .extensionNotAllowed(let type): "\(type.rawValue) inquiries cannot be extended"
        case .alreadyExtended(let id): "inquiry #\(id) was already extended once"
        case .extensionTooLong(let max): "an extension may be at most \(max) month\(max == 1 ? "" : "s")"
        case .reasonRequired: "an extension needs a reason (--reason)"
        case .emptyBody: "the message is empty (--body)"
        }
    }

    /// The field or argument the error is about.
    public var field: String {
        switch self {
        case .closed, .notClosed, .alreadyExtended: "status"
        case .extensionNotAllowed, .extensionTooLong: "by"
        case .reasonRequired: "reason"
        case .emptyBody: "body"
        }
    }
}

extension Inquiry {
    /// Checks that the inquiry takes messages (it is not closed).
    public func requireOpen() throws(InquiryRuleError) {
        if status == .closed { throw .closed(id) }
    }

    /// Checks an extension of `months` with `reason` against the policy: once, within its limit, with a reason.
    public func checkExtension(months: Int, reason: String?, policy: DeadlinePolicy) throws(InquiryRuleError) {
        try requireOpen()
        guard policy.maxExtensionMonths > 0 else { throw .extensionNotAllowed(type) }
        guard timeline.extensionMonths == 0 else { throw .alreadyExtended(id) }
        guard (1...policy.maxExtensionMonths).contains(months) else {
            throw .extensionTooLong(maxMonths: policy.maxExtensionMonths)
        }
        guard reason?.trimmedNonEmpty != nil else { throw .reasonRequired }
    }
}
