import AlumniCore
import AlumniStore
import Foundation

/// A person's question as the portal's templates show it, in the person's words: "we are
/// working on it", "we are waiting for your answer", "answered", never the desk's terms.
enum PortalQuestionValues {
    static func summary(_ question: PortalQuestion, _ catalog: Catalog) -> PageValue {
        let inquiry = question.inquiry
        return [
            "id": inquiry.id,
            "href": "/my/questions/\(inquiry.id)",
            "about": about(inquiry, catalog),
            "status": catalog("status.\(state(inquiry))"),
            "state": state(inquiry),
            "when": when(question, catalog),
            "handler": shown(question.handler.map { catalog("question.handler", ["name": $0]) }),
            "follows": shown(question.followsId.map { catalog("question.follows", ["id": String($0)]) }),
        ]
    }

    /// The thread, oldest first, each entry saying who wrote and when.
    static func events(_ thread: PortalThread, _ catalog: Catalog) -> PageValue {
        .list(
            thread.events.map { event in
                [
                    "who": catalog("event.\(event.kind.rawValue)"),
                    "ours": event.kind != .inbound,
                    "at": DeskFormat.dateTime(event.at, in: thread.timeZone),
                    "body": shown(event.body),
                    "files": PageValue.list(
                        (thread.attachments[event.id] ?? []).map { file in
                            [
                                "href": "/my/attachments/\(file.id)", "filename": file.filename,
                                "size": size(file.size, catalog),
                            ]
                        }),
                    "hasFiles": thread.attachments[event.id] != nil,
                ]
            })
    }

    /// A file's size in the person's language: "230 kB", "4,2 MB".
    static func size(_ bytes: Int, _ catalog: Catalog) -> String {
        let megabyte = 1024 * 1024
        guard bytes >= megabyte else { return catalog("files.kB", ["size": String(max(1, (bytes + 1023) / 1024))]) }
        let tenths = (bytes * 10 + megabyte / 2) / megabyte
        return catalog("files.MB", ["size": "\(tenths / 10)\(catalog("number.decimal"))\(tenths % 10)"])
    }

    /// `working`, `waiting` (for the person's answer) or `answered`.
    static func state(_ inquiry: Inquiry) -> String {
        switch inquiry.status {
        case .open: "working"
        case .waiting: "waiting"
        case .closed: "answered"
        }
    }

    /// What the question is about: the topic it was asked under, in the person's language, else
    /// its subject (their own words, or their e-mail's subject).
    static func about(_ inquiry: Inquiry, _ catalog: Catalog) -> String {
        guard inquiry.channel == .portal,
            let topic = PortalTopic.allCases.first(where: { $0.subject == inquiry.subject })
        else {
            return inquiry.subject.isEmpty ? catalog("question.untitled", ["id": String(inquiry.id)]) : inquiry.subject
        }
        return catalog("topic.\(topic.rawValue)")
    }

    /// By when the answer comes, or when it came.
    static func when(_ question: PortalQuestion, _ catalog: Catalog) -> String {
        if let answered = question.answeredOn {
            return catalog("question.answeredOn", ["date": PortalPages.day(answered, catalog)])
        }
        if question.inquiry.status == .waiting { return catalog("question.waitingForYou") }
        return catalog("question.answerBy", ["date": PortalPages.day(question.answerBy, catalog)])
    }

    /// Why files were refused, in the person's words with the store's reasons (which name each file).
    static func filesProblem(_ failure: ValidationFailure?, _ catalog: Catalog) -> PageValue {
        shown(failure.map { catalog("files.refused", ["detail": $0.errors.map(\.reason).joined(separator: "; ")]) })
    }

    /// The topics a question can be asked under, `chosen` ticked.
    static func topics(chosen: PortalTopic?, _ catalog: Catalog) -> PageValue {
        .list(
            PortalTopic.allCases.map { topic in
                ["value": topic.rawValue, "label": catalog("topic.\(topic.rawValue)"), "checked": topic == chosen]
            })
    }
}
