import AlumniCore
import Foundation

/// One step in an inquiry's life, as both stores make it: the thread event it writes and what it
/// changes, checked against the inquiry as it stands, its type's policy and the business
/// calendar at the moment it is made.
struct InquiryStep: Sendable {
    typealias Change = @Sendable (inout Inquiry, DeadlinePolicy, BusinessCalendar, Date) throws -> Void

    let kind: InquiryEvent.Kind
    let body: String?
    /// When the event happened, if not now (a requester's message that arrived earlier).
    var at: Date? = nil
    /// Whose the event is, if not the actor's: the requester's own messages.
    var author: (@Sendable (Inquiry) -> String)? = nil
    let change: Change

    /// An answer to the requester; the first one meets the first-response deadline.
    static func reply(_ body: String) throws -> InquiryStep {
        InquiryStep(kind: .reply, body: try requiredBody(body)) { inquiry, _, _, now in
            try inquiry.requireOpen()
            inquiry.timeline.reply(at: now)
        }
    }

    /// An internal note: not an answer, changes no deadline.
    static func note(_ body: String) throws -> InquiryStep {
        InquiryStep(kind: .note, body: try requiredBody(body)) { _, _, _, _ in }
    }

    /// The requester wrote again (at `at`, default now); a stopped resolution clock starts again.
    static func inbound(_ body: String, at: Date?) throws -> InquiryStep {
        InquiryStep(kind: .inbound, body: try requiredBody(body), at: at, author: { "person #\($0.personId)" }) {
            inquiry, _, calendar, now in
            try inquiry.requireOpen()
            let instant = at ?? now
            guard instant <= now, instant >= inquiry.timeline.receivedAt else {
                throw ValidationFailure([FieldError(field: "at", reason: "must lie between the first message and now")])
            }
            inquiry.timeline.inbound(at: instant, calendar: calendar)
            inquiry.status = .open
        }
    }

    /// Asks the requester for something: an answer that stops the resolution clock until they write.
    static func wait(_ body: String) throws -> InquiryStep {
        InquiryStep(kind: .wait, body: try requiredBody(body)) { inquiry, _, _, now in
            try inquiry.requireOpen()
            inquiry.timeline.wait(at: now)
            inquiry.status = .waiting
        }
    }

    /// Gives the inquiry to `owner` (nil: unassigned).
    static func assignment(to owner: String?) -> InquiryStep {
        let owner = owner?.trimmedForStorage
        return InquiryStep(kind: .assignment, body: owner.map { "assigned to \($0)" } ?? "unassigned") {
            inquiry, _, _, _ in inquiry.owner = owner
        }
    }

    /// Extends the resolution deadline once, within the policy's limit, for a stated reason.
    static func extending(byMonths months: Int, reason: String) -> InquiryStep {
        InquiryStep(kind: .extension, body: "extended by \(months) month\(months == 1 ? "" : "s"): \(reason)") {
            inquiry, policy, _, _ in
            try inquiry.checkExtension(months: months, reason: reason, policy: policy)
            inquiry.timeline.extend(byMonths: months)
            inquiry.extensionReason = reason.trimmedForStorage
        }
    }

    /// Closes the inquiry with a resolution; it meets the resolution deadline.
    static func close(resolution: String) throws -> InquiryStep {
        let resolution = try resolution.required("resolution")
        return InquiryStep(kind: .closed, body: resolution) { inquiry, _, calendar, now in
            try inquiry.requireOpen()
            inquiry.timeline.close(at: now, calendar: calendar)
            inquiry.status = .closed
            inquiry.resolution = resolution
        }
    }

    /// Opens a closed inquiry again, with a fresh resolution clock.
    static let reopen = InquiryStep(kind: .reopened, body: nil) { inquiry, _, _, now in
        guard inquiry.status == .closed else { throw InquiryRuleError.notClosed(inquiry.id) }
        inquiry.timeline.reopen(at: now)
        inquiry.status = .open
        inquiry.resolution = nil
        inquiry.extensionReason = nil
    }

    /// `inquiry` after the step made at `now`, its deadlines recomputed.
    func applied(to inquiry: Inquiry, policy: DeadlinePolicy, calendar: BusinessCalendar, now: Date) throws -> Inquiry {
        var inquiry = inquiry
        try change(&inquiry, policy, calendar, now)
        inquiry.deadlines = inquiry.timeline.deadlines(policy: policy, calendar: calendar)
        inquiry.updatedAt = now
        return inquiry
    }

    /// The message the requester gets for this step (an answer, a question, an extension), if any.
    func requesterNotice(for inquiry: Inquiry, person: Person, eventId: Int64, calendar: BusinessCalendar)
        -> RequesterNotice?
    {
        let notice: RequesterNotice.Kind
        let text: String?
        switch kind {
        case .reply: (notice, text) = (.reply, nil)
        case .wait: (notice, text) = (.question, nil)
        case .extension: (notice, text) = (.extension, inquiry.extensionReason)
        default: return nil
        }
        return RequesterNotice(
            kind: notice, inquiry: inquiry, person: person, eventId: eventId, text: text ?? body ?? "",
            resolutionDay: calendar.day(of: inquiry.deadlines.resolutionDue.addingTimeInterval(-1)))
    }

    /// The audit log's name for the step: `inquiry.reply`.
    var auditAction: String { "inquiry.\(kind.rawValue)" }

    private static func requiredBody(_ body: String) throws -> String {
        guard let text = body.trimmedForStorage else { throw InquiryRuleError.emptyBody }
        return text
    }
}

extension Inquiry {
    /// The inquiry `new` opens for `person` (checked, not erased) at `now`: its first message
    /// is the requester's and starts every clock.
    static func opening(
        _ new: NewInquiry, person: Person, policy: DeadlinePolicy, calendar: BusinessCalendar, now: Date
    ) throws -> Inquiry {
        guard person.erasedAt == nil else {
            throw ValidationFailure([FieldError(field: "person", reason: "person #\(person.id) was erased")])
        }
        let timeline = InquiryTimeline(receivedAt: new.receivedAt ?? now)
        return Inquiry(
            id: 0, personId: new.personId, type: new.type, subject: new.subject, channel: new.channel, status: .open,
            owner: new.owner, timeline: timeline, deadlines: timeline.deadlines(policy: policy, calendar: calendar),
            extensionReason: nil, resolution: nil, createdAt: now, updatedAt: now)
    }
}
