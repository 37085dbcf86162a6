import ArgumentParser

/// `alumni`: the Alumni Desk command line. Every subcommand works on the same SQLite
/// database as `alumni serve`.
@main
struct AlumniCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alumni",
        abstract: "Alumni Desk: keep in touch with former employees and customers, and answer them on time.",
        discussion: """
            The database is the file given by --db, else $ALUMNI_DB, else ./alumni.sqlite. It is created \
            and brought up to date by whichever command touches it first.
            """,
        subcommands: [
            Init.self, People.self, Employment.self, Pension.self, Prefs.self, Inquiries.self, Silent.self, Report.self,
            CalendarCommand.self, Policies.self, Config.self, Alerts.self, Outbox.self, Serve.self, Users.self,
            Tokens.self, Audit.self, Farewells.self, Followups.self, Campaigns.self, Templates.self, Demo.self,
        ]
    )
}
