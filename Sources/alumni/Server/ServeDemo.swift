import AlumniCore
import AlumniMail
import AlumniStore
import Foundation

/// `alumni serve --demo`: demo people, inquiries, mail and staff accounts in an empty
/// database, and how to sign in printed; a database with people in it is left alone.
struct ServeDemo {
    /// Where the server answers, for the instructions.
    let address: String
    let mail: MailSettings

    private let actor = Caller.system("demo")

    /// Seeds `database` when it has no people.
    func seed(_ database: AlumniDatabase) throws {
        guard try database.people(matching: PersonQuery(), as: actor).total == 0 else { return noteDataHeld() }
        try database.seedDemo(count: 200, seed: 1, today: CalendarDate.today(), actor: actor)
        try database.seedDemoInquiries(count: 400, seed: 1, actor: actor)
        try DemoMail.receive(into: database)
        // One password for the three demo accounts, new for every demo database.
        let password = String(APITokens.random().prefix(16))
        for role in [StaffRole.admin, .hr, .coordinator] {
            let name = "demo-\(role.rawValue)"
            _ = try database.addUser(name: name, email: "\(name)@example.com", role: role, actor: actor)
            try database.setPassword(name: name, password: password, actor: actor)
        }
        Output.note(
            "Desk: \(address)/ — sign in as demo-admin (or demo-hr, demo-coordinator) with password \(password)")
        if let alumnus = try database.demoPortalPerson() {
            let mailFolder = mail.transport == .file ? mail.mailDirectory : nil
            Output.note(
                "Portal for former employees and customers: \(address)/my/ — try it as \(alumnus.email) "
                    + "(\(alumnus.language.nativeName)); the sign-in link arrives by e-mail"
                    + (mailFolder.map { ", written to the folder \($0)/ with these mail settings" } ?? ""))
        }
        let token = APITokens.generate()
        _ = try database.addToken(user: "demo-admin", tokenHash: APITokens.hash(token), expiresAt: nil, actor: actor)
        Output.note("Demo data added. Admin token (shown once): \(token)")
        Output.note("Try: curl -H 'Authorization: Bearer \(token)' \(address)/api/v1/inquiries?overdue=true")
    }

    /// Seeds the PostgreSQL database when it has no people: the demo is made in a SQLite file
    /// of its own, as above, and copied in.
    func seed(_ postgres: PostgresStore) async throws {
        guard try await Store.postgres(postgres).people(matching: PersonQuery(), as: actor).total == 0 else {
            return noteDataHeld()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alumni-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        let database = try StoreOptions.open(path: path, mail: mail)
        try seed(database)
        try database.close()
        _ = try await DatabaseCopy.copy(sqlite: path, to: postgres.location)
    }

    private func noteDataHeld() {
        Output.note(
            "The database holds data already: no demo added. Desk: \(address)/ — sign in with the password "
                + "printed the first time, or set one with: alumni users password demo-admin")
    }
}
