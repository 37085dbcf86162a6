import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniServer
@_spi(RawDatabase) import AlumniStore
import Foundation
import GRDB
import Logging

/// Issue 6: a campaign to `recipients` people in two languages with a Markdown body, rendered
/// and queued, then delivered to the file transport; end-to-end messages per second and peak memory.
struct CampaignBenchmark {
    let recipients: Int

    static let body = """
        # News from the alumni network

        Hello **{{given_name}}**,{{#years}} after {{years}} years with us{{/years}} you are still part of the family.

        * The spring reunion is on *14 May* in Copenhagen.
        * We are hiring again: [see the open positions](https://example.com/jobs).
        * Your pension questions are answered within three business days.

        > "Coming back was the best decision I made." — a boomerang from {{country}}

        Warm regards,
        The alumni team
        """

    func run() async throws {
        let folder = try scratchFolder("campaign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AlumniDatabase.open(path: folder.appendingPathComponent("alumni.sqlite").path)
        let csv = folder.appendingPathComponent("people.csv")
        var text = "given_name,family_name,email,kind,country,language,joined\n"
        for index in 0..<recipients {
            let swedish = index.isMultiple(of: 2)
            text +=
                swedish
                ? "Björn,Nyström,b\(index)@example.se,employee,SE,sv,2010-01-01\n"
                : "Emma,Smith,e\(index)@example.com,customer,GB,en,2015-06-01\n"
        }
        try Data(text.utf8).write(to: csv)
        text = ""
        let (_, seeding) = try measure {
            _ = try database.importPeople(from: csv, options: PeopleImportOptions(), actor: .system("benchmark"))
            try database.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO consent (person_id, topic, channel, granted, source, actor, at)
                        SELECT id, 'newsletter', 'email', 1, 'benchmark', 'benchmark', 0 FROM person
                        """)
            }
        }
        print(String(format: "seeded %d people with newsletter consent in %.1f s", recipients, seeding))

        var settings = MailSettings()
        settings.transport = .file
        // On tmpfs when there is one, so the figure is the pipeline's and not the disk's (see the alerts benchmark).
        let memory = URL(fileURLWithPath: "/dev/shm")
        let mailFolder = (FileManager.default.fileExists(atPath: memory.path) ? memory : folder)
            .appendingPathComponent("alumni-bench-campaign-\(getpid())")
        defer { try? FileManager.default.removeItem(at: mailFolder) }
        settings.mailDirectory = mailFolder.path
        let notifications = try BackgroundJobs(
            database: database, settings: settings, logger: Logger(label: "benchmark"))

        print("one after the other: `campaigns send`, then `outbox deliver`")
        let sequential = try await sequentialRun(try makeCampaign(database, "Spring news"), notifications)
        print("at the same time, as with `alumni serve` delivering while `campaigns send` queues")
        let pipelined = try await pipelinedRun(try makeCampaign(database, "Summer news"), notifications)
        print(
            String(
                format:
                    "end to end: %.0f messages/s one after the other, %.0f at the same time (target ≥ 2000); peak memory %.0f MB (target < 300)",
                sequential, pipelined, peakMemoryMB()))
    }

    private func makeCampaign(_ database: AlumniDatabase, _ name: String) throws -> Campaign {
        let campaign = try database.createCampaign(
            NewCampaign(
                name: name, topic: .newsletter, segment: CampaignSegment(),
                template: CampaignTemplate(language: .en, subject: "News for {{given_name}}", body: Self.body)),
            actor: .system("benchmark"))
        return try database.setCampaignTemplate(
            campaignId: campaign.id,
            CampaignTemplate(
                language: .sv, subject: "Nyheter för {{given_name}}",
                body: Self.body.replacingOccurrences(of: "Hello", with: "Hej")), actor: .system("benchmark"))
    }

    /// Queues everything, then delivers everything; returns end-to-end messages per second.
    private func sequentialRun(_ campaign: Campaign, _ notifications: BackgroundJobs) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let messages = try notifications.campaignMessages(campaign)
        let (queued, queueTime) = try await measureAsync {
            try await notifications.store.queueCampaign(
                id: campaign.id, renderer: messages, actor: .system("benchmark"))
        }
        print(
            String(
                format: "  rendered and queued %d messages in %.2f s: %.0f messages/s", queued.queued, queueTime,
                Double(queued.queued) / queueTime))
        let deliveryStart = DispatchTime.now().uptimeNanoseconds
        let report = try await notifications.deliver()
        let end = DispatchTime.now().uptimeNanoseconds
        let deliveryTime = Double(end - deliveryStart) / 1e9, total = Double(end - start) / 1e9
        print(
            String(
                format: "  delivered %d messages in %.2f s: %.0f messages/s; %d in %.2f s end to end",
                report.sent, deliveryTime, Double(report.sent) / deliveryTime, report.sent, total))
        return Double(report.sent) / total
    }

    /// Queues in one task while another delivers what is due, until both are done.
    private func pipelinedRun(_ campaign: Campaign, _ notifications: BackgroundJobs) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let messages = try notifications.campaignMessages(campaign)
        let done = DoneFlag()
        let queueing = Task.detached {
            defer { done.set() }
            return try await notifications.store.queueCampaign(
                id: campaign.id, renderer: messages, actor: .system("benchmark"))
        }
        var sent = 0
        while true {
            let queueingWasDone = done.isSet
            let pass = try await notifications.deliver().sent
            sent += pass
            if queueingWasDone { break }
            if pass == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        _ = try await queueing.value
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "  %d messages queued and delivered in %.2f s", sent, total))
        return Double(sent) / total
    }
}

/// Set once, read from another task.
private final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    var isSet: Bool { lock.withLock { done } }
    func set() { lock.withLock { done = true } }
}
