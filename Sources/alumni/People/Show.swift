import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one person, by id or by reference.",
            discussion:
                "Pension arrangements are restricted: they are shown only with --pension, and the read is audited.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The person's id.") var id: Int64?
        @Option(help: "Find the person by HR or customer number instead.") var ref: String?
        @Option(help: "With --ref: the kind, when an employee and a customer share the number.") var kind: PersonKind?
        @Flag(help: "Include pension arrangements (audited).") var pension = false

        func validate() throws {
            guard (id == nil) != (ref == nil) else {
                throw ValidationError("Give either an id or --ref, not both or neither")
            }
        }

        struct Details: Encodable {
            var person: Person
            /// Only for those who may read employment and pension data.
            var employmentPeriods: [EmploymentPeriod]?
            var pensionArrangements: [PensionArrangement]?
            /// Whether e-mail reaches them (their address bounced, they are owed news).
            var mail: PersonMailStatus
        }

        func run() async throws {
            let (id, ref, kind, pension) = (id, ref, kind, pension)
            let details = try await store.withStore { store, actor in
                let person =
                    if let id {
                        try await store.person(id: id, as: actor)
                    } else {
                        try await store.person(ref: ref!, kind: kind, as: actor)
                    }
                return Details(
                    person: person,
                    employmentPeriods: actor.may(.readRestricted)
                        ? try await store.employmentPeriods(personId: person.id, as: actor) : nil,
                    pensionArrangements: pension
                        ? try await store.pensionArrangements(personId: person.id, as: actor) : nil,
                    mail: try await store.mailStatus(personId: person.id))
            }
            let person = details.person
            if output.json { return try Output.json(details) }
            PersonPrinter.details(person)
            if let since = details.mail.undeliverableSince {
                print("Email bounced:  since \(Output.time(since)): \(details.mail.reason ?? "")")
            }
            if details.mail.unreachableSince != nil {
                print("Unreachable:    owed news we cannot e-mail; reach them another way (letter, phone)")
            }
            if let periods = details.employmentPeriods, !periods.isEmpty {
                print("\nEmployment")
                Output.table(
                    ["ENTITY", "COUNTRY", "FROM", "TO"],
                    periods.map {
                        [$0.entity, $0.country, $0.from.description, $0.to?.description ?? ""]
                    })
            }
            if let pensions = details.pensionArrangements {
                print("\nPension arrangements")
                Output.table(
                    ["PROVIDER", "PLAN", "REFERENCE", "FROM", "TO"],
                    pensions.map {
                        [$0.provider, $0.plan, $0.reference, $0.from.description, $0.to?.description ?? ""]
                    })
            }
        }
    }
}
