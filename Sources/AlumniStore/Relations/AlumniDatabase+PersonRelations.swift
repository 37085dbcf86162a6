import AlumniCore
import Foundation
import GRDB

/// The SQL of a person's farewells, check-ins and farewell answers, shared by both stores.
enum PersonRelationsRows {
    /// Their farewells, newest departure first.
    static let farewellsSQL = "SELECT * FROM farewell_plan WHERE person_id = ? ORDER BY left_on DESC, id DESC"
    /// Their check-ins, by due day.
    static let followupsSQL = """
        SELECT followup.*, person.given_name, person.family_name
        FROM followup JOIN person ON person.id = followup.person_id
        WHERE followup.person_id = ? ORDER BY followup.due_on, followup.id
        """
    /// The farewell answers matching `condition`, newest farewell first.
    static func feedbackSQL(where condition: String) -> String {
        "SELECT * FROM farewell_feedback WHERE \(condition) ORDER BY plan_id DESC"
    }
}

extension AlumniDatabase {
    /// Person `personId`'s farewells (newest departure first) and check-ins (by due day).
    func relations(ofPerson personId: Int64, in db: Database) throws
        -> (farewells: [FarewellPlan], followups: [Followup])
    {
        (
            try FarewellPlan.fetchAll(
                db.cachedStatement(sql: PersonRelationsRows.farewellsSQL), arguments: [personId]),
            try Followup.fetchAll(db.cachedStatement(sql: PersonRelationsRows.followupsSQL), arguments: [personId])
        )
    }
}
