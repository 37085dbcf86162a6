import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Silent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Cases where we owe the next word: silent inquiries, departures without a farewell, people we cannot reach.",
            discussion: "Oldest silence first. `alumni people farewell ID` ends a silent departure.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Line: Encodable {
            var silentCase: SilentCase
            var silentFor: String
        }

        func run() async throws {
            let (now, cases) = try await store.withStore { store, actor in
                (store.clock.now(), try await store.silentCases(as: actor))
            }
            if output.json {
                return try Output.json(
                    cases.map {
                        Line(silentCase: $0, silentFor: DeadlineState.span(now.timeIntervalSince($0.silentSince)))
                    })
            }
            Output.table(
                ["KIND", "ID", "PERSON", "OWNER", "SILENT FOR", "CASE"],
                cases.map {
                    [
                        $0.kind.rawValue, String($0.id), "#\($0.personId)", $0.owner ?? "-",
                        DeadlineState.span(now.timeIntervalSince($0.silentSince)), $0.title,
                    ]
                })
            print("\(cases.count) silent case\(cases.count == 1 ? "" : "s")")
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "How the desk is doing: per type and month, volumes, response and resolution times, on-time shares; farewells, check-ins and returns; what people said about leaving; what retention did.",
            discussion: """
                Times are in business days. Without --from, the last --months calendar months, this \
                one included: the same figures as the desk's report page for that period and type.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Calendar months to cover, this one included (1 to 120).") var months = 12
        @Option(help: "First day of arrival, YYYY-MM-DD (instead of --months).") var from: CalendarDate?
        @Option(help: "Last day of arrival, YYYY-MM-DD (with --from; default today).") var to: CalendarDate?
        @Option(name: .customLong("type"), help: "Count only this inquiry type (repeatable).")
        var types: [InquiryType] = []

        func validate() throws {
            if to != nil, from == nil { throw ValidationError("--to needs --from") }
        }

        func run() async throws {
            let types = types.isEmpty ? nil : types
            let report = try await self.store.withStore { store, caller in
                if let from {
                    let today = try await store.businessCalendar().day(of: store.clock.now())
                    return try await store.report(from: from, to: to ?? today, types: types, as: caller)
                } else {
                    return try await store.report(months: months, types: types, as: caller)
                }
            }
            if output.json { return try Output.json(report) }
            print(report: report)
        }

        private func print(report full: AlumniReport) {
            let report = full.inquiries
            func days(_ value: Int?) -> String { value.map(String.init) ?? "-" }
            func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded())) %" } ?? "-" }
            Swift.print("\(full.from) to \(full.to)")
            Output.table(
                [
                    "MONTH", "TYPE", "OPENED", "CLOSED", "1ST RESP MED/P90", "RESOLVED MED/P90", "1ST RESP ON TIME",
                    "RESOLVED ON TIME",
                ],
                report.rows.map {
                    [
                        $0.month, $0.type?.rawValue ?? "all", String($0.opened), String($0.closed),
                        "\(days($0.firstResponseMedian)) / \(days($0.firstResponseP90))",
                        "\(days($0.resolutionMedian)) / \(days($0.resolutionP90))", percent($0.firstResponseOnTime),
                        percent($0.resolvedOnTime),
                    ]
                })
            Swift.print("\nNow")
            Output.table(
                ["TYPE", "OWNER", "OVERDUE", "SILENT"],
                report.openNow.map { [$0.type.rawValue, $0.owner ?? "-", String($0.overdue), String($0.silent)] })
            Swift.print("\nKeeping in touch")
            let relations = full.relations
            Output.table(
                ["FAREWELLS SENT", "BY HAND", "SKIPPED", "CHECK-INS DONE", "DUE NOW", "CAME BACK"],
                [
                    [
                        relations.farewellsSent, relations.farewellsRecorded, relations.farewellsSkipped,
                        relations.checkInsDone, relations.checkInsDue, relations.boomerangs,
                    ].map(String.init)
                ])
            Swift.print("\nWhat people said about leaving")
            Output.table(
                ["MONTH", "ANSWERS", "AVERAGE SCORE", "NPS", "OPEN TO RETURN", "TOP REASONS"],
                full.farewellFeedback.map { month in
                    [
                        month.month, String(month.answers), month.averageScore.map { String($0) } ?? "-",
                        month.netPromoterScore.map { String($0) } ?? "-",
                        month.openToReturnPercent.map { "\($0)%" } ?? "-",
                        month.reasons.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
                            .map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                    ]
                })
            Swift.print("\nRetention")
            Output.table(
                ["MONTH", "MINIMISED", "ERASED"],
                full.retention.map { [$0.month, String($0.minimised), String($0.erased)] })
            Swift.print("\nPeople we cannot reach by e-mail: \(full.unreachable.count)")
            if !full.unreachable.isEmpty {
                Output.table(
                    ["PERSON", "OWNER", "SINCE", "WHY"],
                    full.unreachable.map {
                        ["#\($0.personId)", $0.owner ?? "-", Output.time($0.silentSince), $0.title]
                    })
            }
        }
    }
}
