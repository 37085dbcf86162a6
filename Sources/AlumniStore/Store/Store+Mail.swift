import AlumniCore
import Foundation

/// Mail that came in, through `Store`: receiving and filing it, and the list staff work through.
extension Store {
    /// Stores a message that came in and files it, in one transaction: a reply on its inquiry,
    /// a new question as a new inquiry, an automatic answer beside the case, a bounce on the
    /// message it is about, a complaint as withdrawn consent; what cannot be filed safely waits
    /// unmatched. The same message a second time (by its key) changes nothing.
    public func receiveMail(_ mail: ReceivedMail, bouncedMessage: Int64? = nil, actor: Caller = .system("mail"))
        async throws -> MailReceipt
    {
        switch self {
        case .sqlite(let database): try database.receiveMail(mail, bouncedMessage: bouncedMessage, actor: actor)
        case .postgres(let store): try await store.receiveMail(mail, bouncedMessage: bouncedMessage, actor: actor)
        }
    }

    /// Mail that came in, newest first: by default the unmatched list staff work through,
    /// without the messages' text.
    public func inboundMail(
        status: InboundMailRecord.Status? = .unmatched, limit: Int = 50, offset: Int = 0, as reader: Caller
    ) async throws -> Page<InboundMailRecord> {
        switch self {
        case .sqlite(let database):
            try database.inboundMail(status: status, limit: limit, offset: offset, as: reader)
        case .postgres(let store):
            try await store.inboundMail(status: status, limit: limit, offset: offset, as: reader)
        }
    }

    /// One message with its text; the read is audited.
    public func inboundMail(id: Int64, reader: Caller) async throws -> InboundMailRecord {
        switch self {
        case .sqlite(let database): try database.inboundMail(id: id, reader: reader)
        case .postgres(let store): try await store.inboundMail(id: id, reader: reader)
        }
    }

    /// A file that came with a message, for an actor who may read its inquiry (or, unfiled,
    /// restricted data); the read is audited.
    public func inboundAttachment(id: Int64, as actor: Caller) async throws -> (InboundAttachment, Data) {
        switch self {
        case .sqlite(let database): try database.inboundAttachment(id: id, as: actor)
        case .postgres(let store): try await store.inboundAttachment(id: id, as: actor)
        }
    }

    /// The message exactly as it arrived; the read is audited.
    public func inboundMailOriginal(id: Int64, reader: Caller) async throws -> Data {
        switch self {
        case .sqlite(let database): try database.inboundMailOriginal(id: id, reader: reader)
        case .postgres(let store): try await store.inboundMailOriginal(id: id, reader: reader)
        }
    }

    /// Files an unmatched message where staff say it belongs: on an inquiry as the requester's
    /// message, or as a new inquiry of a person (an existing one or one added now).
    public func assignInboundMail(id: Int64, to target: MailAssignment, actor: Caller) async throws -> MailReceipt {
        switch self {
        case .sqlite(let database): try database.assignInboundMail(id: id, to: target, actor: actor)
        case .postgres(let store): try await store.assignInboundMail(id: id, to: target, actor: actor)
        }
    }

    /// Takes a message off the unmatched list without filing it; it is kept.
    public func dismissInboundMail(id: Int64, actor: Caller) async throws {
        switch self {
        case .sqlite(let database): try database.dismissInboundMail(id: id, actor: actor)
        case .postgres(let store): try await store.dismissInboundMail(id: id, actor: actor)
        }
    }
}
