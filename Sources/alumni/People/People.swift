import ArgumentParser

extension AlumniCommand {
    struct People: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep the alumni directory: former employees and former customers.",
            subcommands: [
                Add.self, Update.self, Show.self, List.self, Depart.self, Import.self, Export.self, DataAccess.self,
                Erase.self, Hold.self, Farewell.self,
            ])
    }
}
