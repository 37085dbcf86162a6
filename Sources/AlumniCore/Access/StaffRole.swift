/// What a staff account may do.
public enum StaffRole: String, CaseIterable, Codable, Sendable {
    /// Everything, including users, tokens and the audit log.
    case admin
    /// The pension desk: everything about people and inquiries, restricted data included.
    case hr
    /// Alumni coordinators: people, preferences and the inquiries that are not restricted.
    case coordinator
    /// Reads people and unrestricted inquiries; changes nothing.
    case viewer
    /// A service account for automation: reads inquiry lists and deadlines only.
    case alertBot = "alert-bot"
}

/// Something a request wants to do, as far as access is concerned.
public enum StaffAction: Hashable, Sendable {
    case readPeople
    case writePeople
    /// Employment periods, pension arrangements, full data exports, erasure.
    case readRestricted
    case writeRestricted
    /// Lists of inquiries with their deadlines, and the silent cases.
    case listInquiries
    /// One inquiry with its thread, of a type.
    case readInquiry(InquiryType)
    case writeInquiry(InquiryType)
    /// Moving every case of one owner to another.
    case reassignInquiries
    case readReport
    case readCalendar
    case readAudit
    /// Staff accounts: roles, disabling, passwords, tokens.
    case manageStaff
    /// Erasing a person: the admin's alone, since nothing brings them back.
    case erasePeople
    /// Campaigns: writing, translating, test sends and sending to a segment.
    case manageCampaigns
    /// The organisation's settings, deadline policies, closing days, and retrying the outbox.
    case configure
}

extension StaffAction {
    /// What the action is, in words after "may not": "read pension data".
    public var phrase: String {
        switch self {
        case .readPeople: "read people"
        case .writePeople: "change people"
        case .readRestricted: "read employment and pension data or whole records"
        case .writeRestricted: "change employment and pension data"
        case .listInquiries: "list inquiries"
        case .readInquiry(let type): "read \(type.rawValue) inquiries"
        case .writeInquiry(let type): "work on \(type.rawValue) inquiries"
        case .reassignInquiries: "move inquiries between owners"
        case .readReport: "read the report"
        case .readCalendar: "read the calendar"
        case .readAudit: "read the audit log"
        case .manageStaff: "manage staff accounts"
        case .erasePeople: "erase people"
        case .manageCampaigns: "write or send campaigns"
        case .configure: "change the organisation's settings"
        }
    }
}

extension StaffRole {
    /// True when the role may do `action`.
    public func may(_ action: StaffAction) -> Bool {
        switch (self, action) {
        case (.admin, _): true
        case (.hr, .readAudit), (.hr, .manageStaff), (.hr, .erasePeople), (.hr, .manageCampaigns), (.hr, .configure):
            false
        case (.hr, _): true
        case (.coordinator, .readRestricted), (.coordinator, .writeRestricted), (.coordinator, .reassignInquiries),
            (.coordinator, .readAudit), (.coordinator, .manageStaff), (.coordinator, .erasePeople),
            (.coordinator, .configure):
            false
        case (.coordinator, .readInquiry(let type)), (.coordinator, .writeInquiry(let type)): !type.isRestricted
        case (.coordinator, _): true
        case (.viewer, .readPeople), (.viewer, .listInquiries), (.viewer, .readReport), (.viewer, .readCalendar): true
        case (.viewer, .readInquiry(let type)): !type.isRestricted
        case (.viewer, _): false
        case (.alertBot, .listInquiries), (.alertBot, .readCalendar): true
        case (.alertBot, _): false
        }
    }

    /// Whether lists show this role the words of a case — an inquiry's subject, resolution and
    /// extension reason, a silent case's title — or only its ids, type, state and deadlines
    /// (the alert bot: automation needs no one's pension question).
    public var readsCaseText: Bool { self != .alertBot }

    /// The inquiry types whose cases this role sees in lists; nil means all.
    public var visibleInquiryTypes: [InquiryType]? {
        switch self {
        case .admin, .hr, .alertBot: nil
        case .coordinator, .viewer: InquiryType.allCases.filter { !$0.isRestricted }
        }
    }
}
