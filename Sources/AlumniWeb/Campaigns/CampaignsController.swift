import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Campaigns in the desk (coordinators and admins; the store refuses the others): the list with
/// figures, a new draft, its settings with the audience counted on "Count", a template per
/// language, and sending once, now or from a time, at a rate, with the figures while it goes out.
struct CampaignsController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings
    let rendering: (any CampaignRendering)?

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("campaigns") { request, context in try await list(request, context) }
        group.get("campaigns/new") { request, context in try await newCampaign(request, context) }
        group.post("campaigns") { request, context in try await create(request, context) }
        group.post("campaigns/count") { request, context in try await count(request, context) }
        group.get("campaigns/:id") { request, context in try await show(request, context) }
        group.get("campaigns/:id/progress") { request, context in try await progress(request, context) }
        group.post("campaigns/:id") { request, context in try await change(request, context) }
        group.post("campaigns/:id/templates") { request, context in try await translate(request, context) }
        group.post("campaigns/:id/send") { request, context in try await send(request, context) }
    }

    private func list(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let page = try QueryValues(request.uri.queryParameters).page()
        let campaigns = try await store.campaignSummaries(
            limit: settings.pageSize, offset: (page - 1) * settings.pageSize, as: session.user.actor(request))
        return try pages.page(
            "campaigns", title: catalog("campaigns.title"), for: request, session: session, section: "campaigns",
            [
                "campaigns": campaigns.items.map { CampaignValues.summary($0, catalog: catalog) },
                "paging": Paging.values(
                    page: page, pageSize: settings.pageSize, shown: campaigns.items.count, total: campaigns.total,
                    link: { "/campaigns?page=\($0)" }),
            ])
    }

    private func newCampaign(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        try await store.authorize(.manageCampaigns, session.user.actor(request))
        let empty = CampaignForm(name: "", topic: .newsletter, segment: CampaignSegment())
        return try newPage(request, session, form: empty, language: .en, template: nil, audience: nil)
    }

    /// The new-campaign page: settings, the first template, the merge fields beside it.
    private func newPage(
        _ request: Request, _ session: DeskSession, form: CampaignForm, language: Language,
        template: CampaignTemplate?, audience: CampaignAudience?
    ) throws -> Response {
        let catalog = pages.catalog(for: request)
        return try pages.page(
            "campaign-new", title: catalog("campaigns.new"), for: request, session: session, section: "campaigns",
            [
                "settings": CampaignValues.settings(form, catalog: catalog),
                "languages": CampaignValues.languages(selected: language),
                "subject": template?.subject, "body": template?.body,
                "mergeFields": CampaignRecipient.mergeFields.map { "{{\($0)}}" },
                "audience": audience.map { CampaignValues.audience($0, catalog: catalog) },
            ])
    }

    private func create(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let settings = try CampaignForm(form)
        let campaign = try await store.createCampaign(
            NewCampaign(
                name: settings.name, topic: try settings.requiredTopic(), segment: settings.segment,
                template: try CampaignForm.template(form)),
            rendering: rendering, actor: session.user.actor(request))
        return Response.redirect(to: "/campaigns/\(campaign.id)", type: .normal)
    }

    /// "Count": the form again, as it was sent, with how many people its segment reaches.
    private func count(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let settings = try CampaignForm(form)
        let caller = session.user.actor(request)
        let audience = try await store.segmentAudience(
            settings.segment, topic: try settings.requiredTopic(), as: caller)
        guard let id = form["id"].flatMap(Int64.init) else {
            return try newPage(
                request, session, form: settings, language: try form.choice("language") ?? .en,
                template: CampaignTemplate(language: .en, subject: form["subject"] ?? "", body: form["body"] ?? ""),
                audience: audience)
        }
        return try await campaignPage(
            request, session, try await store.campaignOverview(id: id, as: caller), form: settings, audience: audience)
    }

    private func show(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let overview = try await store.campaignOverview(id: try campaignId(context), as: session.user.actor(request))
        return try await campaignPage(request, session, overview, form: CampaignForm(overview.campaign), audience: nil)
    }

    /// One campaign: its figures (kept current by the desk's script while it goes out), and
    /// while a draft its settings, its templates and the send form.
    private func campaignPage(
        _ request: Request, _ session: DeskSession, _ overview: CampaignOverview, form: CampaignForm,
        audience: CampaignAudience?
    ) async throws -> Response {
        let catalog = pages.catalog(for: request)
        let campaign = overview.campaign
        let zone = try await store.businessCalendar().timeZone
        let missing = Language.allCases.filter { language in !campaign.templates.contains { $0.language == language } }
        return try pages.page(
            "campaign", title: campaign.name, for: request, session: session, section: "campaigns",
            [
                "campaign": CampaignValues.summary(CampaignSummary(overview), catalog: catalog),
                "isDraft": campaign.status == .draft, "isGoing": Self.isGoing(overview),
                // While it goes out, the desk's script follows the figures and the state from here.
                "progressURL": Self.isGoing(overview) ? "/campaigns/\(campaign.id)/progress" : nil,
                "progressState": Self.progressState(overview.progress, catalog),
                "defaultLanguage": campaign.defaultLanguage.nativeName,
                "sendAt": campaign.sendAt.map { DeskFormat.dateTime($0, in: zone) },
                "rate": campaign.ratePerMinute,
                "settings": CampaignValues.settings(form, catalog: catalog),
                "audience": audience.map { CampaignValues.audience($0, catalog: catalog) },
                "templates": campaign.templates.map { template -> PageValue in
                    [
                        "language": template.language.rawValue, "languageName": template.language.nativeName,
                        "subject": template.subject, "body": template.body,
                    ]
                },
                "newLanguages": CampaignValues.languages(missing, selected: nil),
                "mergeFields": CampaignRecipient.mergeFields.map { "{{\($0)}}" },
                "testTo": session.user.email,
                "tested": request.uri.queryParameters["tested"].map(String.init),
            ])
    }

    /// The figures as JSON, for the script that updates them while the campaign goes out.
    private func progress(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let overview = try await store.campaignOverview(id: try campaignId(context), as: session.user.actor(request))
        let live = LiveFigures(
            status: overview.campaign.status, progress: overview.progress, going: Self.isGoing(overview),
            state: Self.progressState(overview.progress, pages.catalog(for: request)))
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(live))))
    }

    /// True while a started campaign is being queued or has messages waiting to be sent.
    private static func isGoing(_ overview: CampaignOverview) -> Bool {
        overview.campaign.status == .sending || (overview.campaign.status == .queued && overview.progress.queued > 0)
    }

    /// How far a campaign has gone out, in words: "42 of 81 handed over".
    private static func progressState(_ progress: CampaignProgress, _ catalog: Catalog) -> String {
        let handled = progress.sent + progress.failed + progress.suppressed
        return catalog(
            "campaigns.handedOver", ["done": String(handled), "total": String(handled + progress.queued)])
    }

    /// A campaign's figures while it goes out, and `state` in words; `going` is false once
    /// everything was handed over.
    private struct LiveFigures: Encodable {
        var status: Campaign.Status
        var progress: CampaignProgress
        var going: Bool
        var state: String
    }

    private func change(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let id = try campaignId(context)
        let settings = try CampaignForm(form)
        _ = try await store.updateCampaign(
            id: id, name: settings.name, topic: try settings.requiredTopic(), segment: settings.segment,
            actor: session.user.actor(request))
        return Response.redirect(to: "/campaigns/\(id)", type: .normal)
    }

    /// Adds or replaces the template in the form's language.
    private func translate(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let id = try campaignId(context)
        _ = try await store.setCampaignTemplate(
            campaignId: id, try CampaignForm.template(form), rendering: rendering, actor: session.user.actor(request))
        return Response.redirect(to: "/campaigns/\(id)", type: .normal)
    }

    /// Starts sending, once: a second click or a second coordinator finds it going out already.
    private func send(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let id = try campaignId(context)
        let calendar = try await store.businessCalendar()
        var start: Date?
        if form["when"] == "later" {
            let text = try form.required("at")
            guard let at = TimeParsing.instant(text, in: calendar) else {
                throw DeskError.badInput(field: "at", reason: "'\(text)' is not a time like 2026-12-01T09:00")
            }
            start = at
        }
        let rate = try form["rate"].flatMap { $0.isEmpty ? nil : $0 }.map { text -> Int in
            guard let rate = Int(text) else {
                throw DeskError.badInput(field: "rate", reason: "must be a whole number")
            }
            return rate
        }
        do {
            _ = try await store.startCampaign(
                id: id, start: start, ratePerMinute: rate, actor: session.user.actor(request))
        } catch is CampaignAlreadySent {
            // Someone (or an earlier click) sent it: the page shows it going out.
        }
        return Response.redirect(to: "/campaigns/\(id)", type: .normal)
    }

    private func campaignId(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        return id
    }
}
