import AlumniCore
import AlumniMail
import AlumniStore
import ArgumentParser
import Foundation

extension StaffRole: ExpressibleByArgument {}
extension CalendarFeedChange: ExpressibleByArgument {}

extension AlumniCommand {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Staff accounts and their roles.",
            discussion: "Roles: admin, hr, coordinator, viewer, alert-bot.",
            subcommands: [
                Add.self, List.self, Password.self, Role.self, Disable.self, Digest.self, Calendar.self, Landing.self,
            ])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a staff account.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name (no spaces).") var name: String
            @Option(help: "Their email address.") var email: String
            @Option(help: "admin, hr, coordinator, viewer or alert-bot.") var role: StaffRole

            func run() async throws {
                let (name, email, role) = (name, email, role)
                let user = try await store.withStore { store, actor in
                    try await store.addUser(name: name, email: email, role: role, actor: actor)
                }
                print("Added \(user.name) as \(user.role.rawValue)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List staff accounts.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let users = try await store.withStore { store, _ in try await store.users() }
                if output.json { return try Output.json(users) }
                Output.table(
                    ["NAME", "ROLE", "EMAIL", "STATUS"],
                    users.map { [$0.name, $0.role.rawValue, $0.email, $0.disabledAt == nil ? "active" : "disabled"] })
            }
        }

        struct Password: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a staff member's password for the desk; their desk sessions end.",
                discussion: """
                    Typed twice without echo at a terminal, or read as one line from standard input with \
                    --stdin. At least \(StaffPasswords.minimumLength) characters. API tokens are not affected.
                    """)

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Flag(help: "Read the password as one line from standard input.") var stdin = false

            func run() async throws {
                let password = try PasswordInput.read(fromStdin: stdin)
                let name = name
                try await store.withStore { store, actor in
                    try await store.setPassword(name: name, password: password, actor: actor)
                }
                print("Password set for \(name)")
            }
        }

        struct Digest: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One daily digest of alerts (on) or single alerts as they come (off).")

            enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Argument(help: "on or off.") var state: Switch

            func run() async throws {
                let (name, on) = (name, state == .on)
                try await store.withStore { store, actor in try await store.setAlertDigest(name: name, on, actor: actor)
                }
                print("Alert digest for \(name): \(state.rawValue)")
            }
        }

        struct Calendar: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A calendar feed of the account's open deadlines: on, off, or renew (a new address).",
                discussion: """
                    Prints the feed's secret address (built on public_url) once: add it to a calendar as a \
                    subscription. Renewing makes a new address and stops the old one; off stops it. The feed \
                    names case numbers and types, never people or subjects.
                    """)

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Argument(help: "on, off or renew.") var change: CalendarFeedChange
            @Flag(help: "An admin's feed also has the team's unassigned cases.") var team = false

            func run() async throws {
                let publicURL = try MailSettings.load(try StoreOptions.settings()).publicURL
                let (name, change, team) = (name, change, team)
                let token = try await store.withStore { store, actor in
                    try await store.changeCalendarFeed(user: name, change, team: team, actor: actor)
                }
                guard let token else { return print("Calendar feed of \(name): off") }
                print(CalendarFeedState.address(publicURL: publicURL, token: token))
            }
        }

        struct Landing: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Where an admin's desk opens after signing in: the overview or the queue.",
                discussion: "Coordinators always land on the overview.")

            enum Page: String, ExpressibleByArgument, CaseIterable { case overview, queue }

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Argument(help: "overview or queue.") var page: Page

            func run() async throws {
                let (name, overview) = (name, page == .overview)
                try await store.withStore { store, actor in
                    try await store.setOverviewLanding(name: name, overview, actor: actor)
                }
                print("\(name) lands on the \(page.rawValue)")
            }
        }

        struct Role: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give an account another role, in force from its next request.",
                discussion: "The last active admin keeps the role: make someone else admin first.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Argument(help: "The new role: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            var role: StaffRole

            func run() async throws {
                let (name, role) = (name, role)
                try await store.withStore { store, actor in
                    try await store.changeRole(name: name, to: role, actor: actor)
                }
                print("\(name) is now \(role.rawValue)")
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable an account; its tokens stop working.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String

            func run() async throws {
                let name = name
                try await store.withStore { store, actor in try await store.disableUser(name: name, actor: actor) }
                print("Disabled \(name)")
            }
        }
    }
}
