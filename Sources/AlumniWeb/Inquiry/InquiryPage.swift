import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The values of an inquiry's page: who asked, the deadlines, the thread oldest first, and the
/// actions this role may take.
struct InquiryPage {
    let store: Store

    func values(_ id: Int64, user: StaffUser, actor: Caller, catalog: Catalog) async throws -> PageValue {
        let details = try await store.inquiryDetails(id: id, as: actor)
        let inquiry = details.inquiry
        let standing = try await store.inquiryStanding()
        let (now, calendar) = (standing.now, standing.calendar)
        let zone = calendar.timeZone
        let deadlines: [PageValue] =
            [
                ("deadline.firstResponse", inquiry.deadlines.firstResponseDue, inquiry.firstResponseState(now: now)),
                ("deadline.resolution", inquiry.deadlines.resolutionDue, inquiry.resolutionState(now: now)),
            ].map { label, due, state in
                var overdue = false
                if case .overdue = state { overdue = true }
                return [
                    "label": catalog(label), "due": DeskFormat.dateTime(due, in: zone),
                    "state": DeskFormat.deadline(state, now: now, catalog), "overdue": overdue,
                ]
            }
            + (inquiry.deadlines.silentAt.map { silentAt in
                [
                    [
                        "label": catalog("deadline.silence"), "due": DeskFormat.dateTime(silentAt, in: zone),
                        "state": catalog(details.silent ? "badge.silent" : "deadline.running"),
                        "overdue": details.silent,
                    ]
                ]
            } ?? [])
        let mail = try await store.inboundMail(ofInquiry: id)
        let attached = try await store.inquiryAttachments(inquiryId: id, as: actor)
        let thread = details.thread.map { event -> PageValue in
            [
                "kind": event.kind.rawValue, "label": catalog("event." + event.kind.rawValue), "author": event.author,
                "at": DeskFormat.dateTime(event.at, in: zone), "body": shown(event.body),
                "mail": mail[event.id].map { message -> PageValue in
                    [
                        "sender": message.sender ?? "", "files": message.attachments.map(AttachmentValues.of),
                        "hasFiles": !message.attachments.isEmpty,
                    ]
                } ?? false,
                "attached": PageValue.list((attached[event.id] ?? []).map(AttachmentValues.of)),
                "hasAttached": attached[event.id] != nil,
            ]
        }
        let canWrite = user.role.may(.writeInquiry(inquiry.type))
        // The extension the policy allows, offered only while it can be taken.
        let maxExtension = try await store.deadlinePolicies().first { $0.type == inquiry.type }?.maxExtensionMonths ?? 0
        let canExtend =
            canWrite && inquiry.status != .closed && inquiry.timeline.extensionMonths == 0 && maxExtension > 0
        var values: PageValue = [
            "inquiry": [
                "id": inquiry.id, "subject": inquiry.subject, "type": catalog("type." + inquiry.type.rawValue),
                "channel": catalog("channel." + inquiry.channel.rawValue), "owner": shown(inquiry.owner),
                "status": catalog("status." + inquiry.status.rawValue), "resolution": shown(inquiry.resolution),
                "extensionReason": shown(inquiry.extensionReason),
                "follows": try await store.followedInquiry(of: id, as: actor).map { PageValue.number(Int($0)) }
                    ?? false,
            ] as PageValue,
            "person": [
                "id": details.person.id, "name": details.person.displayName,
                "email": shown(details.person.fields.email),
            ] as PageValue,
            "badges": standing.conditions(of: inquiry).map { $0.badge(catalog) },
            "deadlines": deadlines, "thread": thread,
            "seen": details.thread.map(\.id).max() ?? 0, "formKey": APITokens.random(),
            "canWrite": canWrite, "isOpen": canWrite && inquiry.status != .closed,
            "isClosed": canWrite && inquiry.status == .closed,
            "canExtend": canExtend, "extensionMonths": Array(1...max(1, maxExtension)),
            "staff": try await store.users().filter { $0.disabledAt == nil }.map { user -> PageValue in
                ["name": user.name, "selected": user.name == inquiry.owner]
            },
        ]
        if let periods = details.employmentPeriods, let pensions = details.pensionArrangements {
            values["pension"] = PensionValues.of(periods: periods, arrangements: pensions)
        }
        return values
    }
}
