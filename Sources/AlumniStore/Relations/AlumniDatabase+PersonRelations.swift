import AlumniCore
import Foundation
import GRDB

extension AlumniDatabase {
    /// Person `personId`'s farewells (newest departure first) and check-ins (by due day).
    func relations(ofPerson personId: Int64, in db: Database) throws
        -> (farewells: [FarewellPlan], followups: [Followup])
    {
        (
            try FarewellPlan.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM farewell_plan WHERE person_id = ? ORDER BY left_on DESC, id DESC"),
                arguments: [personId]),
            try Followup.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT followup.*, person.given_name, person.family_name
                        FROM followup JOIN person ON person.id = followup.person_id
                        WHERE followup.person_id = ? ORDER BY followup.due_on, followup.id
                        """), arguments: [personId])
        )
    }
}
