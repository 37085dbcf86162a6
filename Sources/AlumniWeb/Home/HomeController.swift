import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The coordinator's overview (`/home`, where coordinators land after signing in): the
/// check-ins due, the farewells about to go out and those skipped, the departures still
/// waiting for a goodbye, and the campaigns with their figures. For the roles that run
/// campaigns (coordinators, admins); the store refuses the others.
struct HomeController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages

    /// How many of each list the overview shows; the rest is a link away.
    static var shown: Int { 5 }
    /// Where the overview stops counting a list.
    static var countedUpTo: Int { 100 }

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("home") { request, context in try await home(request, context) }
    }

    private func home(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let caller = session.user.actor(request)
        let catalog = pages.catalog(for: request)
        // Counted up to a limit ("100+"), as the queue's tabs count up to 1,000: an overview
        // says there is a lot to do without counting a million people's departures on every look.
        let overview = try await store.coordinatorOverview(shown: Self.shown, countLimit: Self.countedUpTo, as: caller)
        let (checkIns, scheduled, skipped) = (overview.checkIns, overview.scheduled, overview.goodbyesOwed)
        let (departures, campaigns, names) = (overview.silentDepartures, overview.campaigns, overview.names)
        return try pages.page(
            "home", title: catalog("home.title"), for: request, session: session, section: "home",
            [
                "checkIns": checkIns.items.map { checkIn -> PageValue in
                    ["personId": checkIn.personId, "person": checkIn.personName, "due": checkIn.due.description]
                },
                "checkInsTotal": Paging.countText(checkIns.total, limit: checkIns.countLimit),
                "scheduled": scheduled.items.map { plan -> PageValue in
                    [
                        "personId": plan.personId, "person": names[plan.personId] ?? catalog("person.erased"),
                        "due": DeskFormat.dateTime(plan.dueAt, in: overview.timeZone),
                    ]
                },
                "scheduledTotal": Paging.countText(scheduled.total, limit: scheduled.countLimit),
                "skippedTotal": Paging.countText(skipped.total, limit: skipped.countLimit),
                "departures": departures.items.map { departure -> PageValue in
                    ["personId": departure.personId, "title": departure.title]
                },
                "departuresTotal": Paging.countText(departures.total, limit: departures.countLimit),
                "campaigns": campaigns.items.map { CampaignValues.summary($0, catalog: catalog) },
                "campaignsTotal": campaigns.total,
            ])
    }
}
