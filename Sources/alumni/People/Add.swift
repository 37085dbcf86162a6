import AlumniCore
import ArgumentParser

extension AlumniCommand.People {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person to the directory and print their id.",
            discussion: "Example: alumni people add --given Åse --family Ødegård --email ase@example.no --kind employee"
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var person: PersonOptions

        func validate() throws {
            for (name, value) in [("--given", person.given), ("--family", person.family), ("--email", person.email)]
            where value == nil {
                throw ValidationError(
                    "Missing \(name): a new person needs a given name, a family name, an email and a kind")
            }
            guard person.kind != nil else { throw ValidationError("Missing --kind (employee, customer or both)") }
        }

        func run() async throws {
            let fields = person.fields
            let added = try await store.withStore { store, actor in try await store.addPerson(fields, actor: actor) }
            print(added.id)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person's details; only the options given change.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @OptionGroup var person: PersonOptions

        func run() async throws {
            let (id, fields) = (id, person.fields)
            let updated = try await store.withStore { store, actor in
                try await store.updatePerson(id: id, with: fields, actor: actor)
            }
            print("Updated #\(updated.id) \(updated.displayName)")
        }
    }

    struct Depart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a person left us.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @Option(help: "The day they left, YYYY-MM-DD.") var left: CalendarDate
        @Option(help: "Why they left.") var reason: String?

        func run() async throws {
            let (id, left, reason) = (id, left, reason)
            let person = try await store.withStore { store, actor in
                try await store.recordDeparture(id: id, left: left, reason: reason, actor: actor)
            }
            print("Recorded departure of #\(person.id) \(person.displayName) on \(left)")
        }
    }

    struct Farewell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a person who left was said goodbye to (ends a silent departure).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @Option(help: "How and when, in a line.") var note: String?

        func run() async throws {
            let (id, note) = (id, note)
            try await store.withStore { store, actor in
                try await store.recordFarewell(personId: id, note: note, actor: actor)
            }
            print("Farewell recorded for #\(id)")
        }
    }
}
