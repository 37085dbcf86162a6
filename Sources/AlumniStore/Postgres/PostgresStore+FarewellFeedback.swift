import AlumniCore
import Foundation
import GRDB
import PostgresNIO

/// The farewell feedback page on PostgreSQL, by the SQL and rules SQLite's store uses.
extension PostgresStore {
    /// The farewell `planId` of person `personId`, for its feedback page (behind a signed link
    /// the caller has checked), and what they said before.
    public func farewellFeedbackPage(planId: Int64, personId: Int64) async throws -> (
        person: Person, recorded: RecordedFeedback?
    ) {
        try await snapshot { connection in
            try await farewellFeedbackPage(planId: planId, personId: personId, on: connection)
        }
    }

    private func farewellFeedbackPage(planId: Int64, personId: Int64, on connection: PostgresConnection)
        async throws -> (person: Person, recorded: RecordedFeedback?)
    {
        guard try await !rows(AlumniDatabase.farewellOfPersonSQL, [planId, personId], on: connection).isEmpty else {
            throw StoreError.notFound("farewell #\(planId)")
        }
        let person = try await person(id: personId, on: connection)
        guard person.erasedAt == nil else { throw StoreError.notFound("farewell #\(planId)") }
        return (
            person,
            try await rows(PersonRelationsRows.feedbackSQL(where: "plan_id = ?"), [planId], on: connection)
                .map(RecordedFeedback.init(row:)).first
        )
    }

    /// Records (or changes) what the person said about leaving: their sentiment, and their
    /// consent to hear about openings or offers, in one transaction, audited.
    public func recordFarewellFeedback(_ answer: FarewellFeedback, planId: Int64, personId: Int64) async throws {
        let (person, _) = try await farewellFeedbackPage(planId: planId, personId: personId)
        let answer = try answer.validated(for: person.fields.kind)
        let actor = "person #\(personId) (farewell feedback)"
        try await changePreferences(personId: personId, source: AlumniDatabase.feedbackSource, actor: actor) {
            connection, now, source in
            _ = try await rows(
                AlumniDatabase.feedbackUpsertSQL,
                AlumniDatabase.feedbackValues(answer, planId: planId, personId: personId, now: now), on: connection)
            try await update(
                id: personId, with: PersonFields(sentiment: answer.sentiment), action: "person.updated", actor: actor,
                on: connection)
            let topic = FarewellFeedback.openingsTopic(for: person.fields.kind)
            let granted = try await preferences(of: try await self.person(id: personId, on: connection), on: connection)
                .allowsIgnoringDoNotContact(topic, on: .email)
            if granted != answer.hearAboutOpenings {
                try await setConsent(
                    Consent(
                        topic: topic, channel: .email, granted: answer.hearAboutOpenings, source: source, actor: actor,
                        at: now), personId: personId, on: connection)
            }
            try await audit(
                "farewell.feedback", personId: personId, actor: actor, at: now, detail: "farewell #\(planId)",
                on: connection)
        }
    }
}
