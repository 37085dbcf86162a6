import AlumniCore
import Foundation

/// What campaign pages show, as page values: a campaign in a list, its figures, the settings
/// form filled in.
enum CampaignValues {
    /// A campaign in a list (the campaign list, the overview): name, status and figures.
    static func summary(_ campaign: CampaignSummary, catalog: Catalog) -> PageValue {
        var values: PageValue = [
            "id": campaign.id, "name": campaign.name, "status": catalog("home.campaign." + campaign.status.rawValue),
            "topic": catalog("topic." + campaign.topic.rawValue),
            "languages": campaign.languages.map(\.rawValue).joined(separator: ", "),
        ]
        values["progress"] = progress(campaign.progress)
        return values
    }

    /// The figures of a campaign's messages.
    static func progress(_ progress: CampaignProgress) -> PageValue {
        [
            "queued": progress.queued, "sent": progress.sent, "failed": progress.failed,
            "suppressed": progress.suppressed, "bounced": progress.bounced, "complaints": progress.complaints,
            "unsubscribed": progress.unsubscribed, "total": progress.queued + progress.sent + progress.failed,
        ]
    }

    /// The settings form filled in with `form`, every choice with its label and whether it is ticked.
    static func settings(_ form: CampaignForm, catalog: Catalog) -> PageValue {
        let segment = form.segment
        return [
            "name": form.name,
            "topics": ContactTopic.allCases.map {
                option($0.rawValue, catalog("topic." + $0.rawValue), $0 == form.topic)
            },
            "kinds": PersonKind.allCases.map {
                option($0.rawValue, catalog("kind." + $0.rawValue), segment.kinds.contains($0))
            },
            "segmentLanguages": Language.allCases.map {
                option($0.rawValue, $0.nativeName, segment.languages.contains($0))
            },
            "sentiments": Sentiment.allCases.map {
                option($0.rawValue, catalog("sentiment." + $0.rawValue), segment.sentiments.contains($0))
            },
            "leftAfter": segment.leftAfter?.description, "leftBefore": segment.leftBefore?.description,
            "country": segment.countries.joined(separator: ", "), "tag": segment.tags.joined(separator: ", "),
            "employer": segment.employer, "pensionProvider": segment.pensionProvider,
            "pensionPlan": segment.pensionPlan, "coveredFrom": segment.coveredFrom?.description,
            "coveredTo": segment.coveredTo?.description,
        ]
    }

    /// The languages to write a template in, `selected` chosen.
    static func languages(_ languages: [Language] = Language.allCases, selected: Language?) -> PageValue {
        .list(languages.map { option($0.rawValue, $0.nativeName, $0 == selected) })
    }

    /// What "Count" found: the segment, who would get it, and the others by reason.
    static func audience(_ audience: CampaignAudience, catalog: Catalog) -> PageValue {
        [
            "segment": audience.segment, "eligible": audience.eligible,
            "excluded": AudienceExclusion.allCases.compactMap { reason -> PageValue? in
                audience.excluded[reason].map {
                    ["reason": catalog("campaigns.excluded." + reason.rawValue), "count": $0]
                }
            },
        ]
    }

    private static func option(_ value: String, _ label: String, _ on: Bool) -> PageValue {
        ["value": value, "label": label, "on": on]
    }
}
