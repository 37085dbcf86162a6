import AlumniMail
import AlumniServer
import AlumniStore
import Foundation
import Logging

extension StoreOptions {
    /// The database with the mail settings of the environment (`ALUMNI_MAIL_TRANSPORT` …).
    func notifications() throws -> Notifications {
        Notifications(
            database: try open(), settings: try MailSettings.load(environment: try Self.environment()),
            logger: Logger(label: "alumni.notifications"))
    }
}
