import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Looking at a campaign before it goes: one chosen person's copy (their language and merge
/// values, text and HTML parts, footer and links), a test send to the coordinator's own
/// address, and the audience with who is left out and why, with the letter list as CSV.
struct CampaignPreviewController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let rendering: (any CampaignRendering)?

    /// How many excluded people and letters the audience page lists; the CSV has every letter.
    static var listed: Int { 200 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("campaigns/:id/preview") { request, context in try await preview(request, context) }
        group.get("campaigns/:id/preview.html") { request, context in try await previewHTML(request, context) }
        group.post("campaigns/:id/test") { request, context in try await test(request, context) }
        group.get("campaigns/:id/audience") { request, context in try await audience(request, context) }
        group.get("campaigns/:id/letters.csv") { request, context in try await letters(request, context) }
    }

    private func preview(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let id = try campaignId(context)
        let caller = session.user.actor(request)
        let campaign = try await store.campaign(id: id, as: caller)
        let person = try personId(request)
        let preview = try await store.previewCampaign(id: id, personId: person, rendering: try templates(), as: caller)
        return try pages.page(
            "campaign-preview", title: "\(catalog("campaigns.preview")): \(campaign.name)", for: request,
            session: session, section: "campaigns",
            [
                "id": id, "name": campaign.name, "personId": person, "language": preview.language.nativeName,
                "subject": preview.subject, "text": preview.text,
            ])
    }

    /// The HTML part alone, for the preview's frame: sandboxed, no script, nothing from elsewhere.
    private func previewHTML(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let preview = try await store.previewCampaign(
            id: try campaignId(context), personId: try personId(request), rendering: try templates(),
            as: session.user.actor(request))
        var response = HTMLResponse(html: Array(preview.html.utf8)).response
        response.headers[.contentSecurityPolicy] =
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
        response.headers[.xFrameOptions] = "SAMEORIGIN"
        return response
    }

    private func test(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let id = try campaignId(context)
        let person = try form["person"].flatMap { $0.isEmpty ? nil : try Self.personNumber($0) }
        let sent = try await store.testCampaign(
            id: id, to: try form.required("to"), personId: person, rendering: try templates(),
            actor: session.user.actor(request))
        return Response.redirect(to: "/campaigns/\(id)?tested=\(sent.personId)#test", type: .normal)
    }

    private func audience(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let id = try campaignId(context)
        let caller = session.user.actor(request)
        let campaign = try await store.campaign(id: id, as: caller)
        let audience = try await store.campaignAudience(id: id, listLimit: Self.listed, as: caller)
        return try pages.page(
            "campaign-audience", title: "\(catalog("campaigns.audience")): \(campaign.name)", for: request,
            session: session, section: "campaigns",
            [
                "id": id, "name": campaign.name, "counts": CampaignValues.audience(audience, catalog: catalog),
                "excludedPeople": audience.excludedPeople.map { person -> PageValue in
                    [
                        "personId": person.personId, "name": person.name,
                        "reason": catalog("campaigns.excluded." + person.reason.rawValue),
                    ]
                },
                "isPension": campaign.topic == .pension,
                "letters": audience.letters.map { letter -> PageValue in
                    ["personId": letter.personId, "name": letter.name, "address": shown(letter.address)]
                },
            ])
    }

    /// Every letter of a pension notice, for a mail merge.
    private func letters(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let id = try campaignId(context)
        let audience = try await store.campaignAudience(id: id, listLimit: Int.max, as: session.user.actor(request))
        return CSVDownload(name: "campaign-\(id)-letters.csv", text: LetterRecipient.csv(audience.letters)).response
    }

    private func personId(_ request: Request) throws -> Int64 {
        guard let text = request.uri.queryParameters["person"], !text.isEmpty else {
            throw DeskError.badInput(field: "person", reason: "is required: whose copy to show")
        }
        return try Self.personNumber(String(text))
    }

    /// A person's number as staff type it: `12` or `#12`.
    private static func personNumber(_ text: String) throws -> Int64 {
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces).trimmingPrefix("#")) else {
            throw DeskError.badInput(field: "person", reason: "'\(text)' is not a person's number")
        }
        return id
    }

    private func templates() throws -> any CampaignRendering {
        guard let rendering else {
            throw DeskError.badInput(field: "campaign", reason: "this server has no mail settings")
        }
        return rendering
    }

    private func campaignId(_ context: Context) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        return id
    }
}
