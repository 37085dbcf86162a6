import Crypto
import Foundation

/// A digest of a table's rows that does not depend on their order: the SHA-256 of each row's
/// values (in ``CopyValue/canonical(as:)`` form), added up. Equal on both stores when the same
/// rows are in both.
struct TableChecksum: Sendable {
    private(set) var rows = 0
    private var lanes: [UInt64] = [0, 0, 0, 0]

    mutating func add(_ row: [CopyValue], kinds: [ColumnKind]) {
        var hasher = SHA256()
        for (value, kind) in zip(row, kinds) {
            let bytes = value.canonical(as: kind)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        let digest = Array(hasher.finalize())
        for lane in 0..<4 {
            let word = digest[lane * 8..<lane * 8 + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            lanes[lane] &+= word
        }
        rows += 1
    }

    /// The sum, as 32 hexadecimal digits.
    var hex: String {
        lanes.prefix(2).map { String($0, radix: 16).leftPadded(to: 16) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
