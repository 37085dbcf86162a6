import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Staff accounts (admins only): who has which role, who can sign in, their API tokens.
struct StaffController<Context: DeskRequestContext>: Sendable {
    let database: AlumniDatabase
    let pages: DeskPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("staff") { request, context in try staff(request, context) }
        group.post("staff/:name/disable") { request, context in
            let session = try context.requireSession()
            _ = try await DeskForm.checked(request, context, session: session)
            try DeskAccess(database: database).require(.manageStaff, user: session.user, request: request)
            guard let name = context.parameters.get("name") else { throw DeskError.notFound }
            try database.disableUser(name: name, actor: session.user.name)
            return Response.redirect(to: "/staff", type: .normal)
        }
    }

    private func staff(_ request: Request, _ context: Context) throws -> Response {
        let session = try context.requireSession()
        try DeskAccess(database: database).require(.manageStaff, user: session.user, request: request)
        let catalog = pages.catalog(for: request)
        let zone = try database.businessCalendar().timeZone
        let users = try database.users()
        let withPassword = try Set(users.filter { try database.hasPassword(name: $0.name) }.map(\.name))
        return try pages.page(
            "staff", title: catalog("staff.title"), for: request, session: session, section: "staff",
            [
                "users": users.map {
                    [
                        "name": $0.name, "email": $0.email, "role": catalog("role." + $0.role.rawValue),
                        "active": $0.disabledAt == nil, "signsIn": withPassword.contains($0.name),
                        "isSelf": $0.name == session.user.name,
                    ]
                },
                "tokens": try database.tokens().map {
                    [
                        "id": $0.id, "user": $0.user, "created": DeskFormat.dateTime($0.createdAt, in: zone),
                        "state": catalog(
                            $0.revokedAt != nil ? "token.revoked" : ($0.expiresAt.map { $0 <= database.clock.now() } ?? false)
                                ? "token.expired" : "token.active"),
                    ]
                },
            ])
    }
}
