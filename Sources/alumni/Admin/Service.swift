import AlumniResources
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Service: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Alumni Desk as a system service.", subcommands: [Unit.self])

        struct Unit: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a hardened systemd unit for this alumni binary.",
                discussion: """
                    alumni service unit --user alumni --db /var/lib/alumni/alumni.sqlite \\
                    > /etc/systemd/system/alumni.service. The service runs as the user, may write only \
                    the database's folder, and restarts on failure; settings go in /etc/alumni/alumni.env.
                    """)

            @Option(help: "The system user the service runs as.") var user = "alumni"
            @Option(help: "The database file, an absolute path.") var db = "/var/lib/alumni/alumni.sqlite"

            func validate() throws {
                guard db.hasPrefix("/") else { throw ValidationError("--db: give an absolute path") }
                guard !user.isEmpty, user.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw ValidationError("--user: '\(user)' is not a user name")
                }
            }

            func run() throws {
                let binary = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
                    .resolvingSymlinksInPath().path
                let values = [
                    "binary": binary, "user": user, "database": db,
                    "folder": URL(fileURLWithPath: db).deletingLastPathComponent().path,
                ]
                var unit = try AlumniResources.systemdUnit()
                for (name, value) in values { unit = unit.replacingOccurrences(of: "{{\(name)}}", with: value) }
                print(unit, terminator: "")
            }
        }
    }
}
