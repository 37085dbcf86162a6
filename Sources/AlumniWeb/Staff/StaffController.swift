import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Staff accounts (admins only): who has which role, who can sign in, their API tokens.
struct StaffController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("staff") { request, context in try await staff(request, context, newToken: nil) }
        group.post("staff") { request, context in
            let (user, form) = try await checked(request, context)
            _ = try await store.addUser(
                name: form["name"] ?? "", email: form["email"] ?? "", role: try form.requiredChoice("role"),
                actor: user.actor(request))
            return Response.redirect(to: "/staff", type: .normal)
        }
        group.post("staff/:name/disable") { request, context in
            let (user, _) = try await checked(request, context)
            try await store.disableUser(name: try name(context), actor: user.actor(request))
            return Response.redirect(to: "/staff", type: .normal)
        }
        group.post("staff/:name/role") { request, context in
            let (user, form) = try await checked(request, context)
            try await store.changeRole(
                name: try name(context), to: try form.requiredChoice("role"), actor: user.actor(request))
            return Response.redirect(to: "/staff", type: .normal)
        }
        group.post("staff/:name/password") { request, context in
            let (user, form) = try await checked(request, context)
            guard form["password"] == form["again"] else {
                throw DeskError.badInput(field: "again", reason: "the two passwords differ")
            }
            try await store.setPassword(
                name: try name(context), password: form["password"] ?? "", actor: user.actor(request))
            return Response.redirect(to: "/staff", type: .normal)
        }
        group.post("staff/tokens") { request, context in
            let (user, form) = try await checked(request, context)
            let token = APITokens.generate()
            _ = try await store.addToken(
                user: try form.required("user"), tokenHash: APITokens.hash(token), expiresAt: nil,
                actor: user.actor(request))
            return try await staff(request, context, newToken: token)
        }
        group.post("staff/tokens/:token/revoke") { request, context in
            let (user, _) = try await checked(request, context)
            guard let id = context.parameters.get("token", as: Int64.self) else { throw DeskError.notFound }
            try await store.revokeToken(id: id, actor: user.actor(request))
            return Response.redirect(to: "/staff", type: .normal)
        }
    }

    /// The signed-in staff member and their checked form; the store decides what they may change.
    private func checked(_ request: Request, _ context: Context) async throws -> (StaffUser, DeskForm) {
        let session = try context.requireSession()
        let form = try await DeskForm.checked(request, context, session: session)
        return (session.user, form)
    }

    private func name(_ context: Context) async throws -> String {
        guard let name = context.parameters.get("name") else { throw DeskError.notFound }
        return name
    }

    /// The accounts and tokens; a token just created is shown once, here.
    private func staff(_ request: Request, _ context: Context, newToken: String?) async throws -> Response {
        let session = try context.requireSession()
        let tokens = try await store.tokens(as: session.user.actor(request))
        let catalog = pages.catalog(for: request)
        let zone = try await store.businessCalendar().timeZone
        let users = try await store.users()
        let withPassword = try await store.namesWithPassword()
        return try pages.page(
            "staff", title: catalog("staff.title"), for: request, session: session, section: "staff",
            [
                "users": users.map { user -> PageValue in
                    [
                        "name": user.name, "email": user.email, "role": catalog("role." + user.role.rawValue),
                        "roles": StaffRole.allCases.map { role -> PageValue in
                            [
                                "value": role.rawValue, "label": catalog("role." + role.rawValue),
                                "selected": role == user.role,
                            ]
                        },
                        "active": user.disabledAt == nil, "signsIn": withPassword.contains(user.name),
                        "isSelf": user.name == session.user.name,
                    ]
                },
                "newToken": shown(newToken),
                "roles": StaffRole.allCases.map { ["value": $0.rawValue, "label": catalog("role." + $0.rawValue)] },
                "tokens": tokens.map { token -> PageValue in
                    [
                        "id": token.id, "revocable": token.revokedAt == nil, "user": token.user,
                        "created": DeskFormat.dateTime(token.createdAt, in: zone),
                        "state": catalog(
                            token.revokedAt != nil
                                ? "token.revoked"
                                : (token.expiresAt.map { $0 <= store.clock.now() } ?? false)
                                    ? "token.expired" : "token.active"),
                    ]
                },
            ])
    }
}
