import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// `/api/v1/inquiries`, `/silent`, `/report`: the inquiry desk.
struct InquiriesController {
    let store: Store
    var access: Access { Access(store: store) }
    var idempotency: Idempotency { Idempotency(store: store) }

    struct OpenRequest: Decodable {
        var personId: Int64
        var type: InquiryType
        var subject: String
        var body: String?
        var channel: InquiryChannel?
        var receivedAt: Date?
        var owner: String?
    }

    struct MessageRequest: Decodable {
        var body: String
        var at: Date?
    }

    struct AssignRequest: Decodable {
        var owner: String?
    }

    struct ExtendRequest: Decodable {
        var months: Int
        var reason: String
    }

    struct CloseRequest: Decodable {
        var resolution: String
    }

    struct ReassignRequest: Decodable {
        var from: String
        var to: String
    }

    /// Steps that take no fields still take a JSON object.
    /// A body with nothing to say, which must still be a JSON object.
    struct EmptyRequest: Decodable {
        private enum CodingKeys: CodingKey {}

        init(from decoder: any Decoder) throws {
            _ = try decoder.container(keyedBy: CodingKeys.self)
        }
    }

    struct ReassignResponse: Encodable {
        var moved: Int
    }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("inquiries", use: list)
        group.post("inquiries", use: open)
        group.post("inquiries/reassign", use: reassign)
        group.get("inquiries/:id", use: show)
        group.post("inquiries/:id/reply") {
            try await step($0, $1) { try await store.reply(toInquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/note") {
            try await step($0, $1) { try await store.addNote(toInquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/wait") {
            try await step($0, $1) { try await store.askRequester(inquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/inbound") {
            try await step($0, $1) { id, actor, body in
                let message = try message(body)
                return try await store.recordInbound(toInquiry: id, body: message.body, at: message.at, actor: actor)
            }
        }
        group.post("inquiries/:id/assign") {
            try await step($0, $1) {
                try await store.assign(
                    inquiry: $0, to: try JSONBody.decode(AssignRequest.self, from: $2).owner, actor: $1)
            }
        }
        group.post("inquiries/:id/extend") {
            try await step($0, $1) { id, actor, body in
                let extend = try JSONBody.decode(ExtendRequest.self, from: body)
                return try await store.extend(inquiry: id, byMonths: extend.months, reason: extend.reason, actor: actor)
            }
        }
        group.post("inquiries/:id/close") {
            try await step($0, $1) {
                try await store.close(
                    inquiry: $0, resolution: try JSONBody.decode(CloseRequest.self, from: $2).resolution, actor: $1)
            }
        }
        group.post("inquiries/:id/reopen") {
            try await step($0, $1) { id, actor, body in
                _ = try JSONBody.decode(
                    EmptyRequest.self, from: body.readableBytes == 0 ? ByteBuffer(string: "{}") : body)
                return try await store.reopen(inquiry: id, actor: actor)
            }
        }
        group.get("silent", use: silent)
        group.get("report", use: report)
    }

    private func message(_ body: ByteBuffer) throws -> MessageRequest {
        try JSONBody.decode(MessageRequest.self, from: body)
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let actor = try access.actor(request, context)
        let query = Query(request)
        var inquiries = InquiryQuery()
        inquiries.status = try query.value("status", as: InquiryStatus.self)
        inquiries.types = try query.value("type", as: InquiryType.self).map { [$0] }
        inquiries.owner = try query.string("owner")
        inquiries.unassigned = try query.bool("unassigned")
        inquiries.overdue = try query.bool("overdue")
        inquiries.silent = try query.bool("silent")
        if let text = try query.raw("dueWithin") {
            guard let seconds = TimeParsing.duration(text) else {
                throw Query.invalid("dueWithin", "'\(text)' is not a duration like 2d, 36h or 1w")
            }
            inquiries.dueWithin = seconds
        }
        inquiries.personId = try query.id("person")
        inquiries.limit = try query.int("limit", default: 50, range: 1...1000)!
        inquiries.offset = try query.int("offset", default: 0, range: 0...Int(Int32.max))!
        let page = try await store.inquiries(matching: inquiries, as: actor)
        let standing = try await store.inquiryStanding()
        return try APIResponse.json(page.map { ConditionedInquiry($0, standing) })
    }

    @Sendable func open(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let actor = try access.actor(request, context)
        let body = try await JSONBody.collect(request, context: context)
        let new = try JSONBody.decode(OpenRequest.self, from: body)
        return try await idempotency.run(request, body: body, context: context) {
            let inquiry = try await store.openInquiry(
                NewInquiry(
                    personId: new.personId, type: new.type, subject: new.subject, body: new.body,
                    channel: new.channel ?? .email, receivedAt: new.receivedAt, owner: new.owner), actor: actor)
            return try APIResponse.json(
                inquiry, status: .created, headers: ["Location": "/api/v1/inquiries/\(inquiry.id)"])
        }
    }

    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let id = try context.parameters.id()
        return try APIResponse.json(try await store.inquiryDetails(id: id, as: try access.actor(request, context)))
    }

    /// One lifecycle step: the store's word on whether the caller may work on the inquiry
    /// (asked before the body is read), idempotency, the step, the inquiry back.
    private func step(
        _ request: Request, _ context: AlumniRequestContext,
        _ change: (Int64, Caller, ByteBuffer) async throws -> Inquiry
    ) async throws -> Response {
        let id = try context.parameters.id()
        let actor = try access.actor(request, context)
        _ = try await store.inquiry(id: id, as: actor, write: true)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) {
            try APIResponse.json(try await change(id, actor, body))
        }
    }

    @Sendable func reassign(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let actor = try access.actor(request, context)
        try await store.authorize(.reassignInquiries, actor)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) {
            let move = try JSONBody.decode(ReassignRequest.self, from: body)
            let moved = try await store.reassignInquiries(
                from: move.from, to: move.to, actor: actor)
            return try APIResponse.json(ReassignResponse(moved: moved))
        }
    }

    @Sendable func silent(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try APIResponse.json(try await store.silentCases(as: try access.actor(request, context)))
    }

    @Sendable func report(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        return try APIResponse.json(
            try await store.inquiryReport(
                from: try query.date("from"), to: try query.date("to"), as: try access.actor(request, context)))
    }
}
