import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deadline policies per inquiry type.", subcommands: [List.self, Set.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show every type's deadlines.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let policies = try store.open().deadlinePolicies()
                if output.json { return try Output.json(policies) }
                Output.table(
                    ["TYPE", "FIRST RESPONSE", "RESOLUTION", "EXTENSION", "SILENCE LIMIT"],
                    policies.map {
                        [
                            $0.type.rawValue, $0.firstResponse.spelledOut, $0.resolution.spelledOut,
                            $0.maxExtensionMonths == 0 ? "none" : "up to \($0.maxExtensionMonths) months",
                            "\($0.silenceLimitBusinessDays) business days",
                        ]
                    })
            }
        }

        struct Set: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a type's deadlines; only the options given change.",
                discussion: "Spans are business days (3d) or calendar months (1month).")

            @OptionGroup var store: StoreOptions
            @Argument(help: "\(InquiryType.allowedValues).") var type: InquiryType
            @Option(help: "Until the first answer, e.g. 3d.") var firstResponse: DeadlineSpan?
            @Option(help: "Until closing, e.g. 10d or 1month.") var resolution: DeadlineSpan?
            @Option(help: "The longest extension in months (0: none).") var maxExtension: Int?
            @Option(help: "Business days a requester's message may wait for a reply.") var silence: Int?

            func run() throws {
                let database = try store.open()
                guard var policy = try database.deadlinePolicies().first(where: { $0.type == type }) else { return }
                policy.firstResponse = firstResponse ?? policy.firstResponse
                policy.resolution = resolution ?? policy.resolution
                policy.maxExtensionMonths = maxExtension ?? policy.maxExtensionMonths
                policy.silenceLimitBusinessDays = silence ?? policy.silenceLimitBusinessDays
                try database.setPolicy(policy, actor: try store.actor(database))
                print(
                    "\(type.rawValue): first response \(policy.firstResponse.spelledOut), resolution \(policy.resolution.spelledOut)"
                )
            }
        }
    }
}
