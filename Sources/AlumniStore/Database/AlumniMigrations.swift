import Foundation
import GRDB

/// The schema, as append-only named migrations. Never edit a migration once it has shipped:
/// add a new one.
enum AlumniMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-people", migrate: createPeople)
        migrator.registerMigration("v2-inquiries", migrate: createInquiries)
        migrator.registerMigration("v3-staff", migrate: createStaff)
        migrator.registerMigration("v4-outbox", migrate: createOutbox)
        migrator.registerMigration("v5-relations", migrate: createRelations)
        migrator.registerMigration("v6-idempotency-claims", migrate: addIdempotencyClaims)
        migrator.registerMigration("v7-privacy-indexes", migrate: addPrivacyIndexes)
        migrator.registerMigration("v8-link-versions", migrate: addLinkVersions)
        migrator.registerMigration("v9-desk-sessions", migrate: addDeskSessions)
        migrator.registerMigration("v10-retention", migrate: addRetention)
        migrator.registerMigration("v11-import-runs", migrate: addImportRuns)
        migrator.registerMigration("v12-mail-in", migrate: addMailIn)
        migrator.registerMigration("v13-queue-by-status", migrate: addQueueByStatus)
        migrator.registerMigration("v14-people-by-name", migrate: addPeopleByName)
        migrator.registerMigration("v15-import-run-on-person", migrate: markImportRunsOnPeople)
        migrator.registerMigration("v16-campaign-schedule", migrate: addCampaignSchedule)
        migrator.registerMigration("v17-calendar-feeds", migrate: addCalendarFeeds)
        migrator.registerMigration("v18-overview-landing", migrate: addOverviewLanding)
        migrator.registerMigration("v19-campaign-tally", migrate: addCampaignTally)
        migrator.registerMigration("v20-overview-indexes", migrate: addOverviewIndexes)
        migrator.registerMigration("v21-portal", migrate: addPortal)
        migrator.registerMigration("v22-outbox-claims", migrate: addOutboxClaims)
        migrator.registerMigration("v23-job-runs", migrate: addJobRuns)
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
        try db.create(
            index: "person_on_kind_external_ref", on: "person", columns: ["kind", "external_ref"], unique: true)
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

    private static func createInquiries(_ db: Database) throws {
        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        try db.create(table: "closing_day") { t in
            t.primaryKey("day", .text)
            t.column("reason", .text).notNull()
        }
        try db.create(table: "deadline_policy") { t in
            t.primaryKey("type", .text)
            t.column("first_response", .text).notNull()
            t.column("resolution", .text).notNull()
            t.column("max_extension_months", .integer).notNull()
            t.column("silence_limit_days", .integer).notNull()
        }
        for (type, firstResponse, resolution, extensionMonths) in [
            ("pension", "3d", "1month", 2), ("data-access", "3d", "1month", 2), ("exit", "1d", "5d", 0),
            ("complaint", "1d", "10d", 0), ("general", "2d", "10d", 0),
        ] {
            try db.execute(
                sql: "INSERT INTO deadline_policy VALUES (?, ?, ?, ?, 3)",
                arguments: [type, firstResponse, resolution, extensionMonths])
        }

        try db.create(table: "inquiry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().indexed().references("person", onDelete: .restrict)
            t.column("type", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("channel", .text).notNull()
            t.column("status", .text).notNull()
            t.column("owner", .text)
            t.column("received_at", .datetime).notNull()
            t.column("first_reply_at", .datetime)
            t.column("resolution_start_at", .datetime).notNull()
            t.column("extension_months", .integer).notNull().defaults(to: 0)
            t.column("extension_reason", .text)
            t.column("paused_business_days", .integer).notNull().defaults(to: 0)
            t.column("paused_since", .datetime)
            t.column("awaiting_reply_since", .datetime)
            t.column("closed_at", .datetime)
            t.column("resolution", .text)
            t.column("first_response_due_at", .datetime).notNull()
            t.column("resolution_due_at", .datetime).notNull()
            t.column("silent_at", .datetime)
            t.column("next_due_at", .datetime)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        // Closed inquiries have no next deadline and are never silent, so these stay small and
        // serve the overdue, due-soon and silent lists directly.
        try db.execute(sql: "CREATE INDEX inquiry_on_next_due_at ON inquiry(next_due_at) WHERE next_due_at IS NOT NULL")
        try db.execute(sql: "CREATE INDEX inquiry_on_silent_at ON inquiry(silent_at) WHERE silent_at IS NOT NULL")
        try db.create(index: "inquiry_on_owner", on: "inquiry", columns: ["owner", "status"])
        try db.create(index: "inquiry_on_received_at", on: "inquiry", columns: ["received_at"])

        try db.create(table: "inquiry_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("inquiry_id", .integer).notNull().indexed().references("inquiry", onDelete: .cascade)
            t.column("kind", .text).notNull()
            t.column("author", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("body", .text)
        }

        try db.create(table: "farewell") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().indexed().references("person", onDelete: .cascade)
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("note", .text)
        }
    }

    private static func createStaff(_ db: Database) throws {
        try db.create(table: "staff_user") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique()
            t.column("email", .text).notNull()
            t.column("role", .text).notNull()
            t.column("disabled_at", .datetime)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "api_token") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("user_id", .integer).notNull().indexed().references("staff_user", onDelete: .cascade)
            // SHA-256 of the token: the token itself is shown once and never stored.
            t.column("token_hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("expires_at", .datetime)
            t.column("revoked_at", .datetime)
        }
        try db.create(table: "idempotency_record") { t in
            t.column("actor", .text).notNull()
            t.column("key", .text).notNull()
            t.column("request_hash", .text).notNull()
            t.column("status", .integer).notNull()
            t.column("headers", .text).notNull()
            t.column("body", .blob).notNull()
            t.column("created_at", .datetime).notNull()
            t.primaryKey(["actor", "key"])
        }
    }

    /// A key is now recorded in the transaction of the write it guards, before its response
    /// exists; `answered` tells the two apart (rows from before were all answered).
    private static func addIdempotencyClaims(_ db: Database) throws {
        try db.alter(table: "idempotency_record") { t in
            t.add(column: "answered", .boolean).notNull().defaults(to: true)
        }
    }

    private static func createOutbox(_ db: Database) throws {
        try db.create(table: "outbox_message") { t in
            t.autoIncrementedPrimaryKey("id")
            // What the message is for: writing the same message twice is a no-op.
            t.column("dedupe_key", .text).notNull().unique()
            t.column("recipient", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("message_id", .text).notNull()
            // The RFC 5322 message, for mail transports.
            t.column("mime", .blob).notNull()
            // A JSON document, for the webhook transport.
            t.column("payload", .text).notNull()
            t.column("status", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_at", .double).notNull()
            t.column("last_error", .text)
            t.column("created_at", .double).notNull()
            t.column("sent_at", .double)
        }
        try db.create(index: "outbox_message_on_status", on: "outbox_message", columns: ["status", "next_attempt_at"])

        try db.create(table: "alert") { t in
            t.autoIncrementedPrimaryKey("id")
            // Case, kind, deadline and recipient: an alert is raised once for each.
            t.column("dedupe_key", .text).notNull().unique()
            t.column("inquiry_id", .integer).indexed()
            t.column("person_id", .integer)
            t.column("kind", .text).notNull()
            t.column("deadline_at", .double).notNull()
            t.column("recipient", .text).notNull()
            t.column("raised_at", .double).notNull()
            t.column("title", .text).notNull()
            // Nil while the alert waits for its recipient's daily digest.
            t.column("outbox_id", .integer).references("outbox_message")
        }
        try db.create(
            index: "alert_on_pending_digest", on: "alert", columns: ["recipient"], condition: Column("outbox_id") == nil
        )
        try db.alter(table: "staff_user") { t in
            // One digest a day instead of single alerts.
            t.add(column: "alert_digest", .boolean).notNull().defaults(to: false)
        }
    }

    private static func createRelations(_ db: Database) throws {
        try db.create(table: "farewell_plan") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().references("person", onDelete: .cascade)
            t.column("left_on", .text).notNull()
            t.column("due_at", .double).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('scheduled', 'sent', 'skipped')")
            t.column("skip_reason", .text)
            t.column("outbox_id", .integer).references("outbox_message")
            t.column("created_at", .double).notNull()
            // One farewell per departure; someone who comes back and leaves again gets another.
            t.uniqueKey(["person_id", "left_on"])
        }
        try db.execute(
            sql: "CREATE INDEX farewell_plan_on_due_at ON farewell_plan(due_at) WHERE status = 'scheduled'")

        try db.create(table: "followup") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().references("person", onDelete: .cascade)
            t.column("left_on", .text).notNull()
            t.column("months", .integer).notNull()
            t.column("due_on", .text).notNull()
            t.column("done_at", .double)
            t.column("outcome", .text).check(sql: "outcome IN ('returned', 'interested', 'not-now', 'declined')")
            t.column("note", .text)
            t.column("done_by", .text)
            t.uniqueKey(["person_id", "left_on", "months"])
        }
        try db.execute(sql: "CREATE INDEX followup_on_due_on ON followup(due_on) WHERE done_at IS NULL")

        try db.create(table: "campaign") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull()
            t.column("topic", .text).notNull()
            // The segment as JSON (CampaignSegment).
            t.column("segment", .text).notNull()
            t.column("default_language", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('draft', 'sending', 'queued')")
            t.column("created_at", .double).notNull()
            t.column("created_by", .text).notNull()
            t.column("queued_at", .double)
        }
        try db.create(table: "campaign_template") { t in
            t.column("campaign_id", .integer).notNull().references("campaign", onDelete: .cascade)
            t.column("language", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("body", .text).notNull()
            t.primaryKey(["campaign_id", "language"])
        }

        // The rendered message moves to a table of its own: a status change then rewrites a
        // small row instead of the whole message (half the delivery time for a 5 KB newsletter).
        try db.create(table: "outbox_content") { t in
            t.primaryKey("message_id", .integer).references("outbox_message", onDelete: .cascade)
            t.column("mime", .blob).notNull()
            t.column("payload", .text).notNull()
        }
        try db.execute(
            sql: "INSERT INTO outbox_content (message_id, mime, payload) SELECT id, mime, payload FROM outbox_message")
        // Messages about a topic carry the person and topic, so delivery can hold back what
        // the person opted out of after it was queued; campaign messages carry their campaign.
        try db.alter(table: "outbox_message") { t in
            t.drop(column: "mime")
            t.drop(column: "payload")
            t.add(column: "person_id", .integer)
            t.add(column: "topic", .text)
            t.add(column: "campaign_id", .integer)
        }
        try db.execute(
            sql: """
                CREATE VIEW outbox_message_content AS
                SELECT outbox_message.*, outbox_content.mime, outbox_content.payload
                FROM outbox_message JOIN outbox_content ON outbox_content.message_id = outbox_message.id
                """)
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX outbox_message_on_campaign ON outbox_message(campaign_id, person_id)
                WHERE campaign_id IS NOT NULL AND person_id IS NOT NULL
                """)

        // A campaign counts who unsubscribed through its links by the consent change's source.
        try db.create(index: "preference_change_on_source", on: "preference_change", columns: ["source"])

        // The key that signs unsubscribe and preference links, made once per database.
        try db.create(table: "signing_key") { t in
            t.primaryKey("name", .text)
            t.column("secret", .blob).notNull()
        }
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try db.execute(sql: "INSERT INTO signing_key (name, secret) VALUES ('links', ?)", arguments: [secret])
    }

    /// Refusals are audited at most once a minute per staff member, which asks for the last one;
    /// kept idempotent responses are purged after a day, by age.
    private static func addPrivacyIndexes(_ db: Database) throws {
        try db.create(index: "audit_event_on_actor", on: "audit_event", columns: ["actor", "action", "at"])
        try db.create(index: "idempotency_record_on_created_at", on: "idempotency_record", columns: ["created_at"])
    }

    /// A person's signed links carry this; bumping it revokes every link they have.
    private static func addLinkVersions(_ db: Database) throws {
        try db.alter(table: "person") { t in t.add(column: "link_version", .integer).notNull().defaults(to: 0) }
    }

    /// Passwords for the desk, its sessions, the failed sign-ins that slow down guessing, and
    /// the indexes its pages read by: a person's messages, the open inquiries; and campaign test
    /// sends that name their person.
    private static func addDeskSessions(_ db: Database) throws {
        try db.alter(table: "staff_user") { t in
            t.add(column: "password_hash", .text)
            t.add(column: "password_changed_at", .datetime)
        }
        try db.create(table: "desk_session") { t in
            // The SHA-256 of the cookie's value: a copy of the database opens no session.
            t.primaryKey("id_hash", .text)
            t.column("user_id", .integer).notNull().indexed().references("staff_user", onDelete: .cascade)
            t.column("csrf_token", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("last_seen_at", .datetime).notNull()
        }
        try db.create(table: "sign_in_failure") { t in
            // `account:NAME` or `address:IP`.
            t.primaryKey("key", .text)
            t.column("failures", .integer).notNull()
            t.column("last_failed_at", .datetime).notNull()
        }
        // A person's page lists every message sent to them.
        try db.create(index: "outbox_message_on_person", on: "outbox_message", columns: ["person_id", "id"])
        // The queue counts open inquiries by view on every page: only the open ones, not the
        // table (most inquiries are closed).
        try db.execute(sql: "CREATE INDEX inquiry_open ON inquiry(type, owner, status) WHERE status != 'closed'")
        // A campaign's test send names the person it shows (so their erasure reaches it) but is
        // not their copy of the campaign: only messages with a topic are one per person.
        try db.execute(sql: "DROP INDEX outbox_message_on_campaign")
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX outbox_message_on_campaign ON outbox_message(campaign_id, person_id)
                WHERE campaign_id IS NOT NULL AND person_id IS NOT NULL AND topic IS NOT NULL
                """)
    }

    /// Legal holds that keep a person from retention, and when a person was minimised.
    private static func addRetention(_ db: Database) throws {
        try db.alter(table: "person") { t in
            t.add(column: "legal_hold_reason", .text)
            t.add(column: "legal_hold_at", .datetime)
            t.add(column: "minimised_at", .datetime)
        }
        try db.create(index: "audit_event_on_action_at", on: "audit_event", columns: ["action", "at"])
    }

    /// Imports that commit in batches: what a run did, so a failed or killed one can be undone.
    private static func addImportRuns(_ db: Database) throws {
        try db.create(table: "import_run") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("actor", .text).notNull()
            t.column("started_at", .datetime).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('running', 'done', 'undone')")
            // The first person id the run could have made: its people are at or after it.
            t.column("first_person_id", .integer).notNull()
            // The index definitions set aside for a large file, to build again after a crash.
            t.column("suspended_indexes", .text).notNull().defaults(to: "[]")
        }
    }

    /// Mail that comes in: kept whole, filed on an inquiry or waiting to be matched; bounces
    /// that mark a person's address undeliverable.
    private static func addMailIn(_ db: Database) throws {
        try db.create(table: "inbound_mail") { t in
            t.autoIncrementedPrimaryKey("id")
            // The Message-ID, or a digest of the message: a second delivery is stored once.
            t.column("message_key", .text).notNull().unique()
            t.column("received_at", .datetime).notNull()
            t.column("sender", .text)
            t.column("sender_name", .text)
            t.column("recipient", .text)
            t.column("subject", .text).notNull()
            t.column("nature", .text).notNull()
                .check(sql: "nature IN ('message', 'automatic', 'bounce', 'complaint')")
            t.column("status", .text).notNull().check(sql: "status IN ('filed', 'unmatched', 'dismissed')")
            // How it was filed, or why it waits.
            t.column("reason", .text).notNull()
            t.column("person_id", .integer).indexed().references("person", onDelete: .cascade)
            t.column("inquiry_id", .integer).indexed().references("inquiry", onDelete: .cascade)
            t.column("event_id", .integer).indexed().references("inquiry_event", onDelete: .setNull)
            // The message we sent that this one answers, bounces or complains about.
            t.column("outbox_id", .integer).indexed()
            t.column("text", .text).notNull()
            t.column("original", .blob).notNull()
        }
        try db.execute(sql: "CREATE INDEX inbound_mail_unmatched ON inbound_mail(id) WHERE status = 'unmatched'")
        try db.create(table: "inbound_attachment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("mail_id", .integer).notNull().indexed().references("inbound_mail", onDelete: .cascade)
            t.column("filename", .text).notNull()
            t.column("content_type", .text).notNull()
            t.column("size", .integer).notNull()
            t.column("data", .blob).notNull()
        }
        try db.create(table: "mail_bounce") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("person_id", .integer).notNull().references("person", onDelete: .cascade)
            t.column("address", .text).notNull()
            t.column("at", .datetime).notNull()
            t.column("status", .text).notNull()
            t.column("permanent", .boolean).notNull()
        }
        try db.create(index: "mail_bounce_on_person", on: "mail_bounce", columns: ["person_id", "at"])
        try db.alter(table: "person") { t in
            // Set when mail to the current address bounced for good; cleared by mail from it or a new address.
            t.add(column: "email_undeliverable_at", .datetime)
            t.add(column: "email_undeliverable_reason", .text)
            // Set when the bounce left someone without news they were owed (an open inquiry, a farewell).
            t.add(column: "unreachable_since", .datetime)
        }
        try db.execute(sql: "CREATE INDEX person_on_email ON person(lower(email)) WHERE email IS NOT NULL")
        try db.execute(
            sql: "CREATE INDEX person_unreachable ON person(unreachable_since) WHERE unreachable_since IS NOT NULL")
        try db.create(index: "outbox_message_on_message_id", on: "outbox_message", columns: ["message_id"])
    }

    /// The queue's "waiting" tab counts open inquiries by state on every page view: an index of
    /// the open ones by state, so it need not read every open inquiry.
    private static func addQueueByStatus(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX inquiry_open_by_status ON inquiry(status) WHERE status != 'closed'")
    }

    /// The directory's default order (name, ignoring case), so its first pages need no sort of
    /// everyone.
    private static func addPeopleByName(_ db: Database) throws {
        try db.execute(
            sql: "CREATE INDEX person_by_name ON person(family_name COLLATE NOCASE, given_name COLLATE NOCASE)")
    }

    /// An imported person names the run that added them (a batched import undoes itself by it),
    /// and the run its audit entry, which stands for its people; `person_on_family_name` goes:
    /// `person_by_name` (v14) orders the same columns ignoring case, and no query reads the
    /// old one, which a large import had to rebuild for nothing.
    private static func markImportRunsOnPeople(_ db: Database) throws {
        try db.alter(table: "person") { t in
            t.add(column: "import_run_id", .integer)
        }
        try db.alter(table: "import_run") { t in
            t.add(column: "audit_event_id", .integer)
        }
        // A run killed before this version found its people by their audit entries; mark them,
        // so the next start undoes it as any other.
        try db.execute(
            sql: """
                UPDATE person SET import_run_id = (
                    SELECT import_run.id FROM audit_event JOIN import_run ON audit_event.detail = 'import #' || import_run.id
                    WHERE audit_event.action = 'person.imported' AND audit_event.person_id = person.id
                      AND import_run.status = 'running')
                WHERE id IN (
                    SELECT audit_event.person_id FROM audit_event
                    JOIN import_run ON audit_event.detail = 'import #' || import_run.id
                    WHERE audit_event.action = 'person.imported' AND import_run.status = 'running')
                """)
        try db.drop(index: "person_on_family_name")
    }

    /// A campaign started from the desk or the API is queued by `alumni serve`: the start and
    /// the rate chosen are kept with it.
    private static func addCampaignSchedule(_ db: Database) throws {
        try db.alter(table: "campaign") { t in
            t.add(column: "send_at", .double)
            t.add(column: "rate_per_minute", .integer)
        }
    }

    /// Staff deadline calendars: a feed token per account (its SHA-256 only), whether an
    /// admin's feed has the team's unassigned cases; and per inquiry how often its deadlines
    /// moved and when last, for the events' SEQUENCE and DTSTAMP.
    private static func addCalendarFeeds(_ db: Database) throws {
        try db.alter(table: "staff_user") { t in
            t.add(column: "calendar_token_hash", .text)
            t.add(column: "calendar_team", .boolean).notNull().defaults(to: false)
        }
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX staff_user_on_calendar_token ON staff_user(calendar_token_hash)
                WHERE calendar_token_hash IS NOT NULL
                """)
        try db.alter(table: "inquiry") { t in
            t.add(column: "deadline_sequence", .integer).notNull().defaults(to: 0)
            t.add(column: "deadline_moved_at", .double)
        }
    }

    /// An admin may choose to land on the coordinator's overview after signing in.
    private static func addOverviewLanding(_ db: Database) throws {
        try db.alter(table: "staff_user") { t in
            t.add(column: "lands_on_overview", .boolean).notNull().defaults(to: false)
        }
    }

    /// Each campaign's messages counted by status, kept by triggers on the outbox in the same
    /// transaction as every change of a message, so a campaign's figures are read, not counted:
    /// the campaign list shows dozens of campaigns of up to a million messages each.
    private static func addCampaignTally(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE campaign_tally (
                    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    PRIMARY KEY (campaign_id, status)
                ) WITHOUT ROWID;
                INSERT INTO campaign_tally (campaign_id, status, n)
                    SELECT campaign_id, status, COUNT(*) FROM outbox_message
                    WHERE campaign_id IS NOT NULL AND topic IS NOT NULL GROUP BY campaign_id, status;
                CREATE TRIGGER campaign_tally_on_insert AFTER INSERT ON outbox_message
                WHEN NEW.campaign_id IS NOT NULL AND NEW.topic IS NOT NULL BEGIN
                    INSERT INTO campaign_tally (campaign_id, status, n) VALUES (NEW.campaign_id, NEW.status, 1)
                        ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER campaign_tally_on_update AFTER UPDATE OF status, campaign_id, topic ON outbox_message
                WHEN OLD.status IS NOT NEW.status OR OLD.campaign_id IS NOT NEW.campaign_id
                    OR OLD.topic IS NOT NEW.topic BEGIN
                    UPDATE campaign_tally SET n = n - 1
                        WHERE OLD.topic IS NOT NULL AND campaign_id = OLD.campaign_id AND status = OLD.status;
                    INSERT INTO campaign_tally (campaign_id, status, n)
                        SELECT NEW.campaign_id, NEW.status, 1 WHERE NEW.campaign_id IS NOT NULL AND NEW.topic IS NOT NULL
                        ON CONFLICT (campaign_id, status) DO UPDATE SET n = n + 1;
                END;
                CREATE TRIGGER campaign_tally_on_delete AFTER DELETE ON outbox_message
                WHEN OLD.campaign_id IS NOT NULL AND OLD.topic IS NOT NULL BEGIN
                    UPDATE campaign_tally SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND status = OLD.status;
                END;
                CREATE INDEX inbound_mail_complaints ON inbound_mail(outbox_id) WHERE nature = 'complaint';
                """)
    }

    /// What the coordinator's overview and the farewells page read on every view, found without
    /// going through every departure: the skipped farewells (the goodbyes still owed), soonest
    /// due first, and the departures of people not erased, by day (the silent departures).
    private static func addOverviewIndexes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX farewell_plan_skipped ON farewell_plan(due_at) WHERE status = 'skipped';
                CREATE INDEX person_left_on_kept ON person(left_on) WHERE erased_at IS NULL;
                """)
    }

    /// The alumni portal: e-mailed sign-in links, the sessions they open, the limits on asking
    /// for links, a new question that follows up a closed one, the files people attach, what
    /// people say about leaving, and questions from people not yet in the directory.
    private static func addPortal(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE portal_link (
                    -- The SHA-256 of the link's secret: a copy of the database signs no one in.
                    id_hash TEXT PRIMARY KEY NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    purpose TEXT NOT NULL CHECK (purpose IN ('sign-in', 'email-change')),
                    -- The address an e-mail change confirms.
                    new_email TEXT,
                    created_at DOUBLE NOT NULL,
                    expires_at DOUBLE NOT NULL,
                    used_at DOUBLE
                );
                CREATE INDEX portal_link_on_person ON portal_link(person_id, purpose);
                CREATE TABLE portal_session (
                    id_hash TEXT PRIMARY KEY NOT NULL,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at DOUBLE NOT NULL,
                    last_seen_at DOUBLE NOT NULL
                );
                CREATE INDEX portal_session_on_person ON portal_session(person_id);
                -- Requests for links per `address:EMAIL-HASH` and per `client:IP` in the current window.
                CREATE TABLE portal_throttle (
                    key TEXT PRIMARY KEY NOT NULL,
                    window_start DOUBLE NOT NULL,
                    requests INTEGER NOT NULL
                ) WITHOUT ROWID;
                ALTER TABLE inquiry ADD COLUMN follows_id INTEGER REFERENCES inquiry(id) ON DELETE SET NULL;
                CREATE TABLE inquiry_attachment (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inquiry_id INTEGER NOT NULL REFERENCES inquiry(id) ON DELETE CASCADE,
                    event_id INTEGER NOT NULL REFERENCES inquiry_event(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                CREATE INDEX inquiry_attachment_on_inquiry ON inquiry_attachment(inquiry_id, event_id);
                CREATE INDEX inquiry_attachment_on_person ON inquiry_attachment(person_id);
                -- One answer per farewell; a second visit changes it.
                CREATE TABLE farewell_feedback (
                    plan_id INTEGER PRIMARY KEY NOT NULL REFERENCES farewell_plan(id) ON DELETE CASCADE,
                    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    reasons TEXT NOT NULL,
                    words TEXT,
                    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
                    coming_back TEXT NOT NULL CHECK (coming_back IN ('yes', 'maybe', 'no')),
                    hear_about_openings BOOLEAN NOT NULL,
                    answered_at DOUBLE NOT NULL,
                    updated_at DOUBLE NOT NULL
                );
                CREATE INDEX farewell_feedback_on_person ON farewell_feedback(person_id);
                CREATE INDEX farewell_feedback_on_answered_at ON farewell_feedback(answered_at);
                -- Someone not in the directory who asked through the portal and confirmed their address.
                ALTER TABLE person ADD COLUMN self_registered_at DOUBLE;
                -- Their question, waiting for the address to be confirmed (a day at most).
                CREATE TABLE portal_registration (
                    id_hash TEXT PRIMARY KEY NOT NULL,
                    given_name TEXT NOT NULL,
                    family_name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('employee', 'customer')),
                    period TEXT,
                    topic TEXT NOT NULL,
                    question TEXT NOT NULL,
                    language TEXT,
                    created_at DOUBLE NOT NULL,
                    expires_at DOUBLE NOT NULL
                );
                """)
    }

    /// Who holds a message for delivery, and until when (several servers on one database claim
    /// disjoint batches; a lease whose holder died runs out, and its messages are claimed again).
    private static func addOutboxClaims(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE outbox_message ADD COLUMN claimed_by TEXT;
                ALTER TABLE outbox_message ADD COLUMN lease_until DOUBLE;
                CREATE INDEX outbox_message_claimed ON outbox_message(claimed_by) WHERE claimed_by IS NOT NULL;
                """)
    }

    /// When each scheduled job last started, and on which instance: another instance, or this
    /// one restarted, does not run it again early.
    private static func addJobRuns(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE job_run (
                    name TEXT PRIMARY KEY NOT NULL,
                    last_run_at DOUBLE NOT NULL,
                    instance TEXT NOT NULL
                );
                """)
    }
}
