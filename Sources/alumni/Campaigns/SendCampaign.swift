import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.Campaigns {
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the message one person would get.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "The person's id.") var person: Int64
        @Flag(help: "Print the HTML part instead of the text.") var html = false

        func run() throws {
            let notifications = try store.notifications()
            let database = notifications.database
            let caller = try store.actor(database)
            let messages = try notifications.campaignMessages(try database.campaign(id: id, as: caller))
            let rendered = try messages.render(
                try database.campaignRecipient(campaignId: id, personId: person, as: caller))
            print("Subject: \(rendered.subject)\n")
            print(html ? rendered.html : rendered.text)
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one rendered message to an address of yours, through the outbox.",
            discussion: "Rendered for --person, else for the first person who would get it.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "Where to send it.") var to: String
        @Option(help: "Render it as this person would get it.") var person: Int64?

        func validate() throws {
            guard EmailAddress.isValid(to) else { throw ValidationError("--to: '\(to)' is not an email address") }
        }

        func run() throws {
            let notifications = try store.notifications()
            let database = notifications.database
            let caller = try store.actor(database)
            let messages = try notifications.campaignMessages(try database.campaign(id: id, as: caller))
            guard
                let recipient = try person.map({
                    try database.campaignRecipient(campaignId: id, personId: $0, as: caller)
                }) ?? database.sampleCampaignRecipient(campaignId: id, as: caller)
            else { throw ValidationError("nobody would get campaign #\(id); name someone with --person") }
            let outboxId = try database.queueTestMessage(
                try messages.testMessage(for: recipient, to: to), campaignId: id, actor: caller)
            print("Test message queued as outbox #\(outboxId) (as #\(recipient.person.id) would get it)")
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue the campaign: one outbox message per person who may get it.",
            discussion: """
                Sending again (after a crash, or by mistake) queues only who is missing: nobody gets it twice. \
                Consent is checked now and again when each message is delivered.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "Deliver from this time on (YYYY-MM-DDTHH:MM in the organisation's zone, or ISO 8601).")
        var at: TimeArgument?
        @Option(help: "At most this many messages a minute, like 600/min.") var rate: RateArgument?

        func run() throws {
            let notifications = try store.notifications()
            let database = notifications.database
            let caller = try store.actor(database)
            let start = try at?.instant(in: try database.businessCalendar(), option: "--at")
            let messages = try notifications.campaignMessages(try database.campaign(id: id, as: caller))
            let report = try database.queueCampaign(
                id: id, renderer: messages, start: start, ratePerMinute: rate?.perMinute, actor: caller
            ) { queued in
                if queued > 0 { Output.note("queued \(queued)") }
            }
            if output.json { return try Output.json(report) }
            print("Campaign #\(id): \(report.queued) messages queued (\(report.alreadyQueued) were queued before)")
        }
    }
}
