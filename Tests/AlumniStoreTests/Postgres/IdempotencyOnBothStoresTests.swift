import AlumniCore
import AlumniTestSupport
import Foundation
import Testing

@testable import AlumniStore

/// `Idempotency-Key` records through `Store`: a claimed write commits its key with it, a second
/// request with the key writes nothing, a failed write keeps no key, and a day later the key
/// is free again, alike on SQLite and PostgreSQL.
@Suite(.enabled(if: TestPostgres.available, Comment(rawValue: TestPostgres.skipped)))
struct IdempotencyOnBothStoresTests {
    static let admin = BothStores.admin

    struct Outcome: Equatable {
        var afterWrite: IdempotencyRecord?
        var afterResponse: IdempotencyRecord?
        var otherActor: IdempotencyRecord?
        var secondRequestRefused: Bool
        var failedWriteKey: IdempotencyRecord?
        var afterADay: IdempotencyRecord?
        var people: Int
    }

    @Test("keys are claimed with their write, refused while taken, dropped with a failed write and free after a day")
    func sameKeys() async throws {
        try await BothStores.with(people: 3) { sqlite, postgres, clock in
            let outcome = try await BothStores.sameOutcome(sqlite, postgres, clock: clock) {
                try await Self.send($0, clock: clock)
            }
            #expect(outcome.afterWrite == IdempotencyRecord(requestHash: "hash-1", response: nil))
            #expect(outcome.afterResponse?.response?.status == 201)
            #expect(outcome.otherActor == nil && outcome.failedWriteKey == nil && outcome.afterADay == nil)
            #expect(outcome.secondRequestRefused)
            #expect(outcome.people == 2, "the first write and the one after the key expired")
        }
    }

    private static func claim(_ key: String, hash: String = "hash-1") -> IdempotencyClaim {
        IdempotencyClaim(actor: "hr-anna", key: key, requestHash: hash)
    }

    private static func add(_ store: Store, ref: String, as claim: IdempotencyClaim) async throws -> Person {
        try await IdempotencyClaim.$current.withValue(claim) {
            try await store.addPerson(
                PersonFields(
                    givenName: "Mette", familyName: "Kjær", email: "mette@example.com", kind: .customer,
                    externalRef: ref),
                actor: admin)
        }
    }

    private static func send(_ store: Store, clock: SettableClock) async throws -> Outcome {
        let before = try await store.people(matching: PersonQuery(), as: admin).total
        _ = try await add(store, ref: "C-1", as: claim("add-mette"))
        // What a crash between the write's commit and keeping its response leaves behind.
        let afterWrite = try await store.idempotencyRecord(actor: "hr-anna", key: "add-mette")
        let response = StoredResponse(status: 201, headers: ["Location": "/api/v1/people/1"], body: Data("{}".utf8))
        try await store.storeResponse(response, for: claim("add-mette"))
        let afterResponse = try await store.idempotencyRecord(actor: "hr-anna", key: "add-mette")

        var refused = false
        do { _ = try await add(store, ref: "C-2", as: claim("add-mette")) } catch is IdempotencyKeyTaken {
            refused = true
        }
        // The same reference again: refused inside the write's transaction, which takes the key with it.
        await #expect(throws: ValidationFailure.self) { try await add(store, ref: "C-1", as: claim("again")) }
        let failedWriteKey = try await store.idempotencyRecord(actor: "hr-anna", key: "again")

        clock.advance(IdempotencyRecord.lifetime + 60)
        let afterADay = try await store.idempotencyRecord(actor: "hr-anna", key: "add-mette")
        _ = try await add(store, ref: "C-3", as: claim("add-mette", hash: "hash-2"))
        return Outcome(
            afterWrite: afterWrite, afterResponse: afterResponse,
            otherActor: try await store.idempotencyRecord(actor: "someone-else", key: "add-mette"),
            secondRequestRefused: refused, failedWriteKey: failedWriteKey, afterADay: afterADay,
            people: try await store.people(matching: PersonQuery(), as: admin).total - before)
    }
}
