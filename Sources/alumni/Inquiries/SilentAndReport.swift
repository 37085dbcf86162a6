import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Silent: ParsableCommand {
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

        func run() throws {
            let database = try store.open()
            let now = database.clock.now()
            let cases = try database.silentCases(as: try store.actor(database))
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

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "How the desk is doing: per type and month, volumes, response and resolution times, on-time shares; farewells, check-ins and returns; what retention did.",
            discussion: "Times are in business days. Without --from, the last 12 months.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "First day of arrival, YYYY-MM-DD.") var from: CalendarDate?
        @Option(help: "Last day of arrival, YYYY-MM-DD.") var to: CalendarDate?

        func run() throws {
            let database = try store.open()
            let calendar = try database.businessCalendar()
            let start = from ?? calendar.day(of: database.clock.now()).adding(months: -12)
            let caller = try store.actor(database)
            let report = try database.inquiryReport(from: start, to: to, as: caller)
            let relations = try database.relationsReport(as: caller)
            let retention = try database.retentionMonths()
            let unreachable = try database.unreachablePeople(as: caller)
            if output.json {
                return try Output.json(
                    FullReport(
                        inquiries: report, relations: relations, retention: retention, unreachable: unreachable))
            }
            func days(_ value: Int?) -> String { value.map(String.init) ?? "-" }
            func percent(_ value: Double?) -> String { value.map { "\(Int(($0 * 100).rounded())) %" } ?? "-" }
            Output.table(
                [
                    "MONTH", "TYPE", "OPENED", "CLOSED", "1ST RESP MED/P90", "RESOLVED MED/P90", "1ST RESP ON TIME",
                    "RESOLVED ON TIME",
                ],
                report.rows.map {
                    [
                        $0.month, $0.type.rawValue, String($0.opened), String($0.closed),
                        "\(days($0.firstResponseMedian)) / \(days($0.firstResponseP90))",
                        "\(days($0.resolutionMedian)) / \(days($0.resolutionP90))", percent($0.firstResponseOnTime),
                        percent($0.resolvedOnTime),
                    ]
                })
            print("\nNow")
            Output.table(
                ["TYPE", "OVERDUE", "SILENT"],
                InquiryType.allCases.map {
                    [
                        $0.rawValue, String(report.overdueNow[$0.rawValue] ?? 0),
                        String(report.silentNow[$0.rawValue] ?? 0),
                    ]
                })
            print("\nKeeping in touch")
            Output.table(
                ["FAREWELLS SENT", "BY HAND", "SKIPPED", "CHECK-INS DONE", "DUE NOW", "CAME BACK"],
                [
                    [
                        relations.farewellsSent, relations.farewellsRecorded, relations.farewellsSkipped,
                        relations.checkInsDone, relations.checkInsDue, relations.boomerangs,
                    ].map(String.init)
                ])
            print("\nRetention")
            Output.table(
                ["MONTH", "MINIMISED", "ERASED"],
                retention.map { [$0.month, String($0.minimised), String($0.erased)] })
            print("\nPeople we cannot reach by e-mail: \(unreachable.count)")
            if !unreachable.isEmpty {
                Output.table(
                    ["PERSON", "OWNER", "SINCE", "WHY"],
                    unreachable.map { ["#\($0.personId)", $0.owner ?? "-", Output.time($0.silentSince), $0.title] })
            }
        }

        struct FullReport: Encodable {
            var inquiries: InquiryReport
            var relations: RelationsReport
            var retention: [RetentionMonth]
            /// People whose address bounced while they were owed news.
            var unreachable: [SilentCase]
        }
    }
}
