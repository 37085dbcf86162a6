import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.People {
    struct Show: ParsableCommand {
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

        func run() throws {
            let database = try store.open()
            let actor = try store.actor(database)
            let person =
                try id.map { try database.person(id: $0, as: actor) }
                ?? database.person(ref: ref!, kind: kind, as: actor)
            let details = Details(
                person: person,
                employmentPeriods: actor.may(.readRestricted)
                    ? try database.employmentPeriods(personId: person.id, as: actor) : nil,
                pensionArrangements: pension ? try database.pensionArrangements(personId: person.id, as: actor) : nil,
                mail: try database.mailStatus(personId: person.id))
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
