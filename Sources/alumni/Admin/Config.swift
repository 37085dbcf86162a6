import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The organisation's settings: time zone, holiday calendar, departure follow-up.",
            discussion: "Keys: \(OrganisationSettings.Key.allCases.map(\.rawValue).joined(separator: ", ")).",
            subcommands: [Show.self, Set.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show every setting.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let settings = try store.open().settings()
                if output.json { return try Output.json(settings) }
                Output.table(
                    ["KEY", "VALUE"], OrganisationSettings.Key.allCases.map { [$0.rawValue, settings.value(of: $0)] })
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a setting.", discussion: "Example: alumni config set calendar.country NO")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The key.") var key: String
            @Argument(help: "The new value.") var value: String

            func run() throws {
                guard let key = OrganisationSettings.Key(rawValue: key) else {
                    throw ValidationError(
                        "Unknown key '\(key)'; keys are \(OrganisationSettings.Key.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let database = try store.open()
                try database.setSetting(key, to: value, actor: try store.actor(database))
                print("\(key.rawValue) = \(value)")
            }
        }
    }
}
