import AlumniCore

/// The campaign templates of an organisation: its sender, links signed with its key, its
/// template overrides. What the store and the front ends render campaigns with.
public struct CampaignTemplates: CampaignRendering {
    let from: Mailbox
    let links: LinkBuilder
    let clock: any WallClock
    let overrides: String?

    public init(from: Mailbox, links: LinkBuilder, clock: any WallClock, overrides: String? = nil) {
        self.from = from
        self.links = links
        self.clock = clock
        self.overrides = overrides
    }

    public func renderer(for campaign: Campaign) throws -> any CampaignRenderer {
        try messages(for: campaign)
    }

    /// The renderer of `campaign`, as its concrete type.
    public func messages(for campaign: Campaign) throws -> CampaignMessages {
        try CampaignMessages(campaign: campaign, from: from, links: links, clock: clock, overrides: overrides)
    }

    public func check(_ template: CampaignTemplate) throws {
        do {
            try CampaignMessages.validate(template)
        } catch let error as TemplateError {
            throw ValidationFailure([FieldError(field: error.field, reason: error.reason)])
        }
    }
}
