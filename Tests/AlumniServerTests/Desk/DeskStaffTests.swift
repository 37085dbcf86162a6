import AlumniCore
import AlumniServer
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Desk: staff accounts")
struct DeskStaffTests {
    @Test("An admin adds an account, sets its password, makes and revokes a token, and disables it")
    func manageStaff() async throws {
        let server = try TestServer()
        try server.enableDesk([.admin])
        try await server.test { client in
            var admin = DeskBrowser(client)
            try await admin.signIn("admin")
            let added = try await admin.post(
                "/staff", ["name": "kim", "email": "kim@example.com", "role": "coordinator"], from: "/staff")
            #expect(added.status == .seeOther)
            let short = try await admin.post(
                "/staff/kim/password", ["password": "short", "again": "short"], from: "/staff")
            #expect(short.status == .badRequest)
            #expect(short.text.contains("password"))
            let password = "a good long password"
            #expect(
                try await admin.post("/staff/kim/password", ["password": password, "again": password], from: "/staff")
                    .status == .seeOther)
            var kim = DeskBrowser(client)
            #expect(try await kim.signIn("kim", password: password).status == .seeOther)

            let created = try await admin.post("/staff/tokens", ["user": "kim"], from: "/staff").text
            let token = try #require(created.firstMatch(of: /<code>(ad_[A-Za-z0-9_-]+)<\/code>/)?.1)
            #expect(try server.database.user(forTokenHash: APITokens.hash(String(token)))?.name == "kim")
            let id = try #require(try server.database.tokens(as: "test").first { $0.user == "kim" }?.id)
            _ = try await admin.post("/staff/tokens/\(id)/revoke", [:], from: "/staff")
            #expect(try server.database.user(forTokenHash: APITokens.hash(String(token))) == nil)

            _ = try await admin.post("/staff/kim/disable", [:], from: "/staff")
            #expect(try await kim.get("/").status == .seeOther)
        }
    }

    @Test("An admin changes a role, in force from the next request; the last admin is neither demoted nor disabled")
    func changeRole() async throws {
        let server = try TestServer()
        try server.enableDesk([.admin, .hr])
        try await server.test { client in
            var admin = DeskBrowser(client)
            try await admin.signIn("admin")
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(try await hr.get("/people/1").text.contains("SECRET-9"))
            #expect(try await admin.get("/staff").text.contains("action=\"/staff/hr/role\""))

            #expect(try await admin.post("/staff/hr/role", ["role": "coordinator"], from: "/staff").status == .seeOther)
            let page = try await hr.get("/people/1")
            #expect(page.status == .ok)
            #expect(!page.text.contains("SECRET-9"))
            #expect(try server.database.auditEvents(limit: 1, as: "test").items.first?.action == "user.role")

            let last = try await admin.post("/staff/admin/role", ["role": "viewer"], from: "/staff")
            #expect(last.status == .badRequest)
            #expect(last.text.contains("last active admin"))
            #expect(try await admin.get("/staff").status == .ok)
            #expect(try await hr.post("/staff/hr/role", ["role": "admin"], from: "/").status == .forbidden)
            let disabling = try await admin.post("/staff/admin/disable", [:], from: "/staff")
            #expect(disabling.status == .badRequest)
            #expect(disabling.text.contains("last active admin"))
        }
        #expect(try server.database.users().first { $0.name == "hr" }?.role == .coordinator)
    }

    @Test("HR cannot open or use the staff page")
    func hrRefused() async throws {
        let server = try TestServer()
        try server.enableDesk([.hr])
        try await server.test { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(try await hr.get("/staff").status == .forbidden)
            let attempt = try await hr.post(
                "/staff/admin/password", ["password": "hijacked password", "again": "hijacked password"])
            #expect(attempt.status == .forbidden)
            #expect(!(try await hr.get("/").text.contains("href=\"/staff\"")))
        }
        #expect(try !server.database.namesWithPassword().contains("admin"))
    }
}
