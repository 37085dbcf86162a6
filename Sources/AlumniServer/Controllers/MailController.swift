import AlumniCore
import AlumniStore
import AlumniWeb
import Foundation
import Hummingbird

/// `/api/v1/mail`: mail that came in and could not be filed, for the roles that may read
/// restricted data (it may be about a pension), and the files mail brought; every read is audited.
struct MailController {
    let store: Store
    var access: Access { Access(store: store) }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("mail", use: list)
        group.get("mail/:id", use: show)
        group.post("mail/:id/assign", use: assign)
        group.post("mail/:id/dismiss", use: dismiss)
        group.get("mail/attachments/:id", use: attachment)
    }

    /// Where to file a message: exactly one of the three.
    struct Assignment: Decodable {
        var inquiryId: Int64?
        var personId: Int64?
        var newPerson: PersonFields?
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        let status = try query.value("status", as: InboundMailRecord.Status.self) ?? .unmatched
        return try APIResponse.json(
            try await store.inboundMail(
                status: status, limit: try query.int("limit", default: 50, range: 1...500)!,
                offset: try query.int("offset", default: 0, range: 0...Int(Int32.max))!,
                as: try access.actor(request, context)))
    }

    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try APIResponse.json(
            try await store.inboundMail(
                id: try context.parameters.id(), reader: try access.actor(request, context)))
    }

    @Sendable func assign(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        // The store's word before the body is read.
        let caller = try access.actor(request, context)
        try await store.authorize(.writeRestricted, caller)
        let body = try JSONBody.decode(Assignment.self, from: try await JSONBody.collect(request, context: context))
        let target: MailAssignment
        switch (body.inquiryId, body.personId, body.newPerson) {
        case (let inquiry?, nil, nil): target = .inquiry(inquiry)
        case (nil, let person?, nil): target = .person(person)
        case (nil, nil, let fields?): target = .newPerson(fields)
        default:
            throw ValidationFailure([
                FieldError(field: "inquiryId", reason: "give exactly one of inquiryId, personId and newPerson")
            ])
        }
        return try APIResponse.json(
            try await store.assignInboundMail(
                id: try context.parameters.id(), to: target, actor: caller))
    }

    @Sendable func dismiss(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await store.dismissInboundMail(
            id: try context.parameters.id(), actor: try access.actor(request, context))
        return .noContent
    }

    @Sendable func attachment(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let (file, data) = try await store.inboundAttachment(
            id: try context.parameters.id(), as: try access.actor(request, context))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream",
                .contentDisposition: AttachmentName.disposition(file.filename),
                .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
