import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// `/api/v1/inquiries`, `/silent`, `/report`: the inquiry desk.
struct InquiriesController {
    let database: AlumniDatabase
    var access: Access { Access(database: database) }
    var idempotency: Idempotency { Idempotency(database: database) }

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
            try await step($0, $1) { try database.reply(toInquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/note") {
            try await step($0, $1) { try database.addNote(toInquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/wait") {
            try await step($0, $1) { try database.askRequester(inquiry: $0, body: try message($2).body, actor: $1) }
        }
        group.post("inquiries/:id/inbound") {
            try await step($0, $1) { id, actor, body in
                let message = try message(body)
                return try database.recordInbound(toInquiry: id, body: message.body, at: message.at, actor: actor)
            }
        }
        group.post("inquiries/:id/assign") {
            try await step($0, $1) {
                try database.assign(inquiry: $0, to: try JSONBody.decode(AssignRequest.self, from: $2).owner, actor: $1)
            }
        }
        group.post("inquiries/:id/extend") {
            try await step($0, $1) { id, actor, body in
                let extend = try JSONBody.decode(ExtendRequest.self, from: body)
                return try database.extend(inquiry: id, byMonths: extend.months, reason: extend.reason, actor: actor)
            }
        }
        group.post("inquiries/:id/close") {
            try await step($0, $1) {
                try database.close(
                    inquiry: $0, resolution: try JSONBody.decode(CloseRequest.self, from: $2).resolution, actor: $1)
            }
        }
        group.post("inquiries/:id/reopen") {
            try await step($0, $1) { id, actor, body in
                _ = try JSONBody.decode(
                    EmptyRequest.self, from: body.readableBytes == 0 ? ByteBuffer(string: "{}") : body)
                return try database.reopen(inquiry: id, actor: actor)
            }
        }
        group.get("silent", use: silent)
        group.get("report", use: report)
    }

    private func message(_ body: ByteBuffer) throws -> MessageRequest {
        try JSONBody.decode(MessageRequest.self, from: body)
    }

    /// The inquiry types the caller may see, narrowed by a `type` filter (403 for a type beyond them).
    private func visibleTypes(_ user: StaffUser, requested: InquiryType?) throws -> [InquiryType]? {
        let visible = user.role.visibleInquiryTypes
        guard let requested else { return visible }
        guard visible?.contains(requested) ?? true else {
            throw Problem(
                .forbidden, detail: "the \(user.role.rawValue) role may not see \(requested.rawValue) inquiries")
        }
        return [requested]
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let user = try access.require(.listInquiries, request, context)
        let query = Query(request)
        var inquiries = InquiryQuery()
        inquiries.status = try query.value("status", as: InquiryStatus.self)
        inquiries.types = try visibleTypes(user, requested: try query.value("type", as: InquiryType.self))
        inquiries.owner = query.string("owner")
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
        inquiries.withText = user.role.readsCaseText
        inquiries.limit = try query.int("limit", default: 50, range: 1...1000)!
        inquiries.offset = try query.int("offset", default: 0, range: 0...Int(Int32.max))!
        return try APIResponse.json(try database.inquiries(matching: inquiries))
    }

    @Sendable func open(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONBody.collect(request, context: context)
        let new = try JSONBody.decode(OpenRequest.self, from: body)
        try access.require(.writeInquiry(new.type), request, context, personId: new.personId)
        return try idempotency.run(request, body: body, context: context) {
            let inquiry = try database.openInquiry(
                NewInquiry(
                    personId: new.personId, type: new.type, subject: new.subject, body: new.body,
                    channel: new.channel ?? .email, receivedAt: new.receivedAt, owner: new.owner), actor: user.name)
            return try APIResponse.json(
                inquiry, status: .created, headers: ["Location": "/api/v1/inquiries/\(inquiry.id)"])
        }
    }

    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let id = try context.parameters.id()
        let (user, _) = try access.requireInquiry(id, write: false, request, context)
        return try APIResponse.json(try database.inquiryDetails(id: id, reader: user.name))
    }

    /// One lifecycle step: access by the inquiry's type, idempotency, the step, the inquiry back.
    private func step(
        _ request: Request, _ context: AlumniRequestContext,
        _ change: (Int64, String, ByteBuffer) throws -> Inquiry
    ) async throws -> Response {
        let id = try context.parameters.id()
        let (user, _) = try access.requireInquiry(id, write: true, request, context)
        let body = try await JSONBody.collect(request, context: context)
        return try idempotency.run(request, body: body, context: context) {
            try APIResponse.json(try change(id, user.name, body))
        }
    }

    @Sendable func reassign(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let user = try access.require(.reassignInquiries, request, context)
        let body = try await JSONBody.collect(request, context: context)
        return try idempotency.run(request, body: body, context: context) {
            let move = try JSONBody.decode(ReassignRequest.self, from: body)
            let moved = try database.reassignInquiries(
                from: move.from, to: move.to, actor: user.name)
            return try APIResponse.json(ReassignResponse(moved: moved))
        }
    }

    @Sendable func silent(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let user = try access.require(.listInquiries, request, context)
        return try APIResponse.json(
            try database.silentCases(types: user.role.visibleInquiryTypes, withText: user.role.readsCaseText))
    }

    @Sendable func report(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let user = try access.require(.readReport, request, context)
        let query = Query(request)
        return try APIResponse.json(
            try database.inquiryReport(
                from: try query.date("from"), to: try query.date("to"), types: user.role.visibleInquiryTypes))
    }
}
