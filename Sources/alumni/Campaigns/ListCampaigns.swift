import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Campaigns {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Campaigns, newest first.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "How many to show.") var limit = 50
        @Option(help: "How many to skip (for the next page).") var offset = 0

        func run() async throws {
            let page = try await store.withStore { store, actor in
                try await store.campaigns(limit: limit, offset: offset, as: actor)
            }
            if output.json { return try Output.json(page) }
            Output.table(
                ["ID", "STATUS", "TOPIC", "LANGUAGES", "NAME"],
                page.items.map {
                    [
                        "\($0.id)", $0.status.rawValue, $0.topic.rawValue,
                        $0.templates.map(\.language.rawValue).joined(separator: ","), $0.name,
                    ]
                })
            print("\(page.items.count) of \(page.total)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A campaign and its messages: queued, sent, failed, held back, unsubscribed since.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The campaign's id.") var id: Int64

        func run() async throws {
            let shown = try await store.withStore { store, actor in try await store.campaignOverview(id: id, as: actor)
            }
            if output.json { return try Output.json(shown) }
            let campaign = shown.campaign, progress = shown.progress
            print("#\(campaign.id) \(campaign.name) (\(campaign.status.rawValue), topic \(campaign.topic.rawValue))")
            print(
                "languages: \(campaign.templates.map(\.language.rawValue).joined(separator: ", ")) (default \(campaign.defaultLanguage.rawValue))"
            )
            print("created \(Output.time(campaign.createdAt)) by \(campaign.createdBy)")
            print(
                "queued \(progress.queued), sent \(progress.sent), failed \(progress.failed), held back \(progress.suppressed), bounced \(progress.bounced), unsubscribed since \(progress.unsubscribed), spam complaints \(progress.complaints)"
            )
        }
    }
}
