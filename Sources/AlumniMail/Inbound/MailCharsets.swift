import Foundation

/// The character sets mail from Nordic mail programs comes in: UTF-8, ISO-8859-1 and -15 and
/// Windows-1252 (and US-ASCII, their common subset).
enum MailCharsets {
    /// `data` as text in `charset`. ISO-8859-1 is read as Windows-1252, its superset, as mail
    /// programs that label one often send the other; an unknown or missing charset is UTF-8
    /// when the bytes are valid UTF-8, else Windows-1252.
    static func decode(_ data: Data, charset: String?) -> String {
        switch charset?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "iso-8859-15", "iso8859-15", "latin-9", "latin9":
            return singleByte(data, table: latin9)
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii":
            return singleByte(data, table: windows1252)
        default:
            return String(validatingUTF8: data) ?? singleByte(data, table: windows1252)
        }
    }

    /// Header bytes: UTF-8 (RFC 6532) when valid, else Windows-1252 (raw 8-bit headers).
    static func decodeHeaderBytes(_ bytes: ArraySlice<UInt8>) -> String {
        String(validatingUTF8: Data(bytes)) ?? singleByte(Data(bytes), table: windows1252)
    }

    private static func singleByte(_ data: Data, table: [UInt8: Unicode.Scalar]) -> String {
        var text = String.UnicodeScalarView()
        for byte in data {
            text.append(table[byte] ?? Unicode.Scalar(byte))
        }
        return String(text)
    }

    /// Windows-1252's characters in 0x80–0x9F (the rest is ISO-8859-1).
    private static let windows1252: [UInt8: Unicode.Scalar] = [
        0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰",
        0x8A: "Š", 0x8B: "‹", 0x8C: "Œ", 0x8E: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•",
        0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9A: "š", 0x9B: "›", 0x9C: "œ", 0x9E: "ž", 0x9F: "Ÿ",
    ]

    /// Where ISO-8859-15 differs from ISO-8859-1.
    private static let latin9: [UInt8: Unicode.Scalar] = [
        0xA4: "€", 0xA6: "Š", 0xA8: "š", 0xB4: "Ž", 0xB8: "ž", 0xBC: "Œ", 0xBD: "œ", 0xBE: "Ÿ",
    ]
}

extension String {
    /// The bytes as UTF-8 text, or nil when they are not valid UTF-8.
    fileprivate init?(validatingUTF8 data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
