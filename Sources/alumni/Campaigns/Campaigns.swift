import ArgumentParser

extension AlumniCommand {
    struct Campaigns: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Newsletters, invitations and notices to a segment of alumni, in each person's language.",
            discussion: """
                Subject and body are Mustache templates over the person's fields, named as the import's CSV \
                columns ({{given_name}}, {{left}} …) plus {{years}}, {{employer}} and, for pension notices, \
                {{pension_provider}}, {{pension_plan}}, {{pension_reference}}, {{pension_from}}, {{pension_to}}. \
                The body is Markdown, sent as text and HTML. Consent for the topic on email is checked when \
                sending and again at delivery.
                """,
            subcommands: [
                Create.self, Edit.self, Translate.self, List.self, Show.self, Audience.self, Preview.self, Test.self,
                Send.self,
            ])
    }
}
