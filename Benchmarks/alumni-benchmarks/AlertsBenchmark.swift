import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniServer
import AlumniStore
import Foundation
import Logging

/// Issue 5: one alert scan over `inquiries` inquiries of which about 1 % need an alert, a
/// second scan (which must write nothing), and delivery of the queued messages to the file
/// transport.
struct AlertsBenchmark {
    let inquiries: Int

    func run() async throws {
        let folder = try scratchFolder("alerts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AlumniDatabase.open(path: folder.appendingPathComponent("alumni.sqlite").path)
        let (_, seeding) = try measure {
            try database.seedDemo(
                count: 10_000, seed: 1, today: CalendarDate(iso: "2026-11-23")!, actor: .system("benchmark"))
            try database.seedDemoInquiries(count: inquiries, seed: 1, openShare: 0.012, actor: .system("benchmark"))
        }
        print(String(format: "seeded 10000 people and %d inquiries in %.1f s", inquiries, seeding))

        var settings = MailSettings()
        settings.alerts.hours = nil
        settings.transport = .file
        // The mail folder goes on tmpfs when there is one, so the figure is the pipeline's and
        // not the disk's; the disk's own file-creation rate is measured below for comparison.
        let memory = URL(fileURLWithPath: "/dev/shm")
        let mailFolder = (FileManager.default.fileExists(atPath: memory.path) ? memory : folder)
            .appendingPathComponent("alumni-bench-mail-\(getpid())")
        defer { try? FileManager.default.removeItem(at: mailFolder) }
        settings.mailDirectory = mailFolder.path
        let notifications = try BackgroundJobs(
            database: database, settings: settings, logger: Logger(label: "benchmark"))
        let (first, firstTime) = try await measureAsync { try await notifications.scan() }
        let (second, secondTime) = try await measureAsync { try await notifications.scan() }
        precondition(second.raised.isEmpty, "the second scan raised alerts")
        print(String(format: "first scan: %d alerts raised and queued in %.2f s", first.raised.count, firstTime))
        print(
            String(
                format: "second scan: nothing written, %.3f s (%.1f %% of the first; target < 10 %%)", secondTime,
                secondTime * 100 / firstTime))

        let start = DispatchTime.now().uptimeNanoseconds
        let report = try await notifications.deliver()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(
            String(
                format: "delivered %d messages to the file transport (%@) in %.2f s: %.0f messages/s (target ≥ 2000)",
                report.sent, mailFolder.path, seconds, Double(report.sent) / seconds))

        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        let sample = Data(repeating: 65, count: 900)
        let (_, diskTime) = try measure {
            for index in 0..<2000 { try sample.write(to: disk.appendingPathComponent("\(index).eml")) }
        }
        print(
            String(format: "for comparison, this disk creates %.0f files/s with nothing else going on", 2000 / diskTime)
        )
    }
}
