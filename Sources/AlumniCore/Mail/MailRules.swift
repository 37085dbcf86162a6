/// How the desk reads mail that comes in: which inquiry type a desk address opens, and when
/// temporary bounces count as a dead address.
public struct MailRules: Equatable, Sendable, Codable {
    /// Temporary (4.x.x) bounces to one address within ``softBounceDays`` that count as a permanent one.
    public var softBounceLimit = 3
    public var softBounceDays = 7
    /// The inquiry type a new question to an address opens (`pension@example.com` → pension);
    /// any other address opens a general inquiry.
    public var routes: [String: InquiryType] = [:]

    public init() {}

    /// The type of inquiry a new question to `recipient` opens.
    public func inquiryType(forRecipient recipient: String?) -> InquiryType {
        recipient.flatMap { routes[$0.lowercased()] } ?? .general
    }

    /// Reads `pension@example.com=pension, data@example.com=data-access`.
    static func parseRoutes(_ text: String) -> [String: InquiryType]? {
        var routes: [String: InquiryType] = [:]
        for entry in text.split(separator: ",") {
            let pair = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, EmailAddress.isValid(pair[0]), let type = InquiryType(rawValue: pair[1]) else {
                return nil
            }
            routes[pair[0].lowercased()] = type
        }
        return routes
    }

    /// `routes` as `parseRoutes` reads them, sorted.
    var routesText: String {
        routes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ",")
    }
}
