import AlumniCore
import ArgumentParser

extension AlumniCommand.People {
    struct Add: ParsableCommand {
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

        func run() throws {
            let database = try store.open()
            let added = try database.addPerson(person.fields, actor: try store.actor(database))
            print(added.id)
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a person's details; only the options given change.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @OptionGroup var person: PersonOptions

        func run() throws {
            let database = try store.open()
            let updated = try database.updatePerson(id: id, with: person.fields, actor: try store.actor(database))
            print("Updated #\(updated.id) \(updated.displayName)")
        }
    }

    struct Depart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a person left us.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's id.") var id: Int64
        @Option(help: "The day they left, YYYY-MM-DD.") var left: CalendarDate
        @Option(help: "Why they left.") var reason: String?

        func run() throws {
            let database = try store.open()
            let person = try database.recordDeparture(
                id: id, left: left, reason: reason, actor: try store.actor(database))
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
