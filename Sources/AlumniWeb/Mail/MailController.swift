import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Mail that came in: the unmatched list HR works through (admin, hr: it may be about a
/// pension), one message with its files and the forms that file or dismiss it, and the files
/// mail brought to an inquiry.
struct MailController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("mail") { request, context in try await list(request, context) }
        group.get("mail/:id") { request, context in try await show(request, context) }
        group.get("mail/:id/original") { request, context in try await original(request, context) }
        group.post("mail/:id/assign") { request, context in try await assign(request, context) }
        group.post("mail/:id/dismiss") { request, context in try await dismiss(request, context) }
        group.get("mail/attachments/:id") { request, context in try await attachment(request, context) }
    }

    private func list(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let query = QueryValues(request.uri.queryParameters)
        let status = try query.parsed("status") { InboundMailRecord.Status(rawValue: $0) } ?? .unmatched
        let page = try query.page()
        let mail = try await store.inboundMail(
            status: status, limit: settings.pageSize, offset: (page - 1) * settings.pageSize,
            as: session.user.actor(request))
        let zone = try await store.businessCalendar().timeZone
        let rows = mail.items.map { item -> PageValue in
            [
                "id": item.id, "received": DeskFormat.dateTime(item.receivedAt, in: zone),
                "sender": item.senderName.map { "\($0) <\(item.sender ?? "")>" } ?? item.sender ?? "",
                "subject": item.subject.isEmpty ? catalog("mail.noSubject") : item.subject,
                "nature": catalog("mail.nature." + item.nature), "reason": item.reason,
                "files": item.attachments.count,
            ]
        }
        let views = InboundMailRecord.Status.allCases.map { view -> PageValue in
            [
                "href": "/mail?status=\(view.rawValue)", "label": catalog("mail.view." + view.rawValue),
                "current": view == status,
            ]
        }
        return try pages.page(
            "mail-list", title: catalog("mail.title"), for: request, session: session, section: "mail",
            [
                "rows": rows, "empty": rows.isEmpty, "views": views,
                "paging": Paging.values(
                    page: page, pageSize: settings.pageSize, shown: rows.count, total: mail.total,
                    link: { "/mail?status=\(status.rawValue)&page=\($0)" }),
            ])
    }

    private func show(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let id = try mailId(context)
        let catalog = pages.catalog(for: request)
        let mail = try await store.inboundMail(id: id, reader: session.user.actor(request))
        let zone = try await store.businessCalendar().timeZone
        return try pages.page(
            "mail", title: "\(catalog("mail.one")) #\(id)", for: request, session: session, section: "mail",
            [
                "mail": [
                    "id": mail.id, "received": DeskFormat.dateTime(mail.receivedAt, in: zone),
                    "senderName": shown(mail.senderName), "sender": shown(mail.sender),
                    "recipient": shown(mail.recipient),
                    "subject": mail.subject.isEmpty ? catalog("mail.noSubject") : mail.subject,
                    "nature": catalog("mail.nature." + mail.nature), "reason": mail.reason, "text": mail.text,
                    "inquiryId": mail.inquiryId?.pageValue ?? false,
                    "personId": mail.personId?.pageValue ?? false,
                    "attachments": mail.attachments.map(AttachmentValues.of),
                ] as PageValue,
                "canFile": mail.status == .unmatched && ["message", "automatic"].contains(mail.nature)
                    && session.user.role.may(.writeRestricted),
                "canDismiss": mail.status == .unmatched && session.user.role.may(.writeRestricted),
                "kinds": PersonKind.allCases.map { ["value": $0.rawValue, "label": catalog("kind." + $0.rawValue)] },
            ])
    }

    private func original(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let id = try mailId(context)
        let data = try await store.inboundMailOriginal(id: id, reader: session.user.actor(request))
        return FileDownload(filename: "mail-\(id).eml", data: data).response
    }

    private func assign(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let id = try mailId(context)
        let form = try await DeskForm.checked(request, context, session: session)
        let target: MailAssignment =
            switch try form.required("target") {
            case "inquiry": .inquiry(try form.number("inquiry"))
            case "person": .person(try form.number("person"))
            case "new":
                .newPerson(
                    PersonFields(
                        givenName: try form.required("given"), familyName: try form.required("family"),
                        email: try await store.inboundMail(id: id, reader: session.user.actor(request)).sender,
                        kind: try form.requiredChoice("kind")))
            default: throw DeskError.badInput(field: "target", reason: "is unknown")
            }
        let receipt = try await store.assignInboundMail(id: id, to: target, actor: session.user.actor(request))
        return Response.redirect(to: "/inquiries/\(receipt.inquiryId ?? 0)", type: .normal)
    }

    private func dismiss(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let id = try mailId(context)
        _ = try await DeskForm.checked(request, context, session: session)
        try await store.dismissInboundMail(id: id, actor: session.user.actor(request))
        return Response.redirect(to: "/mail", type: .normal)
    }

    private func attachment(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let (file, data) = try await store.inboundAttachment(id: try mailId(context), as: session.user.actor(request))
        return FileDownload(filename: file.filename, data: data).response
    }

    private func mailId(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        return id
    }
}
