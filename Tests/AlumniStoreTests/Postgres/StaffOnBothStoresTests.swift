import AlumniCore
import AlumniTestSupport
import Foundation
import Testing

@testable import AlumniStore

/// Staff accounts, tokens, passwords and calendar feeds through `Store`: the same changes give
/// the same accounts, tokens, refusals and audit trail on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct StaffOnBothStoresTests {
    static let admin = BothStores.admin

    /// What each store made of the same changes.
    struct Outcome: Equatable {
        var users: [StaffUser]
        var tokens: [APIToken]
        var tokenUsers: [String?]
        var withPassword: Set<String>
        var calendarTokens: [Bool]
        /// What ana's renewed feed holds (her cases and the team's unassigned ones), then her old address.
        var feeds: [[DeadlineEvent]?]
        var audit: [AuditEvent]
    }

    @Test("accounts, roles, tokens, passwords and calendar feeds change alike and are refused alike on both stores")
    func sameStaff() async throws {
        try await BothStores.with(people: 5) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.manage($0, clock: clock)
            }
            #expect(outcome.users.map(\.name) == ["ana", "ben", "viewer"])
            #expect(outcome.users.map(\.role) == [.admin, .admin, .viewer], "a disabled account keeps its role")
            #expect(
                outcome.users[1].disabledAt != nil && outcome.users[0].alertDigest && outcome.users[0].landsOnOverview)
            #expect(outcome.tokenUsers == ["ana", nil, nil], "revoked and expired tokens open nothing")
            #expect(outcome.tokens.map(\.user) == ["ana", "ana", "ana"] && outcome.tokens[1].revokedAt != nil)
            #expect(outcome.withPassword == ["ana"])
            #expect(outcome.calendarTokens == [true, true, false])
            #expect(outcome.feeds[0]?.contains { $0.kind == .firstResponse } == true, "her new case's first answer")
            #expect(outcome.feeds[1] == nil, "the renewed-away address opens nothing")
        }
    }

    private static func manage(_ store: Store, clock: SettableClock) async throws -> Outcome {
        _ = try await store.addUser(name: "ana", email: "ana@example.com", role: .hr, actor: admin)
        _ = try await store.addUser(name: "ben", email: "ben@example.com", role: .admin, actor: admin)
        await #expect(throws: ValidationFailure.self) {
            try await store.addUser(name: "ana", email: "ana2@example.com", role: .hr, actor: admin)
        }
        await #expect(throws: ValidationFailure.self) {
            try await store.addUser(name: "has space", email: "not-an-address", role: .hr, actor: admin)
        }
        let viewer = try await store.staffActor(named: "viewer")
        await #expect(throws: AccessRefused.self) {
            try await store.addUser(name: "eve", email: "eve@example.com", role: .admin, actor: viewer)
        }
        try await store.changeRole(name: "ana", to: .admin, actor: admin)
        try await store.disableUser(name: "ben", actor: admin)
        await #expect(throws: ValidationFailure.self, "the last active admin stays") {
            try await store.disableUser(name: "ana", actor: admin)
        }
        await #expect(throws: ValidationFailure.self) { try await store.changeRole(name: "ana", to: .hr, actor: admin) }
        await #expect(throws: StoreError.notFound("active user 'ben'")) {
            try await store.changeRole(name: "ben", to: .coordinator, actor: admin)
        }
        try await store.setAlertDigest(name: "ana", true, actor: try await store.staffActor(named: "ana"))
        try await store.setOverviewLanding(name: "ana", true, actor: admin)
        await #expect(throws: ValidationFailure.self) {
            try await store.setOverviewLanding(name: "viewer", true, actor: admin)
        }
        await #expect(throws: StoreError.notFound("user 'nobody'")) {
            try await store.setAlertDigest(name: "nobody", true, actor: admin)
        }

        let live = try await store.addToken(
            user: "ana", tokenHash: APITokens.hash("live"), expiresAt: nil, actor: admin)
        let revoked = try await store.addToken(
            user: "ana", tokenHash: APITokens.hash("revoked"), expiresAt: nil, actor: admin)
        _ = try await store.addToken(
            user: "ana", tokenHash: APITokens.hash("expiring"), expiresAt: clock.now().addingTimeInterval(60),
            actor: admin)
        try await store.revokeToken(id: revoked, actor: admin)
        await #expect(throws: StoreError.notFound("active token #\(revoked)")) {
            try await store.revokeToken(id: revoked, actor: admin)
        }
        await #expect(throws: ValidationFailure.self) {
            try await store.addToken(
                user: "ana", tokenHash: "x", expiresAt: clock.now().addingTimeInterval(-1), actor: admin)
        }
        await #expect(throws: StoreError.notFound("active user 'ben'")) {
            try await store.addToken(user: "ben", tokenHash: "x", expiresAt: nil, actor: admin)
        }
        clock.advance(120)
        var tokenUsers: [String?] = []
        for token in ["live", "revoked", "expiring"] {
            tokenUsers.append(try await store.user(forTokenHash: APITokens.hash(token))?.name)
        }
        #expect(live == 1)

        await #expect(throws: ValidationFailure.self) {
            try await store.setPassword(name: "ana", password: "short", actor: admin)
        }
        try await store.setPassword(name: "ana", password: "a long enough passphrase", actor: admin)

        var calendarTokens: [Bool] = []
        calendarTokens.append(try await store.changeCalendarFeed(user: "ana", .on, team: true, actor: admin) != nil)
        await #expect(throws: ValidationFailure.self) {
            try await store.changeCalendarFeed(user: "ana", .on, actor: admin)
        }
        await #expect(throws: ValidationFailure.self) {
            try await store.changeCalendarFeed(user: "viewer", .on, team: true, actor: admin)
        }
        let first = try await store.changeCalendarFeed(user: "ana", .renew, actor: admin)
        calendarTokens.append(first != nil)
        let person = try await store.people(matching: PersonQuery(), as: admin).items[0]
        _ = try await store.openInquiry(
            NewInquiry(personId: person.id, type: .general, subject: "Her question", body: "?", owner: "ana"),
            actor: admin)
        let renewed = try #require(try await store.changeCalendarFeed(user: "ana", .renew, team: true, actor: admin))
        let feeds = [
            try await store.calendarDeadlines(token: renewed), try await store.calendarDeadlines(token: first!),
        ]
        calendarTokens.append(try await store.changeCalendarFeed(user: "ana", .off, actor: admin) != nil)
        return Outcome(
            users: try await store.users(), tokens: try await store.tokens(as: admin), tokenUsers: tokenUsers,
            withPassword: try await store.namesWithPassword(), calendarTokens: calendarTokens, feeds: feeds,
            audit: try await store.auditEvents(as: admin).items)
    }
}
