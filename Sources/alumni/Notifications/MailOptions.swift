import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniStore
import Foundation
import Logging

extension StoreOptions {
    /// The database with the mail settings (`ALUMNI_MAIL_TRANSPORT` …), checked: the commands
    /// that send mail fail on a malformed one before they change anything.
    func notifications() throws -> BackgroundJobs {
        let mail = try MailSettings.load(try Self.settings())
        return try BackgroundJobs(
            database: try open(mail: mail), settings: mail, logger: Logger(label: "alumni.notifications"))
    }

    /// Opens the store `--db` names and runs `body` with its background jobs (the mail
    /// settings checked first, as ``notifications()`` does) and who acts.
    func withNotifications<T: Sendable>(_ body: (BackgroundJobs, Caller) async throws -> T) async throws -> T {
        let mail = try MailSettings.load(try Self.settings())
        return try await withStore { store, actor in
            try await body(
                try await BackgroundJobs.on(store, settings: mail, logger: Logger(label: "alumni.notifications")), actor
            )
        }
    }
}
