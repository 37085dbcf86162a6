import AlumniCore
import AlumniMail
import Foundation

/// The real messages under `Fixtures/`, as a mail server hands them over.
enum MailFixtures {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "eml", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    static func parse(_ name: String, sender: String? = nil, recipient: String? = nil) throws -> ReceivedMail {
        MailParser.parse(try data(name), envelopeSender: sender, envelopeRecipient: recipient)
    }
}
