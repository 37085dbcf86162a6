import AlumniCore
import AlumniMail
import AlumniStore
import Foundation
import Hummingbird

/// The page a farewell e-mail links to, without signing in: why they left, how likely they are
/// to recommend us, whether they would come back, and whether we may tell them about openings
/// or offers. The link is signed for that one farewell; a second visit shows the answer and
/// lets the person change it.
struct PortalFarewellController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages
    let settings: DeskSettings
    /// The key links are signed with.
    let key: LinkKey

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("farewell/:token") { request, context in
            let link = try await link(context)
            let (person, recorded) = try await store.farewellFeedbackPage(planId: link.planId, personId: link.personId)
            return try pages.withFormToken(request, secure: settings.secureCookies) { token in
                try page(request, person: person, answer: recorded?.feedback, token: token, saved: false)
            }
        }
        group.post("farewell/:token") { request, context in
            let form = try await DeskForm.checked(request, context, token: PortalPages.formToken(of: request))
            let link = try await link(context)
            guard let score = form["score"].flatMap(Int.init) else {
                throw DeskError.badInput(field: "score", reason: "choose a number from 0 to 10")
            }
            let answer = FarewellFeedback(
                reasons: try form.all("reasons").map { value in
                    guard let reason = LeavingReason(rawValue: value) else {
                        throw DeskError.badInput(field: "reasons", reason: "'\(value)' is unknown")
                    }
                    return reason
                },
                words: form["words"], score: score,
                comingBack: try form.choice("coming_back", ComingBack.self) ?? .maybe,
                hearAboutOpenings: form["openings"] == "on")
            try await store.recordFarewellFeedback(answer, planId: link.planId, personId: link.personId)
            let (person, recorded) = try await store.farewellFeedbackPage(planId: link.planId, personId: link.personId)
            return try page(
                request, person: person, answer: recorded?.feedback, token: PortalPages.formToken(of: request) ?? "",
                saved: true)
        }
    }

    /// The farewell and person the link names, if it is genuine, unexpired and of the person's
    /// current link version; anything else is not found (it tells nothing about anyone).
    private func link(_ context: Context) async throws -> (planId: Int64, personId: Int64) {
        let token = context.parameters.get("token") ?? ""
        guard let link = try? SignedLink.verify(token, key: try await key.value(), now: store.clock.now()),
            link.purpose == .feedback, let planId = link.campaignId,
            try await store.linkVersion(personId: link.personId) == link.version
        else { throw DeskError.notFound }
        return (planId, link.personId)
    }

    private func page(
        _ request: Request, person: Person, answer: FarewellFeedback?, token: String, saved: Bool
    ) throws -> Response {
        let catalog = pages.catalog(for: request, session: nil, known: person.fields.language)
        let kind = person.fields.kind
        return try pages.page(
            "farewell", title: "farewell.title", for: request, session: nil, formToken: token,
            known: person.fields.language,
            [
                "name": person.fields.givenName ?? person.displayName, "saved": saved, "answered": answer != nil,
                "reasons": PageValue.list(
                    LeavingReason.offered(to: kind).map { reason in
                        [
                            "value": reason.rawValue, "label": catalog("reason.\(reason.rawValue)"),
                            "checked": answer?.reasons.contains(reason) ?? false,
                        ]
                    }),
                "words": answer?.words ?? "",
                "scores": PageValue.list(
                    (0...10).map { score in ["value": score, "checked": answer?.score == score] }),
                "comingBack": PageValue.list(
                    ComingBack.allCases.map { choice in
                        [
                            "value": choice.rawValue, "label": catalog("comingBack.\(choice.rawValue)"),
                            "checked": answer?.comingBack == choice,
                        ]
                    }),
                "openings": catalog(kind == .customer ? "farewell.offers" : "farewell.openings"),
                "openingsChecked": answer?.hearAboutOpenings ?? false,
                "action": request.uri.path,
            ])
    }
}
