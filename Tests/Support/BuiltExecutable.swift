import Foundation

/// The `alumni` executable SwiftPM built next to the test bundle (or `$ALUMNI_BIN`), for tests
/// that run the command line as a user would.
public enum BuiltExecutable {
    public static let alumni: URL = {
        if let path = ProcessInfo.processInfo.environment["ALUMNI_BIN"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("alumni").path), folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("alumni")
    }()
}
