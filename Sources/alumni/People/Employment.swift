import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Employment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Employment periods of former employees, abroad too.", subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an employment period and print its id.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Option(help: "The employer entity (company of the group).") var entity: String
            @Option(help: "Country of the entity, ISO alpha-2.") var country: String
            @Option(help: "First day, YYYY-MM-DD.") var from: CalendarDate
            @Option(help: "Last day, YYYY-MM-DD.") var to: CalendarDate?

            func run() async throws {
                let period = EmploymentPeriod(personId: id, entity: entity, country: country, from: from, to: to)
                let added = try await store.withStore { store, actor in
                    try await store.addEmployment(period, actor: actor)
                }
                print(added.id!)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a person's employment periods.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "The person's id.") var id: Int64

            func run() async throws {
                let id = id
                let periods = try await store.withStore { store, actor in
                    try await store.employmentPeriods(personId: id, as: actor)
                }
                if output.json { return try Output.json(periods) }
                Output.table(
                    ["ID", "ENTITY", "COUNTRY", "FROM", "TO"],
                    periods.map {
                        [String($0.id!), $0.entity, $0.country, $0.from.description, $0.to?.description ?? ""]
                    })
            }
        }
    }
}
