import AlumniCore
import AlumniStore
import ArgumentParser
import Foundation

extension AlumniCommand {
    struct Tokens: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API bearer tokens.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token for a user and print it once; only its hash is kept.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The user name.") var name: String
            @Option(help: "Last day it works, YYYY-MM-DD (default: until revoked).") var expires: CalendarDate?

            func run() async throws {
                let (name, expires) = (name, expires)
                let token = APITokens.generate()
                let id = try await store.withStore { store, actor in
                    let calendar = try await store.businessCalendar()
                    let expiresAt = expires.map { calendar.endOfDay($0) }
                    return try await store.addToken(
                        user: name, tokenHash: APITokens.hash(token), expiresAt: expiresAt, actor: actor)
                }
                Output.note("Token #\(id) for \(name). It is shown only now:")
                print(token)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions

            func run() async throws {
                let tokens = try await store.withStore { store, actor in try await store.tokens(as: actor) }
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

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token; it stops working at once.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The token's id (see tokens list).") var id: Int64

            func run() async throws {
                let id = id
                try await store.withStore { store, actor in try await store.revokeToken(id: id, actor: actor) }
                print("Revoked token #\(id)")
            }
        }
    }
}
