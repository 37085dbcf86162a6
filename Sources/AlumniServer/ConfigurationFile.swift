import AlumniMail
import Foundation

/// The configuration file: `key = value` lines, `#` comments. Keys are the environment
/// variables' names without `ALUMNI_`, in lower case (`port`, `mail_transport`,
/// `team_email`); the environment overrides the file.
public enum ConfigurationFile {
    /// Every key a file may hold.
    public static var keys: [String] {
        (ServerSettings.Key.allCases.map(\.environmentName) + MailSettings.keys).map {
            String($0.dropFirst("ALUMNI_".count)).lowercased()
        }
    }

    /// The environment with the file's settings underneath it (nil file: the environment as is).
    public static func merged(file: String?, environment: [String: String]) throws -> [String: String] {
        guard let file else { return environment }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SettingsError("cannot read the configuration file \(file)")
        }
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let parts = content.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, keys.contains(parts[0]) else {
                throw SettingsError(
                    "\(file), line \(number + 1): expected key = value with a key of \(keys.joined(separator: ", "))")
            }
            values["ALUMNI_" + parts[0].uppercased()] = parts[1].trimmingCharacters(
                in: CharacterSet(charactersIn: "\""))
        }
        return values.merging(environment) { _, environment in environment }
    }
}
