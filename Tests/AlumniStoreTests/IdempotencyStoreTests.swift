import AlumniCore
import AlumniStore
import Foundation
import Testing

@Suite struct IdempotencyStoreTests {
    private func claim(_ hash: String = "hash-of-request") -> IdempotencyClaim {
        IdempotencyClaim(actor: "hr-anna", key: "add-mette", requestHash: hash)
    }

    private func addMette(_ test: TestDatabase, as claim: IdempotencyClaim) throws -> Person {
        try IdempotencyClaim.$current.withValue(claim) { try test.add("Mette", "Kjær", ref: "C-1") }
    }

    @Test func aClaimedWriteCommitsItsKeyBeforeThereIsAResponse() throws {
        let test = try TestDatabase()
        _ = try addMette(test, as: claim())
        // What a crash between the write's commit and keeping its response leaves behind.
        #expect(
            try test.database.idempotencyRecord(actor: "hr-anna", key: "add-mette")
                == IdempotencyRecord(requestHash: "hash-of-request", response: nil))

        let response = StoredResponse(status: 201, headers: ["Location": "/api/v1/people/1"], body: Data("{}".utf8))
        try test.database.storeResponse(response, for: claim())
        #expect(
            try test.database.idempotencyRecord(actor: "hr-anna", key: "add-mette")?.response == response)
        #expect(try test.database.idempotencyRecord(actor: "someone-else", key: "add-mette") == nil)
    }

    @Test func aSecondRequestWithATakenKeyWritesNothing() throws {
        let test = try TestDatabase()
        _ = try addMette(test, as: claim())
        #expect(throws: IdempotencyKeyTaken.self) {
            try IdempotencyClaim.$current.withValue(claim()) { try test.add("Other", "Person") }
        }
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == 1)
    }

    @Test func aWriteThatFailsKeepsNoKey() throws {
        let test = try TestDatabase()
        _ = try test.add("Mette", "Kjær", ref: "C-1")
        // The same reference again: refused inside the write's transaction, which takes the key with it.
        #expect(throws: ValidationFailure.self) { try addMette(test, as: claim()) }
        #expect(try test.database.idempotencyRecord(actor: "hr-anna", key: "add-mette") == nil)
        #expect(try test.database.people(matching: PersonQuery(), as: "test").total == 1)
    }
}
