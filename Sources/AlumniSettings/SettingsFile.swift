import Configuration
import Foundation

/// The configuration file: a JSON object of keys and values (`{"port": 8080, "mail_transport":
/// "smtp"}`), or the older `key = value` lines with `#` comments, which keep working.
enum SettingsFile {
    /// Every key the file holds, checked against ``SettingsKeys/all``.
    static func values(at path: String) throws -> [AbsoluteConfigKey: ConfigValue] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SettingsError("cannot read the configuration file \(path)")
        }
        let pairs =
            try text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
            ? json(text, path: path) : lines(text, path: path)
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in pairs {
            values[AbsoluteConfigKey([key])] = ConfigValue(.string(value), isSecret: SettingsReader.isSecret(key))
        }
        return values
    }

    private static func json(_ text: String, path: String) throws -> [(String, String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SettingsError("\(path): not a JSON object of settings")
        }
        return try object.sorted { $0.key < $1.key }.map { key, value in
            try check(key, at: path)
            switch value {
            case let text as String: return (key, text)
            case let number as NSNumber: return (key, number.stringValue)
            default: throw SettingsError("\(path): \(key) must be a string or a number")
            }
        }
    }

    private static func lines(_ text: String, path: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let parts = content.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw SettingsError("\(path), line \(number + 1): expected key = value") }
            try check(parts[0], at: "\(path), line \(number + 1)")
            pairs.append((parts[0], parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))))
        }
        return pairs
    }

    private static func check(_ key: String, at place: String) throws {
        guard SettingsKeys.all.contains(key) else {
            throw SettingsError(
                "\(place): unknown key '\(key)'; the keys are \(SettingsKeys.all.sorted().joined(separator: ", "))")
        }
    }
}
