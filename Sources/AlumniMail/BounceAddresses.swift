import Crypto
import Foundation

/// Return paths that name the message they belong to (VERP): each message leaves with the
/// envelope sender `bounces+<id>-<signature>@<domain>`, so a bounce names its message even
/// when it does not quote the original's headers. The signature (HMAC-SHA256 under the
/// database's key, 16 hex digits) keeps a stranger from pinning a bounce on a message.
public struct BounceAddresses: Sendable {
    public let domain: String
    private let key: Data
    static let prefix = "bounces+"

    public init(domain: String, key: Data) {
        self.domain = domain.lowercased()
        self.key = key
    }

    /// The return path of outbox message `id`.
    public func address(for id: Int64) -> String {
        "\(Self.prefix)\(id)-\(signature(id))@\(domain)"
    }

    /// The outbox message a return path names, or nil when it is not one of ours or its
    /// signature is wrong.
    public func messageId(in address: String) -> Int64? {
        let address = address.lowercased()
        guard address.hasPrefix(Self.prefix), let at = address.lastIndex(of: "@"),
            address[address.index(after: at)...] == domain
        else { return nil }
        let local = address[address.index(address.startIndex, offsetBy: Self.prefix.count)..<at]
        let pieces = local.split(separator: "-")
        guard pieces.count == 2, let id = Int64(pieces[0]), pieces[1] == signature(id) else { return nil }
        return id
    }

    private func signature(_ id: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("bounce.\(id)".utf8), using: SymmetricKey(data: key))
        return mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// The envelope sender a transport gives each message: the fixed return path, or a VERP
/// address per message when a bounce domain is configured.
public struct ReturnPath: Sendable {
    public let fixed: String
    public let bounces: BounceAddresses?

    public init(fixed: String, bounces: BounceAddresses? = nil) {
        self.fixed = fixed
        self.bounces = bounces
    }

    public func address(for messageId: Int64) -> String {
        bounces?.address(for: messageId) ?? fixed
    }
}
