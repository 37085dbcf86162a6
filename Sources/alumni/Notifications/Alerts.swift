import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniStore
import ArgumentParser
import Foundation
import Logging

extension AlumniCommand {
    struct Alerts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deadline warnings, overdue, silent and escalation alerts.",
            discussion: """
                `alerts run` is one scan, for cron or a systemd timer (docs/operations.md); `alumni serve` scans every \
                minute. Each alert is raised once per case, kind, deadline and recipient, and only within \
                ALUMNI_ALERT_HOURS (default 08:00-17:00) on business days.
                """,
            subcommands: [Run.self, List.self])

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Scan once and queue the new alerts.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Flag(help: "Show what would be raised; write nothing.") var dryRun = false

            func run() async throws {
                let mail = try MailSettings.load(try StoreOptions.settings())
                let dryRun = dryRun
                let report = try await store.withStore { store, _ in
                    try await BackgroundJobs.scan(
                        store, settings: mail, logger: Logger(label: "alumni.notifications"), dryRun: dryRun)
                }
                if output.json { return try Output.json(report) }
                guard report.open else { return print("Outside alert hours: nothing raised (ALUMNI_ALERT_HOURS)") }
                Output.table(
                    ["KIND", "CASE", "TO", "DEADLINE"],
                    report.raised.map {
                        [
                            $0.kind.rawValue, $0.inquiryId.map { "inquiry #\($0)" } ?? "person #\($0.personId ?? 0)",
                            $0.recipient, Output.time($0.deadline),
                        ]
                    })
                print(
                    "\(dryRun ? "would raise" : "raised") \(report.raised.count), already raised \(report.alreadyRaised)"
                )
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Alerts raised, newest first, and their delivery.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Option(help: "How many to show.") var limit = 50

            func run() async throws {
                let limit = limit
                let page = try await store.withStore { store, _ in try await store.alerts(limit: limit) }
                if output.json { return try Output.json(page) }
                Output.table(
                    ["ID", "KIND", "CASE", "TO", "RAISED", "DELIVERY"],
                    page.items.map {
                        [
                            String($0.id), $0.kind.rawValue,
                            $0.inquiryId.map { "inquiry #\($0)" } ?? "person #\($0.personId ?? 0)",
                            $0.recipient, Output.time($0.raisedAt), $0.delivery?.rawValue ?? "waiting for digest",
                        ]
                    })
                print("\(page.items.count) of \(page.total)")
            }
        }
    }
}
