/// Who is acting on the store (the actor of its audit log). Every gated store call takes one: the store decides from it
/// what may be read and done, and names it in the audit log. A front end only says who is
/// there; it never narrows or widens what they see.
public struct Caller: Sendable, Hashable, CustomStringConvertible {
    /// What the actor's rights rest on.
    public enum Standing: Sendable, Hashable {
        /// A staff account, signed in to the desk or calling the API with its token: what its
        /// role may do.
        case staff(StaffRole)
        /// Someone at the command line without `--as`: they hold the database file, so they have
        /// the administrator's rights.
        case console
        /// The desk's own background work: alert scans, farewells, retention, mail in.
        case system
    }

    /// The name written to the audit log.
    public let name: String
    public let standing: Standing
    /// Where the actor reached the store ("GET /api/v1/people/3", "desk GET /people/3",
    /// "alumni people show"), for the audit entry of a refusal.
    public var via: String?

    public init(name: String, standing: Standing, via: String? = nil) {
        self.name = name
        self.standing = standing
        self.via = via
    }

    /// The same actor, reaching the store through `via`.
    public func via(_ via: String) -> Caller {
        var actor = self
        actor.via = via
        return actor
    }

    /// A staff member with `role`.
    public static func staff(_ name: String, role: StaffRole) -> Caller { Caller(name: name, standing: .staff(role)) }

    /// Someone at the command line, named for the audit log.
    public static func console(_ name: String) -> Caller { Caller(name: name, standing: .console) }

    /// One of the desk's own jobs, named for the audit log ("alerts", "retention").
    public static func system(_ job: String) -> Caller { Caller(name: job, standing: .system) }

    /// The staff role, for a staff member; nil for the console and the system.
    public var role: StaffRole? {
        if case .staff(let role) = standing { role } else { nil }
    }

    /// True when the actor may do `action`.
    public func may(_ action: StaffAction) -> Bool {
        role?.may(action) ?? true
    }

    /// Whether lists show the actor the words of a case, or only its ids, type, state and
    /// deadlines (see ``StaffRole/readsCaseText``).
    public var readsCaseText: Bool { role?.readsCaseText ?? true }

    /// The inquiry types whose cases the actor may see; nil means all.
    public var visibleInquiryTypes: [InquiryType]? { role?.visibleInquiryTypes }

    /// `requested` if the actor may see every one of them (nil: every type the actor may see);
    /// else the first type they may not see.
    public func inquiryTypes(_ requested: [InquiryType]?) -> Result<[InquiryType]?, InquiryTypeHidden> {
        guard let visible = visibleInquiryTypes else { return .success(requested) }
        guard let requested else { return .success(visible) }
        if let hidden = requested.first(where: { !visible.contains($0) }) { return .failure(InquiryTypeHidden(hidden)) }
        return .success(requested)
    }

    /// "anna (coordinator)", "ci (command line)", "alerts (system)".
    public var description: String {
        switch standing {
        case .staff(let role): "\(name) (\(role.rawValue))"
        case .console: "\(name) (command line)"
        case .system: "\(name) (system)"
        }
    }
}

/// An inquiry type the actor asked for and may not see.
public struct InquiryTypeHidden: Error, Sendable {
    public let type: InquiryType

    public init(_ type: InquiryType) { self.type = type }
}
