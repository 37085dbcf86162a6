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
            let id = try #require(try server.database.tokens().first { $0.user == "kim" }?.id)
            _ = try await admin.post("/staff/tokens/\(id)/revoke", [:], from: "/staff")
            #expect(try server.database.user(forTokenHash: APITokens.hash(String(token))) == nil)

            _ = try await admin.post("/staff/kim/disable", [:], from: "/staff")
            #expect(try await kim.get("/").status == .seeOther)
        }
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
