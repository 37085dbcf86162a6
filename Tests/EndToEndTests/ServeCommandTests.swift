import AlumniTestSupport
import Foundation
import Testing

@Suite struct ServeCommandTests {
    @Test func theRealBinaryServesTheDemoAndStopsCleanlyOnSIGTERM() async throws {
        let alumni = try AlumniBinary()
        let server = try await RunningServer.start(alumni)
        let token = try #require(try server.demoToken)

        let overdue = try await server.send("/api/v1/inquiries?overdue=true&limit=5", token: token)
        #expect(overdue.status == 200)
        #expect(overdue.body.contains("\"total\""))
        #expect(try await server.send("/api/v1/people/1").status == 401)

        // Links staff hand out with `alumni prefs link` open the person's pages on this server.
        let links = try alumni.run(
            ["prefs", "link", "1", "--topic", "newsletter"],
            environment: ["ALUMNI_PUBLIC_URL": "http://127.0.0.1:\(server.port)/"]
        ).stdout.split(separator: "\n").map(String.init)
        #expect(links.count == 2)
        for link in links {
            let path = try #require(link.split(separator: "\(server.port)", maxSplits: 1).last.map(String.init))
            #expect(try await server.send(path).status == 200, "\(path)")
        }
        #expect(try alumni.run("audit", "--person", "1").stdout.contains("preferences.link-issued"))
        let health = try await server.send("/health").body
        let instance = try #require(health.firstMatch(of: /"instance":"([^"]+)"/).map { String($0.1) }, "\(health)")

        #expect(server.stop() == 0)
        let log = try server.log
        #expect(log.contains("stopped; database closed"))
        #expect(log.contains("http.route=/api/v1/inquiries"))
        #expect(log.contains("instance=\(instance)"), "every line names the instance /health names")
        #expect(!log.contains(token))
        let check = try alumni.run("people", "list", "--limit", "1")
        #expect(check.status == 0)
    }

    @Test func backupsAreTakenWhileTheServerRunsAndARestoreWaitsForItToStop() async throws {
        let alumni = try AlumniBinary()
        let server = try await RunningServer.start(alumni)
        #expect(try server.printed.contains("sign in as demo-admin"))
        let backups = alumni.folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let backup = try alumni.run(["backup", "--dir", backups.path, "--keep", "2", "--json"])
        #expect(backup.status == 0, "\(backup.stderr)")
        let path = try #require((try AlumniBinary.json(backup.stdout) as? [String: Any])?["path"] as? String)

        let refused = try alumni.run("restore", path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("alumni serve is running"))
        #expect(try await server.send("/health").status == 200)

        #expect(server.stop() == 0)
        try alumni.run("people", "add", "--given", "After", "--family", "Backup", "--kind", "customer")
        let restored = try alumni.run("restore", path)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("is kept at"))
        #expect(!(try alumni.run("people", "list", "--search", "after backup").stdout.contains("Backup")))
    }

    @Test(
        "alumni serve on PostgreSQL: the demo, the API's people, inquiries and campaigns, idempotent writes, the portal",
        .enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
    func onPostgres() async throws {
        let alumni = try AlumniBinary()
        let secret = try TestPostgres.password
        let url = TestPostgres.urlWithoutPassword(try TestPostgres.makeDatabase())
        let password = ["ALUMNI_DB_PASSWORD": secret]
        let server = try await RunningServer.start(alumni, database: url, environment: password)
        let printed = try server.printed
        let token = try #require(try server.demoToken, "\(printed)")
        #expect(
            printed.contains("sign in as demo-admin") && printed.contains("Portal for former employees and customers"))
        #expect(try await server.send("/ready").status == 200)

        let overdue = try await server.send("/api/v1/inquiries?overdue=true&limit=5", token: token)
        #expect(overdue.status == 200 && overdue.body.contains("\"total\""))
        let person = #"{"givenName":"Åse","familyName":"Ødegård","kind":"employee","email":"ase@example.com"}"#
        let key = ["Idempotency-Key": "add-ase"]
        let added = try await server.send("/api/v1/people", method: "POST", token: token, json: person, headers: key)
        #expect(added.status == 201, "\(added.body)")
        let again = try await server.send("/api/v1/people", method: "POST", token: token, json: person, headers: key)
        #expect(again.status == 201 && again.body == added.body && again.headers["idempotent-replayed"] == "true")
        let found = try await server.send("/api/v1/people?search=ase%20odegard", token: token)
        #expect(found.body.contains("\"total\":1"), "\(found.body)")
        #expect(try await server.send("/api/v1/people/1", token: "ad_wrong").status == 401)

        let campaigns = try await server.send("/api/v1/campaigns", token: token)
        #expect(campaigns.status == 200 && campaigns.body.contains("\"total\""), "\(campaigns.body)")
        let desk = try await server.send("/")
        #expect(desk.status == 200 && desk.body.contains("action=\"/sign-in\""), "the desk asks to sign in")
        let portal = try await server.send("/my/sign-in")
        #expect(portal.status == 200 && portal.body.contains("action=\"/my/sign-in\""), "\(portal.body)")
        #expect(try await server.send("/api/v1/no-such-thing", token: token).status == 404)
        #expect(try await server.send("/metrics").body.contains("alumni_inquiries_open"))

        // A staff member's deadline calendar, served from PostgreSQL at its secret address.
        let feed = try alumni.run(
            ["users", "calendar", "demo-admin", "on", "--team", "--db", url],
            environment: password.merging(["ALUMNI_PUBLIC_URL": "http://127.0.0.1:\(server.port)/"]) { $1 })
        let feedPath = try #require(
            feed.stdout.split(separator: "\(server.port)").last.map(String.init), "\(feed.stderr)")
        let calendar = try await server.send(feedPath.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(calendar.status == 200 && calendar.body.contains("BEGIN:VCALENDAR"), "\(calendar.body)")

        // The links in our messages open their pages on PostgreSQL: a preference page, and a
        // one-click unsubscribe (RFC 8058's POST) that withdraws the consent.
        let handed = try alumni.run(
            ["prefs", "link", "1", "--topic", "newsletter", "--db", url],
            environment: password.merging(["ALUMNI_PUBLIC_URL": "http://127.0.0.1:\(server.port)/"]) { $1 })
        let linkPaths = handed.stdout.split(whereSeparator: \.isNewline).compactMap {
            $0.split(separator: "\(server.port)").last.map(String.init)
        }
        #expect(linkPaths.count == 2, "\(handed.stderr)")
        let preferences = try await server.send(linkPaths[0])
        #expect(preferences.status == 200 && preferences.body.contains("<form"), "\(preferences.body)")
        let unsubscribed = try await server.send(
            linkPaths[1], method: "POST", json: "List-Unsubscribe=One-Click",
            headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(unsubscribed.status == 200, "\(unsubscribed.body)")
        let history = try alumni.run(["prefs", "show", "1", "--db", url], environment: password)
        #expect(history.stdout.contains("unsubscribe link"), "\(history.stdout)")

        let copy = try alumni.run(
            ["db", "copy", "--db", url, "--to", alumni.folder.appendingPathComponent("copy.sqlite").path],
            environment: password)
        #expect(copy.status != 0 && copy.stderr.contains("alumni serve is running"), "\(copy.stderr)")

        #expect(server.stop() == 0)
        let log = try server.log
        #expect(log.contains("stopped; database closed"))
        #expect(!log.contains(token) && !log.contains(secret))
        let listed = try alumni.run(["people", "list", "--db", url, "--search", "odegard"], environment: password)
        #expect(listed.stdout.contains("Ødegård"))
    }
}
