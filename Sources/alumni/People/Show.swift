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
            var employmentPeriods: [EmploymentPeriod]
            var pensionArrangements: [PensionArrangement]?
            /// Whether e-mail reaches them (their address bounced, they are owed news).
            var mail: PersonMailStatus
        }

        func run() throws {
            let database = try store.open()
            let person = try id.map { try database.person(id: $0) } ?? database.person(ref: ref!, kind: kind)
            let details = Details(
                person: person,
                employmentPeriods: try database.employmentPeriods(personId: person.id),
                pensionArrangements: pension
                    ? try database.pensionArrangements(personId: person.id, reader: store.actorName) : nil,
                mail: try database.mailStatus(personId: person.id))
            if output.json { return try Output.json(details) }
            PersonPrinter.details(person)
            if let since = details.mail.undeliverableSince {
                print("Email bounced:  since \(Output.time(since)): \(details.mail.reason ?? "")")
            }
            if details.mail.unreachableSince != nil {
                print("Unreachable:    owed news we cannot e-mail; reach them another way (letter, phone)")
            }
            if !details.employmentPeriods.isEmpty {
                print("\nEmployment")
                Output.table(
                    ["ENTITY", "COUNTRY", "FROM", "TO"],
                    details.employmentPeriods.map {
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
