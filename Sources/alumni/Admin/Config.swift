import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The organisation's settings: time zone, holiday calendar, departure follow-up.",
            discussion: "Keys: \(OrganisationSettings.Key.allCases.map(\.rawValue).joined(separator: ", ")).",
            subcommands: [Show.self, Set.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show every setting.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let settings = try await store.withStore { store, _ in try await store.settings() }
                if output.json { return try Output.json(settings) }
                Output.table(
                    ["KEY", "VALUE"], OrganisationSettings.Key.allCases.map { [$0.rawValue, settings.value(of: $0)] })
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a setting.", discussion: "Example: alumni config set calendar.country NO")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The key.") var key: String
            @Argument(help: "The new value.") var value: String

            func run() async throws {
                guard let key = OrganisationSettings.Key(rawValue: key) else {
                    throw ValidationError(
                        "Unknown key '\(key)'; keys are \(OrganisationSettings.Key.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                let value = value
                try await store.withStore { store, actor in try await store.setSetting(key, to: value, actor: actor) }
                print("\(key.rawValue) = \(value)")
            }
        }
    }
}
