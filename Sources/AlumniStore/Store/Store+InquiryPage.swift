import AlumniCore
import Foundation

/// What the desk's queue and inquiry page read, through `Store`.
extension Store {
    /// One page of `query` with the counts of `tabs`, each as `actor` may see it; counting stops
    /// past `countLimit`, or past the page asked for when it lies further on.
    public func inquiryQueue(
        _ query: InquiryQuery, tabs: [InquiryQuery], as actor: Caller, countLimit: Int = AlumniDatabase.listCountLimit
    ) async throws -> InquiryQueue {
        switch self {
        case .sqlite(let database):
            try database.inquiryQueue(query, tabs: tabs, as: actor, countLimit: countLimit)
        case .postgres(let store):
            try await store.inquiryQueue(query, tabs: tabs, as: actor, countLimit: countLimit)
        }
    }

    /// The message a reply with `body` to inquiry `id` would queue, rendered exactly as the
    /// reply renders it but written nowhere; nil when no message would go.
    public func previewReply(toInquiry id: Int64, body: String) async throws -> MessagePreview? {
        switch self {
        case .sqlite(let database): try database.previewReply(toInquiry: id, body: body)
        case .postgres(let store): try await store.previewReply(toInquiry: id, body: body)
        }
    }

    /// The messages filed on `inquiryId`'s thread, by the event each became.
    public func inboundMail(ofInquiry inquiryId: Int64) async throws -> [Int64: InboundMailRecord] {
        switch self {
        case .sqlite(let database): try database.inboundMail(ofInquiry: inquiryId)
        case .postgres(let store): try await store.inboundMail(ofInquiry: inquiryId)
        }
    }

    /// The files people attached to an inquiry, by the event they came with, if `actor` may read it.
    public func inquiryAttachments(inquiryId: Int64, as actor: Caller) async throws -> [Int64: [InquiryAttachment]] {
        switch self {
        case .sqlite(let database): try database.inquiryAttachments(inquiryId: inquiryId, as: actor)
        case .postgres(let store): try await store.inquiryAttachments(inquiryId: inquiryId, as: actor)
        }
    }

    /// One attached file with its content, if `actor` may read its inquiry; the read is audited.
    public func inquiryAttachment(id: Int64, as actor: Caller) async throws -> (InquiryAttachment, Data) {
        switch self {
        case .sqlite(let database): try database.inquiryAttachment(id: id, as: actor)
        case .postgres(let store): try await store.inquiryAttachment(id: id, as: actor)
        }
    }

    /// The closed inquiry `id` follows up, if any and if `actor` may read `id`.
    public func followedInquiry(of id: Int64, as actor: Caller) async throws -> Int64? {
        switch self {
        case .sqlite(let database): try database.followedInquiry(of: id, as: actor)
        case .postgres(let store): try await store.followedInquiry(of: id, as: actor)
        }
    }
}
