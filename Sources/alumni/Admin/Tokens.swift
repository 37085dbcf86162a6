import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token for a user and print it once; only its hash is kept.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Option(help: "Last day it works, YYYY-MM-DD (default: until revoked).") var expires: CalendarDate?

            func run() throws {
                let database = try store.open()
                let token = APITokens.generate()
                let expiresAt = try expires.map { try database.businessCalendar().endOfDay($0) }
                let id = try database.addToken(
                    user: name, tokenHash: APITokens.hash(token), expiresAt: expiresAt, actor: try store.actor(database)
                )
                Output.note("Token #\(id) for \(name). It is shown only now:")
                print(token)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let database = try store.open()
                let tokens = try database.tokens(as: try store.actor(database))
                if output.json { return try Output.json(tokens) }
                Output.table(
                    ["ID", "USER", "CREATED", "EXPIRES", "REVOKED"],
                    tokens.map {
                        [
                            String($0.id), $0.user, Output.time($0.createdAt), $0.expiresAt.map(Output.time) ?? "-",
                            $0.revokedAt.map(Output.time) ?? "-",
                        ]
                    })
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token; it stops working at once.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The token's id (see tokens list).") var id: Int64

            func run() throws {
                let database = try store.open()
                try database.revokeToken(id: id, actor: try store.actor(database))
                print("Revoked token #\(id)")
            }
        }
    }
}
