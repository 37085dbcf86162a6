import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Campaigns {
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft campaign; prints its id.",
            discussion: """
                Example: alumni campaigns create --name "Pension move" --topic pension --subject-template \
                "Your pension with {{pension_provider}}" --body notice.md --pension-provider Alecta \
                --covered-from 1998-01-01 --covered-to 2012-12-31
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "A name for staff.") var name: String
        @Option(help: "newsletter, pension, events, jobs, surveys or offers; recipients need consent for it.")
        var topic: ContactTopic
        @OptionGroup var template: CampaignTemplateOptions
        @OptionGroup var audience: SegmentOptions

        func run() throws {
            let database = try store.open()
            let campaign = try database.createCampaign(
                NewCampaign(name: name, topic: topic, segment: audience.segment, template: try template.template()),
                actor: try store.actor(database))
            print(campaign.id)
        }
    }

    struct Translate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace a draft campaign's template in another language.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @OptionGroup var template: CampaignTemplateOptions

        func run() throws {
            let database = try store.open()
            let campaign = try database.setCampaignTemplate(
                campaignId: id, try template.template(), actor: try store.actor(database))
            print("Campaign #\(id) now has \(campaign.templates.map(\.language.rawValue).joined(separator: ", "))")
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a draft campaign's name, topic or segment.",
            discussion:
                "Segment options replace the whole segment; --everyone clears it. Templates change with translate.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "A new name.") var name: String?
        @Option(help: "A new topic.") var topic: ContactTopic?
        @OptionGroup var audience: SegmentOptions
        @Flag(help: "Send to everyone (clears the segment).") var everyone = false

        func validate() throws {
            if everyone, audience.segment != CampaignSegment() {
                throw ValidationError("--everyone: leave out the segment options, or this flag")
            }
        }

        func run() throws {
            let database = try store.open()
            let caller = try store.actor(database)
            let campaign = try database.campaign(id: id, as: caller)
            let segment =
                everyone
                ? CampaignSegment() : audience.segment == CampaignSegment() ? campaign.segment : audience.segment
            let changed = try database.updateCampaign(
                id: id, name: name ?? campaign.name, topic: topic ?? campaign.topic, segment: segment, actor: caller)
            print("Campaign #\(id) \(changed.name) changed")
        }
    }
}
