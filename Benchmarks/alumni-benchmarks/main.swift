import Foundation
import NIOCore
import NIOPosix

/// Release-build benchmarks, run by hand:
///
///     swift build -c release --product alumni
///     swift run -c release alumni-benchmarks import [PEOPLE]
///     swift run -c release alumni-benchmarks overdue [INQUIRIES]
///     swift run -c release alumni-benchmarks alerts [INQUIRIES]
///     swift run -c release alumni-benchmarks campaign [RECIPIENTS]
///     swift run -c release alumni-benchmarks reads [PEOPLE]
///     swift run -c release alumni-benchmarks person-record [PEOPLE]
///     swift run -c release alumni-benchmarks stores POSTGRES-URL [PEOPLE]
///     swift run -c release alumni-benchmarks stores-overdue POSTGRES-URL [INQUIRIES]
///     swift run -c release alumni-benchmarks stores-import POSTGRES-URL [PEOPLE]
///
/// Each scenario prints its figures and the baseline it is compared with.
let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "import":
    try ImportBenchmark(people: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000).run()
case "overdue":
    try OverdueBenchmark(inquiries: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000).run()
case "alerts":
    try await AlertsBenchmark(inquiries: arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000).run()
case "campaign":
    try await CampaignBenchmark(recipients: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000).run()
case "reads":
    try ReadsBenchmark(people: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000).run()
case "person-record":
    try PersonRecordBenchmark(people: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000).run()
case "stores", "stores-overdue", "stores-import":
    // As `alumni serve` runs: Swift concurrency on NIO's event loops, so a query's answer is
    // handled on the thread it arrived on.
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    guard let url = arguments.dropFirst().first else {
        print(
            "usage: alumni-benchmarks \(arguments.first!) POSTGRES-URL [COUNT] (an empty database; password in the URL or ALUMNI_DB_PASSWORD)"
        )
        exit(2)
    }
    let count = arguments.dropFirst(2).first.flatMap(Int.init)
    switch arguments.first {
    case "stores": try await StoresBenchmark(url: url, people: count ?? 100_000).run()
    case "stores-import": try await PostgresImportBenchmark(url: url, people: count ?? 1_000_000).run()
    default: try await PostgresOverdueBenchmark(url: url, inquiries: count ?? 1_000_000).run()
    }
default:
    print(
        "usage: alumni-benchmarks import [PEOPLE] | overdue [INQUIRIES] | alerts [INQUIRIES] | campaign [RECIPIENTS]"
            + " | reads [PEOPLE] | person-record [PEOPLE] | stores POSTGRES-URL [PEOPLE]"
            + " | stores-overdue POSTGRES-URL [INQUIRIES] | stores-import POSTGRES-URL [PEOPLE]")
    exit(2)
}
