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
}
