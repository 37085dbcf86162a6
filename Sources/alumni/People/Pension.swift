import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Pension: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pension arrangements of former employees (restricted data).", subcommands: [Add.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a pension arrangement and print its id.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Option(help: "The pension company.") var provider: String
            @Option(help: "The plan or scheme.") var plan: String
            @Option(help: "The policy or member reference.") var ref: String
            @Option(help: "First day covered, YYYY-MM-DD.") var from: CalendarDate
            @Option(help: "Last day covered, YYYY-MM-DD.") var to: CalendarDate?

            func run() async throws {
                let new = PensionArrangement(
                    personId: id, provider: provider, plan: plan, reference: ref, from: from, to: to)
                let arrangement = try await store.withStore { store, actor in
                    try await store.addPension(new, actor: actor)
                }
                print(arrangement.id!)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a person's pension arrangements (audited).")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "The person's id.") var id: Int64

            func run() async throws {
                let id = id
                let arrangements = try await store.withStore { store, actor in
                    try await store.pensionArrangements(personId: id, as: actor)
                }
                if output.json { return try Output.json(arrangements) }
                Output.table(
                    ["ID", "PROVIDER", "PLAN", "REFERENCE", "FROM", "TO"],
                    arrangements.map {
                        [
                            String($0.id!), $0.provider, $0.plan, $0.reference, $0.from.description,
                            $0.to?.description ?? "",
                        ]
                    })
            }
        }
    }
}
