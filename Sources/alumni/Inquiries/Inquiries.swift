import ArgumentParser

extension AlumniCommand {
    struct Inquiries: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Questions and requests from alumni, each with an owner, a thread and deadlines.",
            discussion: """
                Types: pension, data-access, exit, complaint, general (see `alumni policies list` for their deadlines). \
                Deadlines count business days of the organisation's calendar and end at midnight in its time zone.
                """,
            subcommands: [
                Open.self, Reply.self, Note.self, Inbound.self, Wait.self, Assign.self, Reassign.self, Extend.self,
                Close.self, Reopen.self, Show.self, List.self,
            ])
    }
}
