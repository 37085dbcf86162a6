import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Inquiries {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List inquiries, soonest deadline first. Closed ones only with --status closed.",
            discussion: "Example: alumni inquiries list --type pension --overdue")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "open, waiting or closed.") var status: InquiryStatus?
        @Option(help: "\(InquiryType.allowedValues).") var type: InquiryType?
        @Option(help: "Only this staff member's.") var owner: String?
        @Flag(help: "Only those nobody owns.") var unassigned = false
        @Flag(help: "Only those with a deadline passed.") var overdue = false
        @Flag(help: "Only those whose requester waits beyond the silence limit.") var silent = false
        @Option(help: "Only those whose next deadline falls within this time, e.g. 2d or 36h.") var dueWithin: String?
        @Option(help: "Only this person's.") var person: Int64?
        @Option(help: "How many to show.") var limit = 50
        @Option(help: "How many to skip.") var offset = 0

        func validate() throws {
            if let dueWithin, TimeParsing.duration(dueWithin) == nil {
                throw ValidationError("--due-within: '\(dueWithin)' is not a duration like 2d, 36h or 1w")
            }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
            guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        }

        func run() async throws {
            var query = InquiryQuery()
            query.status = status
            query.types = type.map { [$0] }
            query.owner = owner
            query.unassigned = unassigned
            query.overdue = overdue
            query.silent = silent
            query.dueWithin = dueWithin.flatMap(TimeParsing.duration)
            query.personId = person
            query.limit = limit
            query.offset = offset
            let (page, standing) = try await store.withStore { [query] store, actor in
                (try await store.inquiries(matching: query, as: actor), try await store.inquiryStanding())
            }
            if output.json { return try Output.json(page.map { ConditionedInquiry($0, standing) }) }
            Output.table(
                ["ID", "TYPE", "STATUS", "OWNER", "NEXT DEADLINE", "STATE", "SUBJECT"],
                page.items.map { inquiry in
                    let state = standing.conditions(of: inquiry).map(\.rawValue).joined(separator: ", ")
                    return [
                        String(inquiry.id), inquiry.type.rawValue, inquiry.status.rawValue, inquiry.owner ?? "-",
                        inquiry.deadlines.nextDue.map { Output.local($0, standing.calendar, deadline: true) } ?? "-",
                        state.isEmpty ? "-" : state, inquiry.subject,
                    ]
                })
            let first = page.items.isEmpty ? 0 : offset + 1
            print("\(first)–\(offset + page.items.count) of \(page.total)")
        }
    }
}
