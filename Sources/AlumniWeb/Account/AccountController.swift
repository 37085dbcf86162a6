import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The signed-in staff member's own page: who they are, where an admin lands after signing
/// in, and their deadline calendar, turned
/// on, off or to a new address (shown once, as the store keeps only its hash).
struct AccountController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages
    let settings: DeskSettings

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("account") { request, context in try await account(request, context, address: nil) }
        group.post("account/calendar") { request, context in try await changeCalendar(request, context) }
        group.post("account/landing") { request, context in
            let session = try context.requireSession()
            let form = try await DeskForm.checked(request, context, session: session)
            try await store.setOverviewLanding(
                name: session.user.name, form["overview"] == "on", actor: session.user.actor(request))
            return Response.redirect(to: "/account", type: .normal)
        }
    }

    private func account(_ request: Request, _ context: Context, address: String?) async throws -> Response {
        let session = try context.requireSession()
        let catalog = pages.catalog(for: request)
        let user = session.user
        let feed = try await store.calendarFeedState(user: user.name, as: user.actor(request))
        return try pages.page(
            "account", title: catalog("account.title"), for: request, session: session,
            [
                "user": user.name, "email": user.email, "roleName": catalog("role." + user.role.rawValue),
                "calendarOn": feed.on, "team": feed.team, "mayTeam": user.role == .admin, "address": address,
                "reminderHours": settings.calendarReminderBusinessHours, "isAdmin": user.role == .admin,
                "landsOnOverview": user.landsOnOverview,
            ])
    }

    private func changeCalendar(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        let token = try await store.changeCalendarFeed(
            user: session.user.name, try form.requiredChoice("change"), team: form["team"] == "on",
            actor: session.user.actor(request))
        guard let token else { return Response.redirect(to: "/account", type: .normal) }
        return try await account(
            request, context, address: CalendarFeedState.address(publicURL: settings.publicURL, token: token))
    }
}
