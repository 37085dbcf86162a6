import AlumniCore
import AlumniSettings

/// The requester's messages, rendered with mail settings read when a message is first needed:
/// a command that sends nothing (`people list`) never reads, nor fails on, the mail settings.
public struct DeferredInquiryMessages: RequesterMessages {
    public let settings: SettingsReader
    public let clock: any WallClock

    public init(settings: SettingsReader, clock: any WallClock) {
        self.settings = settings
        self.clock = clock
    }

    public func message(for notice: RequesterNotice) throws -> NewOutboxMessage? {
        let mail = try MailSettings.load(settings)
        return try InquiryMessages(from: mail.from, clock: clock, overrides: mail.templatesDirectory)
            .message(for: notice)
    }
}
