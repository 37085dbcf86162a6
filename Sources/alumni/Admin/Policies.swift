import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deadline policies per inquiry type.", subcommands: [List.self, Set.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show every type's deadlines.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let policies = try await store.withStore { store, _ in try await store.deadlinePolicies() }
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

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Change a type's deadlines; only the options given change.",
                discussion: "Spans are business days (3d) or calendar months (1month).")

            @OptionGroup var store: StoreOptions
            @Argument(help: "\(InquiryType.allowedValues).") var type: InquiryType
            @Option(help: "Until the first answer, e.g. 3d.") var firstResponse: DeadlineSpan?
            @Option(help: "Until closing, e.g. 10d or 1month.") var resolution: DeadlineSpan?
            @Option(help: "The longest extension in months (0: none).") var maxExtension: Int?
            @Option(help: "Business days a requester's message may wait for a reply.") var silence: Int?

            func run() async throws {
                let (type, firstResponse, resolution, maxExtension, silence) = (
                    type, firstResponse, resolution, maxExtension, silence
                )
                let changed = try await store.withStore { store, actor -> DeadlinePolicy? in
                    guard var policy = try await store.deadlinePolicies().first(where: { $0.type == type }) else {
                        return nil
                    }
                    policy.firstResponse = firstResponse ?? policy.firstResponse
                    policy.resolution = resolution ?? policy.resolution
                    policy.maxExtensionMonths = maxExtension ?? policy.maxExtensionMonths
                    policy.silenceLimitBusinessDays = silence ?? policy.silenceLimitBusinessDays
                    try await store.setPolicy(policy, actor: actor)
                    return policy
                }
                guard let policy = changed else { return }
                print(
                    "\(type.rawValue): first response \(policy.firstResponse.spelledOut), resolution \(policy.resolution.spelledOut)"
                )
            }
        }
    }
}
