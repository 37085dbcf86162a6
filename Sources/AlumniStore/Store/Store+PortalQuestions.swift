import AlumniCore
import Foundation

/// A person's own questions in the portal through `Store`.
extension Store {
    /// The person's own questions, newest first.
    public func portalQuestions(personId: Int64) async throws -> [PortalQuestion] {
        switch self {
        case .sqlite(let database): try database.portalQuestions(personId: personId)
        case .postgres(let store): try await store.portalQuestions(personId: personId)
        }
    }

    /// One of the person's own questions with its thread; another person's is not found.
    public func portalThread(inquiryId: Int64, personId: Int64) async throws -> PortalThread {
        switch self {
        case .sqlite(let database): try database.portalThread(inquiryId: inquiryId, personId: personId)
        case .postgres(let store): try await store.portalThread(inquiryId: inquiryId, personId: personId)
        }
    }

    /// The person asks a question: an inquiry from the portal, its files and the acknowledgement.
    public func askInPortal(personId: Int64, topic: PortalTopic, text: String, files: [UploadedFile] = []) async throws
        -> PortalQuestion
    {
        switch self {
        case .sqlite(let database): try database.askInPortal(personId: personId, topic: topic, text: text, files: files)
        case .postgres(let store):
            try await store.askInPortal(personId: personId, topic: topic, text: text, files: files)
        }
    }

    /// The person writes on one of their own questions (reopening it, or following it up).
    /// - Returns: the question the message landed on.
    public func replyInPortal(personId: Int64, inquiryId: Int64, text: String, files: [UploadedFile] = []) async throws
        -> PortalQuestion
    {
        switch self {
        case .sqlite(let database):
            try database.replyInPortal(personId: personId, inquiryId: inquiryId, text: text, files: files)
        case .postgres(let store):
            try await store.replyInPortal(personId: personId, inquiryId: inquiryId, text: text, files: files)
        }
    }

    /// One of the person's own attached files; another's is not found. The read is audited.
    public func portalAttachment(id: Int64, personId: Int64) async throws -> (InquiryAttachment, Data) {
        switch self {
        case .sqlite(let database): try database.portalAttachment(id: id, personId: personId)
        case .postgres(let store): try await store.portalAttachment(id: id, personId: personId)
        }
    }
}
