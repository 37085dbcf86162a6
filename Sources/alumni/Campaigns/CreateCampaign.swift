import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Campaigns {
    struct Create: AsyncParsableCommand {
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

        func run() async throws {
            let new = NewCampaign(
                name: name, topic: topic, segment: audience.segment, template: try template.template())
            let campaign = try await store.withStore { store, actor in try await store.createCampaign(new, actor: actor)
            }
            print(campaign.id)
        }
    }

    struct Translate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace a draft campaign's template in another language.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @OptionGroup var template: CampaignTemplateOptions

        func run() async throws {
            let template = try template.template()
            let campaign = try await store.withStore { store, actor in
                try await store.setCampaignTemplate(campaignId: id, template, actor: actor)
            }
            print("Campaign #\(id) now has \(campaign.templates.map(\.language.rawValue).joined(separator: ", "))")
        }
    }

    struct Edit: AsyncParsableCommand {
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

        func run() async throws {
            let changed = try await store.withStore { store, actor in
                let campaign = try await store.campaign(id: id, as: actor)
                let segment =
                    everyone
                    ? CampaignSegment() : audience.segment == CampaignSegment() ? campaign.segment : audience.segment
                return try await store.updateCampaign(
                    id: id, name: name ?? campaign.name, topic: topic ?? campaign.topic, segment: segment,
                    actor: actor)
            }
            print("Campaign #\(id) \(changed.name) changed")
        }
    }
}
