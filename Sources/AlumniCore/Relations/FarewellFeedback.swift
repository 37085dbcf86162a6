import Foundation

/// Why someone left, as a farewell's feedback page offers it: the reasons of their kind.
public enum LeavingReason: String, CaseIterable, Codable, Sendable {
    // Former employees.
    case newJob = "new-job"
    case career
    case pay
    case management
    case workload
    case relocation
    case retirement
    // Former customers.
    case price
    case service
    case product
    case moved
    case competitor
    case noLongerNeeded = "no-longer-needed"
    case other

    /// The reasons offered to a person of `kind`, in the order shown.
    public static func offered(to kind: PersonKind?) -> [LeavingReason] {
        switch kind {
        case .customer: [.price, .service, .product, .moved, .competitor, .noLongerNeeded, .other]
        case .employee: [.newJob, .career, .pay, .management, .workload, .relocation, .retirement, .other]
        case .both, nil: allCases
        }
    }
}

/// Whether someone who left would consider coming back.
public enum ComingBack: String, CaseIterable, Codable, Sendable {
    case yes, maybe, no
}

/// What a person said about leaving, from the page their farewell e-mail links to.
public struct FarewellFeedback: Sendable, Equatable, Codable {
    public var reasons: [LeavingReason]
    /// Their own words, if any.
    public var words: String?
    /// How likely they are to recommend us, 0 to 10.
    public var score: Int
    public var comingBack: ComingBack
    /// Whether we may tell them about openings (former employees) or offers (former customers).
    public var hearAboutOpenings: Bool

    public init(
        reasons: [LeavingReason], words: String?, score: Int, comingBack: ComingBack, hearAboutOpenings: Bool
    ) {
        self.reasons = reasons
        self.words = words
        self.score = score
        self.comingBack = comingBack
        self.hearAboutOpenings = hearAboutOpenings
    }

    /// The sentiment the score says, as NPS counts it: 9–10 an ambassador, 0–6 a detractor,
    /// 7–8 neutral.
    public var sentiment: Sentiment {
        switch score {
        case 9...: .ambassador
        case 7...8: .neutral
        default: .detractor
        }
    }

    /// The answer checked: a score from 0 to 10, reasons offered to `kind`, words of at most
    /// 5,000 characters (trimmed; empty means none).
    public func validated(for kind: PersonKind?) throws(ValidationFailure) -> FarewellFeedback {
        var clean = self
        var errors: [FieldError] = []
        if !(0...10).contains(score) { errors.append(FieldError(field: "score", reason: "must be 0 to 10")) }
        let offered = LeavingReason.offered(to: kind)
        if let stranger = reasons.first(where: { !offered.contains($0) }) {
            errors.append(FieldError(field: "reasons", reason: "'\(stranger.rawValue)' is not offered here"))
        }
        clean.reasons = offered.filter(reasons.contains)
        clean.words = words.trimmedNonEmpty
        if (clean.words?.count ?? 0) > 5_000 {
            errors.append(FieldError(field: "words", reason: "is longer than 5000 characters"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }

    /// The topic a yes to openings consents to: job openings for a former employee, offers for
    /// a former customer.
    public static func openingsTopic(for kind: PersonKind?) -> ContactTopic {
        kind == .customer ? .offers : .jobs
    }
}
