import AlumniCore
import AlumniServer
import AlumniStore
import AlumniTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Staff deadline calendars at a secret address: what they hold, what they never hold, how
/// they change when a deadline moves, and how an address stops working.
@Suite struct CalendarFeedTests {
    private func path(_ address: String) -> String {
        String(address[address.range(of: "/calendar/")!.lowerBound...])
    }

    /// The value of `name` in the event with `uid`.
    private func property(_ name: String, of uid: String, in feed: String) -> String? {
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        guard
            let event = unfolded.components(separatedBy: "BEGIN:VEVENT").first(where: { $0.contains("UID:\(uid)\r\n") })
        else { return nil }
        return event.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }
            .map { String($0[$0.index(after: $0.firstIndex(of: ":")!)...]) }
    }

    @Test func theFeedHoldsTheOwnersOpenDeadlinesAndNothingPersonal() async throws {
        let server = try TestServer()
        try server.enableDesk()
        _ = try server.database.assign(inquiry: 1, to: "hr", actor: "setup")
        let logs = LogRecorder()
        try await server.test(logs: logs) { client in
            var hr = DeskBrowser(client)
            try await hr.signIn("hr")
            #expect(try await hr.get("/").text.contains("href=\"/account\""))
            let on = try await hr.post("/account/calendar", ["change": "on"], from: "/account")
            #expect(on.status == .ok)
            let address = try #require(
                on.text.range(
                    of: #"http://127\.0\.0\.1:8080/calendar/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression
                )
                .map { String(on.text[$0]) })
            let token = String(path(address).dropFirst("/calendar/".count).dropLast(4))

            let feed = try await client.execute(uri: path(address), method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = feed.text
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
            #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n"))
            #expect(text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
            #expect(text.contains("X-PUBLISHED-TTL:PT1H\r\n"))
            let first = "inquiry-1-first-response@alumni-desk", resolution = "inquiry-1-resolution@alumni-desk"
            #expect(property("SUMMARY", of: first, in: text) == "[#INQ-1] pension due (first answer)")
            #expect(property("DTSTART", of: first, in: text)?.isEmpty == false)
            #expect(text.contains("DTSTART;TZID=Europe/Copenhagen:"))
            #expect(property("URL", of: resolution, in: text) == "http://127.0.0.1:8080/inquiries/1")
            #expect(property("SEQUENCE", of: resolution, in: text) == "0")
            #expect(text.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"))
            #expect(!text.contains("INQ-2]"), "inquiry #2 is not hr's")
            for personal in ["Åse", "Ødegård", "ase@example.no", "Question", "Hello"] {
                #expect(!text.contains(personal), "no personal data or subject: \(personal)")
            }
            let tag = try #require(feed.headers[.eTag])
            let unchanged = try await client.execute(
                uri: path(address), method: .get, headers: [.ifNoneMatch: tag])
            #expect(unchanged.status == .notModified)
            let head = try await client.execute(uri: path(address), method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.eTag] == tag)
            #expect(head.body.readableBytes == 0)
            let propfind = try await client.execute(uri: path(address), method: .init("PROPFIND")!)
            #expect(propfind.status.code == 207)
            #expect(propfind.text.contains("<d:getetag>\(tag)</d:getetag>"))

            // A moved deadline: the same event, a higher SEQUENCE, a new tag.
            _ = try server.database.extend(inquiry: 1, byMonths: 1, reason: "waiting for the fund", actor: "hr")
            let moved = try await client.execute(uri: path(address), method: .get, headers: [.ifNoneMatch: tag])
            #expect(moved.status == .ok)
            #expect(property("SEQUENCE", of: resolution, in: moved.text) == "1")
            #expect(property("UID", of: resolution, in: moved.text) == resolution)

            // A new address stops the old one; off stops both.
            let renewed = try await hr.post("/account/calendar", ["change": "renew"], from: "/account")
            let newAddress = try #require(
                renewed.text.range(of: #"/calendar/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression)
                    .map { String(renewed.text[$0]) })
            #expect(try await client.execute(uri: path(address), method: .get).status == .notFound)
            #expect(try await client.execute(uri: newAddress, method: .get).status == .ok)
            _ = try await hr.post("/account/calendar", ["change": "off"], from: "/account")
            #expect(try await client.execute(uri: newAddress, method: .get).status == .notFound)
            #expect(!logs.entries.contains { "\($0.message) \($0.metadata)".contains(token) }, "no token in the log")
        }
    }

    @Test func onlyAnAdminsFeedCarriesTheTeamsUnassignedCases() async throws {
        let server = try TestServer()
        #expect(throws: ValidationFailure.self) {
            try server.database.changeCalendarFeed(user: "hr", .on, team: true, actor: "setup")
        }
        let token = try #require(try server.database.changeCalendarFeed(user: "admin", .on, team: true, actor: "setup"))
        let events = try #require(try server.database.calendarDeadlines(token: token))
        // Inquiries 1 and 2 are open and unassigned; 3 is closed.
        #expect(Set(events.map(\.inquiryId)) == [1, 2])
        #expect(throws: ValidationFailure.self) {
            try server.database.changeCalendarFeed(user: "admin", .on, actor: "setup")
        }
        #expect(throws: AccessRefused.self) {
            try server.database.changeCalendarFeed(user: "admin", .off, actor: .staff("hr", role: .hr))
        }
        let own = try #require(try server.database.changeCalendarFeed(user: "hr", .on, actor: "setup"))
        #expect(try server.database.calendarDeadlines(token: own)?.isEmpty == true, "hr owns no case")
        try server.database.disableUser(name: "hr", actor: "setup")
        #expect(try server.database.calendarDeadlines(token: own) == nil)
    }
}
