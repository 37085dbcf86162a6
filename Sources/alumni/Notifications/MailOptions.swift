import AlumniCore
import AlumniJobs
import AlumniMail
import AlumniStore
import Foundation
import Logging

extension StoreOptions {
    /// Opens the store `--db` names and runs `body` with its background jobs and who acts. The
    /// mail settings (`ALUMNI_MAIL_TRANSPORT` …) are checked first: a command that sends mail
    /// fails on a malformed one before it changes anything.
    func withNotifications<T: Sendable>(_ body: (BackgroundJobs, Caller) async throws -> T) async throws -> T {
        let mail = try MailSettings.load(try Self.settings())
        return try await withStore { store, actor in
            try await body(
                try await BackgroundJobs.on(store, settings: mail, logger: Logger(label: "alumni.notifications")), actor
            )
        }
    }
}
