import GRDB

/// The schema, as append-only named migrations. Never edit a migration once it has shipped:
/// add a new one.
enum AlumniMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-people", migrate: createPeople)
        return migrator
    }

    private static func createPeople(_ db: Database) throws {
        try db.create(table: "person") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("kind", .text).notNull().check(sql: "kind IN ('employee', 'customer', 'both')")
            t.column("given_name", .text)
            t.column("family_name", .text)
            t.column("email", .text)
            t.column("phone", .text)
            t.column("address", .text)
            t.column("country", .text)
            t.column("language", .text)
            t.column("external_ref", .text)
            t.column("joined_on", .text)
            t.column("left_on", .text)
            t.column("departure_reason", .text)
            t.column("sentiment", .text)
            t.column("preferred_channel", .text)
            t.column("contact_note", .text)
            t.column("do_not_contact", .boolean).notNull().defaults(to: false)
            t.column("search_text", .text).notNull().defaults(to: "")
            t.column("erased_at", .datetime)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "person_on_kind_external_ref", on: "person", columns: ["kind", "external_ref"], unique: true)
        try db.create(index: "person_on_left_on", on: "person", columns: ["left_on"])
        try db.create(index: "person_on_family_name", on: "person", columns: ["family_name", "given_name"])

        try db.create(table: "person_tag") { t in
            t.column("person_id", .integer).notNull().references("person", onDelete: .cascade)
            t.column("tag", .text).notNull()
            t.primaryKey(["person_id", "tag"])
        }
        try db.create(index: "person_tag_on_tag", on: "person_tag", columns: ["tag"])

        try db.create(table: "employment_period") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().indexed().references("person", onDelete: .cascade)
            t.column("entity", .text).notNull()
            t.column("country", .text).notNull()
            t.column("from_date", .text).notNull()
            t.column("to_date", .text)
        }
        try db.create(table: "pension_arrangement") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().indexed().references("person", onDelete: .cascade)
            t.column("provider", .text).notNull()
            t.column("plan", .text).notNull()
            t.column("reference", .text).notNull()
            t.column("from_date", .text).notNull()
            t.column("to_date", .text)
        }

        try db.create(table: "consent") { t in
            t.column("person_id", .integer).notNull().references("person", onDelete: .cascade)
            t.column("topic", .text).notNull()
            t.column("channel", .text).notNull()
            t.column("granted", .boolean).notNull()
            t.column("source", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("at", .datetime).notNull()
            t.primaryKey(["person_id", "topic", "channel"])
        }
        try db.create(table: "preference_change") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().indexed().references("person", onDelete: .cascade)
            t.column("subject", .text).notNull()
            t.column("topic", .text)
            t.column("channel", .text)
            t.column("value", .text)
            t.column("source", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("at", .datetime).notNull()
        }

        // No foreign key: the audit trail outlives what it describes.
        try db.create(table: "audit_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("action", .text).notNull()
            t.column("person_id", .integer).indexed()
            t.column("detail", .text)
        }
    }
}
