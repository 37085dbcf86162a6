import AlumniCore
import Foundation
import GRDB

/// What a person said about leaving, with when they first answered.
public struct RecordedFeedback: Sendable, Equatable, Encodable {
    public var planId: Int64
    public var feedback: FarewellFeedback
    public var answeredAt: Date
    public var updatedAt: Date
}

extension AlumniDatabase {
    /// The source consents given on the farewell feedback page are recorded with.
    public static let feedbackSource = "farewell feedback"

    /// The farewell `planId` of person `personId`, for its feedback page (behind a signed link
    /// the caller has checked): the person's kind and first name, and what they said before.
    public func farewellFeedbackPage(planId: Int64, personId: Int64) throws -> (
        person: Person, recorded: RecordedFeedback?
    ) {
        try writer.read { db in
            guard
                try Bool.fetchOne(db, sql: Self.farewellOfPersonSQL, arguments: [planId, personId])
                    == true
            else { throw StoreError.notFound("farewell #\(planId)") }
            let person = try PersonRows.fetch(id: personId, in: db)
            guard person.erasedAt == nil else { throw StoreError.notFound("farewell #\(planId)") }
            return (person, try feedback(where: "plan_id = ?", planId, in: db).first)
        }
    }

    /// Records (or changes) what the person said about leaving: their sentiment follows the
    /// score, and a yes to openings or offers is their consent to that topic by e-mail (a no
    /// withdraws it), with source `farewell feedback`; all in one transaction, audited.
    public func recordFarewellFeedback(_ answer: FarewellFeedback, planId: Int64, personId: Int64) throws {
        let (person, _) = try farewellFeedbackPage(planId: planId, personId: personId)
        let answer = try answer.validated(for: person.fields.kind)
        let actor = "person #\(personId) (farewell feedback)"
        try changePreferences(personId: personId, source: Self.feedbackSource, actor: actor) { db, now, source in
            try db.execute(
                sql: Self.feedbackUpsertSQL,
                arguments: StatementArguments(Self.feedbackValues(answer, planId: planId, personId: personId, now: now))
            )
            try update(
                id: personId, with: PersonFields(sentiment: answer.sentiment), action: "person.updated", actor: actor,
                in: db)
            let topic = FarewellFeedback.openingsTopic(for: person.fields.kind)
            let granted = try preferences(personId: personId, in: db).allowsIgnoringDoNotContact(topic, on: .email)
            if granted != answer.hearAboutOpenings {
                try setConsent(
                    Consent(
                        topic: topic, channel: .email, granted: answer.hearAboutOpenings, source: source, actor: actor,
                        at: now), personId: personId, in: db)
            }
            try AuditLog.record(
                "farewell.feedback", personId: personId, actor: actor, at: now, detail: "farewell #\(planId)", in: db)
        }
    }

    /// Records an answer, or changes the one given before.
    static let feedbackUpsertSQL = """
        INSERT INTO farewell_feedback (plan_id, person_id, reasons, words, score, coming_back,
            hear_about_openings, answered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (plan_id) DO UPDATE SET reasons = excluded.reasons, words = excluded.words,
            score = excluded.score, coming_back = excluded.coming_back,
            hear_about_openings = excluded.hear_about_openings, updated_at = excluded.updated_at
        """

    static func feedbackValues(_ answer: FarewellFeedback, planId: Int64, personId: Int64, now: Date)
        -> [(any DatabaseValueConvertible)?]
    {
        [
            planId, personId, answer.reasons.map(\.rawValue).joined(separator: ","), answer.words, answer.score,
            answer.comingBack.rawValue, answer.hearAboutOpenings, now.stored, now.stored,
        ]
    }

    static let farewellOfPersonSQL = "SELECT 1 AS found FROM farewell_plan WHERE id = ? AND person_id = ?"

    /// The feedback rows matching `condition` on `value`, newest farewell first.
    func feedback(where condition: String, _ value: Int64, in db: Database) throws -> [RecordedFeedback] {
        try Row.fetchAll(db, sql: PersonRelationsRows.feedbackSQL(where: condition), arguments: [value])
            .map(RecordedFeedback.init(row:))
    }
}

extension RecordedFeedback {
    /// Feedback from a `farewell_feedback` row, read by name.
    init(row: Row) {
        self.init(
            planId: row["plan_id"],
            feedback: FarewellFeedback(
                reasons: (row["reasons"] as String).split(separator: ",").compactMap {
                    LeavingReason(rawValue: String($0))
                }, words: row["words"], score: row["score"],
                comingBack: ComingBack(rawValue: row["coming_back"]) ?? .no,
                hearAboutOpenings: row["hear_about_openings"]),
            answeredAt: Date(timeIntervalSince1970: row["answered_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
