import AlumniCore
import AlumniMail
import ArgumentParser
import Foundation

/// A template in one language: `--language`, `--subject-template`, `--body FILE`.
struct CampaignTemplateOptions: ParsableArguments {
    @Option(help: "The language of this template: da, nb, sv, fi, de, nl or en.") var language: Language = .en
    @Option(help: "The subject, a Mustache template ('News for {{given_name}}').") var subjectTemplate: String
    @Option(help: ArgumentHelp("A Markdown file with the body, a Mustache template.", valueName: "file"))
    var body: String

    /// The template, read and checked; errors name the option.
    func template() throws -> CampaignTemplate {
        let text: String
        do {
            text = try String(contentsOfFile: body, encoding: .utf8)
        } catch {
            throw ValidationError("--body: cannot read \(body)")
        }
        let template = CampaignTemplate(language: language, subject: subjectTemplate, body: text)
        do {
            try CampaignMessages.validate(template)
        } catch let error as TemplateError {
            throw ValidationError("--\(error.field): \(error.reason)")
        }
        return template
    }
}

/// Who a campaign is for.
struct SegmentOptions: ParsableArguments {
    @Option(name: .customLong("kind"), help: "employee, customer or both; repeat for several.") var kinds:
        [PersonKind] = []
    @Option(help: "Only people who left on or after this day.") var leftAfter: CalendarDate?
    @Option(help: "Only people who left on or before this day.") var leftBefore: CalendarDate?
    @Option(name: .customLong("country"), help: "ISO alpha-2; repeat for several.") var countries: [String] = []
    @Option(name: .customLong("for-language"), help: "Only people who read this language; repeat for several.")
    var languages: [Language] = []
    @Option(name: .customLong("tag"), help: "People with this tag; repeat for any of several.") var tags: [String] = []
    @Option(help: "People who worked for this employer entity.") var employer: String?
    @Option(help: "Pension notices: people with an arrangement at this provider.") var pensionProvider: String?
    @Option(help: "… in this plan.") var pensionPlan: String?
    @Option(help: "… covering some of the period from this day.") var coveredFrom: CalendarDate?
    @Option(help: "… to this day.") var coveredTo: CalendarDate?
    @Option(name: .customLong("sentiment"), help: "ambassador … detractor; repeat for several.") var sentiments:
        [Sentiment] = []

    var segment: CampaignSegment {
        var segment = CampaignSegment()
        segment.kinds = kinds
        segment.leftAfter = leftAfter
        segment.leftBefore = leftBefore
        segment.countries = countries
        segment.languages = languages
        segment.tags = tags
        segment.employer = employer
        segment.pensionProvider = pensionProvider
        segment.pensionPlan = pensionPlan
        segment.coveredFrom = coveredFrom
        segment.coveredTo = coveredTo
        segment.sentiments = sentiments
        return segment
    }
}

/// A sending rate: `600/min` or `600`.
struct RateArgument: ExpressibleByArgument {
    let perMinute: Int

    init?(argument: String) {
        let number = argument.hasSuffix("/min") ? String(argument.dropLast(4)) : argument
        guard let value = Int(number), value > 0 else { return nil }
        perMinute = value
    }
}
