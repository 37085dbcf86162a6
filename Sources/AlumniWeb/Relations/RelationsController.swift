import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Farewells and check-ins, the coordinator's keeping in touch: the check-ins due (each marked
/// done with how it went), the farewells about to go out, and the goodbyes still owed (a
/// skipped farewell, with why, until a goodbye said another way is recorded).
struct RelationsController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("relations") { request, context in try await relations(request, context) }
        group.post("relations/check-ins/:id/done") { request, context in try await checkInDone(request, context) }
        group.post("relations/goodbyes/:person") { request, context in try await goodbyeSaid(request, context) }
    }

    private func relations(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let caller = session.user.actor(request)
        let catalog = pages.catalog(for: request)
        let calendar = try await store.businessCalendar()
        let counted = AlumniDatabase.listCountLimit
        let checkIns = try await store.dueFollowups(limit: settings.pageSize, countLimit: counted, as: caller)
        let scheduled = try await store.farewellPlans(
            status: .scheduled, limit: settings.pageSize, countLimit: counted, as: caller)
        let skipped = try await store.goodbyesOwed(limit: settings.pageSize, countLimit: counted, as: caller)
        let names = try await store.personNames(ids: Set((scheduled.items + skipped.items).map(\.personId)), as: caller)
        let farewell = { (plan: FarewellPlan) -> PageValue in
            [
                "id": plan.id, "personId": plan.personId, "person": names[plan.personId] ?? catalog("person.erased"),
                "left": plan.left.description, "due": DeskFormat.dateTime(plan.dueAt, in: calendar.timeZone),
                "reason": shown(plan.skipReason),
            ]
        }
        let outcomes = Followup.Outcome.allCases.map { outcome -> PageValue in
            ["value": outcome.rawValue, "label": catalog("relations.outcome." + outcome.rawValue)]
        }
        return try pages.page(
            "relations", title: catalog("relations.title"), for: request, session: session, section: "relations",
            [
                "checkIns": checkIns.items.map { checkIn -> PageValue in
                    [
                        "id": checkIn.id, "personId": checkIn.personId, "person": checkIn.personName,
                        "due": checkIn.due.description, "left": checkIn.left.description, "months": checkIn.months,
                        "outcomes": outcomes,
                    ]
                },
                "checkInsTotal": Paging.countText(checkIns.total, limit: checkIns.countLimit),
                "mayRecord": session.user.role.may(.writePeople),
                "scheduled": scheduled.items.map(farewell),
                "scheduledTotal": Paging.countText(scheduled.total, limit: scheduled.countLimit),
                "skipped": skipped.items.map(farewell),
                "skippedTotal": Paging.countText(skipped.total, limit: skipped.countLimit),
            ])
    }

    /// Records a goodbye said another way (a call, a card); the person leaves the goodbyes owed.
    private func goodbyeSaid(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        guard let person = context.parameters.get("person", as: Int64.self) else { throw DeskError.notFound }
        try await store.recordFarewell(personId: person, note: form["note"], actor: session.user.actor(request))
        return Response.redirect(to: "/relations", type: .normal)
    }

    /// Marks a check-in done; the store refuses one already done and a role that may not.
    private func checkInDone(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        _ = try await store.completeFollowup(
            id: id, outcome: try form.requiredChoice("outcome"), note: form["note"], actor: session.user.actor(request))
        return Response.redirect(to: "/relations", type: .normal)
    }
}
