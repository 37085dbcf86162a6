import AlumniCore
import AlumniStore
import ArgumentParser

extension AlumniCommand.Inquiries {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an inquiry: the person, the whole thread, each deadline and its state.",
            discussion:
                "For pension inquiries the person's employment periods and pension arrangements are shown too (audited)."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The inquiry's id.") var id: Int64

        func run() async throws {
            let id = id
            let (details, calendar) = try await store.withStore { store, actor in
                (try await store.inquiryDetails(id: id, as: actor), try await store.businessCalendar())
            }
            if output.json { return try Output.json(details) }
            printDetails(details, calendar: calendar)
        }

        private func printDetails(_ d: InquiryDetails, calendar: BusinessCalendar) {
            let i = d.inquiry
            print("Inquiry #\(i.id): \(i.subject)")
            print("Type:            \(i.type.rawValue), by \(i.channel.rawValue)")
            print("Status:          \(i.status.rawValue)\(i.resolution.map { " (\($0))" } ?? "")")
            print("Owner:           \(i.owner ?? "unassigned")")
            print(
                "Person:          #\(d.person.id) \(d.person.displayName)\(d.person.fields.email.map { " <\($0)>" } ?? "")"
            )
            print("Received:        \(Output.local(i.timeline.receivedAt, calendar))")
            print(
                "First response:  due \(Output.local(d.firstResponse.due, calendar, deadline: true)), \(d.firstResponse.state)"
            )
            print(
                "Resolution:      due \(Output.local(d.resolution.due, calendar, deadline: true)), \(d.resolution.state)"
            )
            if let reason = i.extensionReason {
                print("Extended:        \(i.timeline.extensionMonths) months: \(reason)")
            }
            if let silentAt = i.deadlines.silentAt {
                print(
                    "Silence:         \(d.silent ? "SILENT since" : "silent after") \(Output.local(silentAt, calendar, deadline: true))"
                )
            }
            if let periods = d.employmentPeriods, !periods.isEmpty {
                print("\nEmployment")
                Output.table(
                    ["ENTITY", "COUNTRY", "FROM", "TO"],
                    periods.map { [$0.entity, $0.country, $0.from.description, $0.to?.description ?? ""] })
            }
            if let pensions = d.pensionArrangements, !pensions.isEmpty {
                print("\nPension arrangements")
                Output.table(
                    ["PROVIDER", "PLAN", "REFERENCE", "FROM", "TO"],
                    pensions.map {
                        [$0.provider, $0.plan, $0.reference, $0.from.description, $0.to?.description ?? ""]
                    })
            }
            print("\nThread")
            for event in d.thread {
                print("  \(Output.local(event.at, calendar))  \(event.kind.rawValue)  \(event.author)")
                if let body = event.body { print("      " + body.replacingOccurrences(of: "\n", with: "\n      ")) }
            }
        }
    }
}
