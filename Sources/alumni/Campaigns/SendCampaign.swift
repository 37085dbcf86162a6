import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.Campaigns {
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the message one person would get.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "The person's id.") var person: Int64
        @Flag(help: "Print the HTML part instead of the text.") var html = false

        func run() async throws {
            let preview = try await store.withNotifications { jobs, actor in
                try await jobs.store.previewCampaign(
                    id: id, personId: person, rendering: jobs.campaignTemplates(), as: actor)
            }
            print("Subject: \(preview.subject)\n")
            print(html ? preview.html : preview.text)
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one rendered message to an address of yours, through the outbox.",
            discussion: "Rendered for --person, else for the first person who would get it.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "Where to send it.") var to: String
        @Option(help: "Render it as this person would get it.") var person: Int64?

        func run() async throws {
            let sent = try await store.withNotifications { jobs, actor in
                try await jobs.store.testCampaign(
                    id: id, to: to, personId: person, rendering: jobs.campaignTemplates(), actor: actor)
            }
            print("Test message queued as outbox #\(sent.outboxId) (as #\(sent.personId) would get it)")
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue the campaign: one outbox message per person who may get it.",
            discussion: """
                A campaign is sent once: sending a sent one is refused. Sending one that was interrupted (a crash, \
                or a send started from the desk while the server is down) queues only who is missing: nobody gets it \
                twice. Consent is checked now and again when each message is delivered.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "Deliver from this time on (YYYY-MM-DDTHH:MM in the organisation's zone, or ISO 8601).")
        var at: TimeArgument?
        @Option(help: "At most this many messages a minute, like 600/min.") var rate: RateArgument?

        func run() async throws {
            let report = try await store.withNotifications { jobs, actor in
                let store = jobs.store
                let start = try at?.instant(in: try await store.businessCalendar(), option: "--at")
                var campaign = try await store.campaign(id: id, as: actor)
                switch campaign.status {
                case .draft:
                    campaign = try await store.startCampaign(
                        id: id, start: start, ratePerMinute: rate?.perMinute, actor: actor)
                case .sending:
                    Output.note("campaign #\(id) was being queued; queueing who is still missing")
                case .queued:
                    throw CampaignAlreadySent(campaignId: id, status: campaign.status)
                }
                return try await store.queueCampaign(
                    id: id, renderer: try jobs.campaignMessages(campaign), actor: actor
                ) { queued in
                    if queued > 0 { Output.note("queued \(queued)") }
                }
            }
            if output.json { return try Output.json(report) }
            print("Campaign #\(id): \(report.queued) messages queued (\(report.alreadyQueued) were queued before)")
        }
    }
}
