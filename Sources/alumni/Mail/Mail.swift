import ArgumentParser

extension AlumniCommand {
    struct Mail: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mail that comes in: replies, new questions, bounces, complaints, and what waits unmatched.",
            discussion: """
                A mail server hands each message to `alumni mail receive` (docs/operations.md shows Postfix and \
                fetchmail). What cannot be filed safely waits in `alumni mail unmatched` and raises an alert.
                """,
            subcommands: [Receive.self, Unmatched.self, Show.self, Assign.self, Dismiss.self, Attachment.self])
    }
}
