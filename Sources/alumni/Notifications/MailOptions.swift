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
}
