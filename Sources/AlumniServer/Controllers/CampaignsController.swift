import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// `/api/v1/campaigns`: newsletters, invitations and notices, as on the desk's campaign pages
/// and with `alumni campaigns`: create and edit drafts, add languages, see the audience,
/// preview one person's copy, test-send, and send once (now or from a time, at a rate).
struct CampaignsController {
    let store: Store
    /// The organisation's campaign templates; nil when the server has no mail settings, and
    /// then previews and test sends are a 503.
    let rendering: (any CampaignRendering)?
    var access: Access { Access(store: store) }
    var idempotency: Idempotency { Idempotency(store: store) }

    /// A new draft: its settings and its first (default) language.
    struct NewCampaignRequest: Decodable {
        var name: String
        var topic: ContactTopic
        var segment: CampaignSegment?
        var language: Language
        var subject: String
        var body: String
    }

    /// A draft's new name, topic and segment.
    struct CampaignChange: Decodable {
        var name: String
        var topic: ContactTopic
        var segment: CampaignSegment?
    }

    /// A template in one language.
    struct TemplateRequest: Decodable {
        var subject: String
        var body: String
    }

    struct TestRequest: Decodable {
        var to: String
        var person: Int64?
    }

    /// When and how fast: `at` is required to schedule, optional to send now.
    struct SendRequest: Decodable {
        var at: Date?
        var ratePerMinute: Int?
    }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("campaigns", use: list)
        group.post("campaigns", use: create)
        group.get("campaigns/:id", use: show)
        group.put("campaigns/:id", use: change)
        group.put("campaigns/:id/templates/:language", use: translate)
        group.get("campaigns/:id/audience", use: audience)
        group.get("campaigns/:id/preview", use: preview)
        group.post("campaigns/:id/test", use: test)
        group.post("campaigns/:id/send") { request, context in try await send(request, context, scheduled: false) }
        group.post("campaigns/:id/schedule") { request, context in try await send(request, context, scheduled: true) }
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        return try APIResponse.json(
            try await store.campaignOverviews(
                limit: try query.int("limit", default: 50, range: 1...500)!,
                offset: try query.int("offset", default: 0, range: 0...Int(Int32.max))!,
                as: try access.actor(request, context)))
    }

    /// The campaign with its figures; `If-None-Match` with the last `ETag` is a 304 while nothing changed.
    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let overview = try await store.campaignOverview(
            id: try context.parameters.id(), as: try access.actor(request, context))
        return try APIResponse.tagged(overview, for: request)
    }

    @Sendable func create(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await write(request, context) { body, caller in
            let new = try JSONBody.decode(NewCampaignRequest.self, from: body)
            let campaign = try await store.createCampaign(
                NewCampaign(
                    name: new.name, topic: new.topic, segment: new.segment ?? CampaignSegment(),
                    template: CampaignTemplate(language: new.language, subject: new.subject, body: new.body)),
                rendering: rendering, actor: caller)
            return try APIResponse.json(
                campaign, status: .created, headers: ["Location": "/api/v1/campaigns/\(campaign.id)"])
        }
    }

    @Sendable func change(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let id = try context.parameters.id()
        return try await write(request, context) { body, caller in
            let change = try JSONBody.decode(CampaignChange.self, from: body)
            return try APIResponse.json(
                try await store.updateCampaign(
                    id: id, name: change.name, topic: change.topic, segment: change.segment ?? CampaignSegment(),
                    actor: caller))
        }
    }

    /// Adds or replaces the template in the path's language.
    @Sendable func translate(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let id = try context.parameters.id()
        guard let language = context.parameters.get("language").flatMap(Language.init(rawValue:)) else {
            throw Problem(.notFound, detail: "no such language; use da, nb, sv, fi, de, nl or en")
        }
        return try await write(request, context) { body, caller in
            let template = try JSONBody.decode(TemplateRequest.self, from: body)
            return try APIResponse.json(
                try await store.setCampaignTemplate(
                    campaignId: id,
                    CampaignTemplate(language: language, subject: template.subject, body: template.body),
                    rendering: rendering, actor: caller))
        }
    }

    /// Who it reaches, who is left out and why, and (pension notices) the letter list.
    @Sendable func audience(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try APIResponse.json(
            try await store.campaignAudience(
                id: try context.parameters.id(),
                listLimit: try Query(request).int("limit", default: 100, range: 0...10_000)!,
                as: try access.actor(request, context)))
    }

    /// What `person` gets: subject, text and HTML.
    @Sendable func preview(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let id = try context.parameters.id()
        guard let person = try Query(request).id("person") else {
            throw Query.invalid("person", "is required: the id of the person whose copy to show")
        }
        return try APIResponse.json(
            try await store.previewCampaign(
                id: id, personId: person, rendering: try templates(), as: try access.actor(request, context)))
    }

    @Sendable func test(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let id = try context.parameters.id()
        return try await write(request, context) { body, caller in
            let test = try JSONBody.decode(TestRequest.self, from: body)
            return try APIResponse.json(
                try await store.testCampaign(
                    id: id, to: test.to, personId: test.person, rendering: try templates(), actor: caller),
                status: .accepted)
        }
    }

    /// Starts sending, once: a second request, from anyone, is a 409.
    private func send(_ request: Request, _ context: AlumniRequestContext, scheduled: Bool) async throws -> Response {
        let id = try context.parameters.id()
        return try await write(request, context) { body, caller in
            let send = body.readableBytes == 0 ? SendRequest() : try JSONBody.decode(SendRequest.self, from: body)
            if scheduled, send.at == nil {
                throw Problem(
                    .unprocessableContent, detail: "a schedule needs a time",
                    errors: [FieldError(field: "at", reason: "is required")])
            }
            _ = try await store.startCampaign(
                id: id, start: send.at, ratePerMinute: send.ratePerMinute, actor: caller)
            return try APIResponse.json(
                try await store.campaignOverview(id: id, as: caller), status: .accepted,
                headers: ["Location": "/api/v1/campaigns/\(id)"])
        }
    }

    /// A write: the store's word before the body is read, then the work, replayed for a
    /// retried `Idempotency-Key`.
    private func write(
        _ request: Request, _ context: AlumniRequestContext, _ work: (ByteBuffer, Caller) async throws -> APIResponse
    ) async throws -> Response {
        let caller = try access.actor(request, context)
        try await store.authorize(.manageCampaigns, caller)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) { try await work(body, caller) }
    }

    private func templates() throws -> any CampaignRendering {
        guard let rendering else {
            throw Problem(.serviceUnavailable, detail: "this server has no mail settings to render campaigns with")
        }
        return rendering
    }
}
