/// What a person's question in the portal is about, in their words; each opens an inquiry of
/// the matching type, so that type's deadlines and who may read it apply.
public enum PortalTopic: String, CaseIterable, Codable, Sendable {
    case pension
    /// An employment certificate or a reference.
    case certificate
    /// A copy of the data held about them (GDPR Art. 15).
    case dataCopy = "data-copy"
    /// Erasure of their data (GDPR Art. 17).
    case erasure
    /// Ending their customer relationship.
    case endRelationship = "end-relationship"
    case other

    /// The inquiry type the question opens.
    public var inquiryType: InquiryType {
        switch self {
        case .pension: .pension
        case .dataCopy, .erasure: .dataAccess
        case .endRelationship: .exit
        case .certificate, .other: .general
        }
    }

    /// The inquiry's subject as staff read it in the queue.
    public var subject: String {
        switch self {
        case .pension: "Pension question"
        case .certificate: "Employment certificate or reference"
        case .dataCopy: "A copy of my data (Art. 15)"
        case .erasure: "Erase my data (Art. 17)"
        case .endRelationship: "End my customer relationship"
        case .other: "Question"
        }
    }
}
