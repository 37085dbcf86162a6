import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand.Campaigns {
    struct Audience: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who the campaign reaches now, who is left out and why, and who to send a letter instead.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The campaign's id.") var id: Int64
        @Option(help: "How many excluded people and letters to list.") var limit = 50
        @Option(help: ArgumentHelp("Write the letter list to this CSV file.", valueName: "file")) var letters: String?

        func run() async throws {
            let audience = try await store.withStore { store, actor in
                try await store.campaignAudience(id: id, listLimit: letters == nil ? limit : Int.max, as: actor)
            }
            if let letters { try writeLetters(audience.letters, to: letters) }
            if output.json { return try Output.json(audience) }
            print("In the segment: \(audience.segment); would get the email: \(audience.eligible)")
            for reason in AudienceExclusion.allCases {
                if let count = audience.excluded[reason] { print("  excluded, \(reason.explanation): \(count)") }
            }
            if !audience.excludedPeople.isEmpty {
                print("\nExcluded")
                Output.table(
                    ["PERSON", "NAME", "WHY"],
                    audience.excludedPeople.prefix(limit).map { ["#\($0.personId)", $0.name, $0.reason.explanation] })
            }
            if !audience.letters.isEmpty {
                print("\nFor a letter (no email possible)")
                Output.table(
                    ["PERSON", "NAME", "ADDRESS"],
                    audience.letters.prefix(limit).map { ["#\($0.personId)", $0.name, $0.address ?? "(no address)"] })
            }
        }

        private func writeLetters(_ letters: [LetterRecipient], to path: String) throws {
            let text = LetterRecipient.csv(letters)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            Output.note("\(letters.count) letters written to \(path)")
        }
    }
}
