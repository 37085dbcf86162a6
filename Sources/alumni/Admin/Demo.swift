import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill the database with realistic demo alumni and their inquiries.",
            discussion: "The same --seed gives the same people, so demos and bug reports can be reproduced.")

        @OptionGroup var store: StoreOptions

        @Option(help: "How many people to add.")
        var people = 200

        @Option(help: "How many inquiries to add, from the people in the database.")
        var inquiries = 0

        @Option(help: "Seed of the generator.")
        var seed: UInt64 = 1

        func validate() throws {
            guard people >= 0, inquiries >= 0 else {
                throw ValidationError("--people and --inquiries cannot be negative")
            }
        }

        func run() async throws {
            try await store.withStore { store, actor in
                let added = try await store.seedDemo(
                    count: people, seed: seed, today: CalendarDate.today(), actor: actor
                ) { Output.note("… \($0) people") }
                print("Added \(added) demo people")
                guard inquiries > 0 else { return }
                let opened = try await store.seedDemoInquiries(count: inquiries, seed: seed, actor: actor) {
                    Output.note("… \($0) inquiries")
                }
                print("Added \(opened) demo inquiries")
            }
        }
    }
}

extension CalendarDate {
    /// Today's date in UTC.
    static func today(_ now: Date = Date()) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
