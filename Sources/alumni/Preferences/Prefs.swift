import AlumniCore
import AlumniMail
import AlumniStore
import ArgumentParser

extension AlumniCommand {
    struct Prefs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Contact preferences and consent, with their history.",
            discussion: "Topics: \(ContactTopic.allowedValues). Channels: \(ContactChannel.allowedValues).",
            subcommands: [
                Show.self, Set.self, DoNotContact.self, Language.self, Reach.self, Link.self, RevokeLinks.self,
            ])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show current preferences and their history.")

            @OptionGroup var store: StoreOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "The person's id.") var id: Int64

            func run() async throws {
                let prefs = try await store.withStore { store, actor in
                    try await store.preferences(personId: id, as: actor)
                }
                if output.json { return try Output.json(prefs) }
                print("Do not contact:  \(prefs.doNotContact ? "yes" : "no")")
                print("Language:        \(prefs.language?.rawValue ?? "-")")
                print(
                    "Reach by:        \(prefs.preferredChannel?.rawValue ?? "-")\(prefs.contactNote.map { " (\($0))" } ?? "")"
                )
                print("\nConsent")
                Output.table(
                    ["TOPIC", "CHANNEL", "CONSENT", "SOURCE", "BY", "WHEN"],
                    prefs.consents.map {
                        [
                            $0.topic.rawValue, $0.channel.rawValue, $0.granted ? "granted" : "denied", $0.source,
                            $0.actor, Output.time($0.at),
                        ]
                    })
                print("\nHistory")
                Output.table(
                    ["WHEN", "CHANGE", "TOPIC", "CHANNEL", "VALUE", "SOURCE", "BY"],
                    prefs.history.map {
                        [
                            Output.time($0.at), $0.subject.rawValue, $0.topic?.rawValue ?? "",
                            $0.channel?.rawValue ?? "", $0.value ?? "", $0.source, $0.actor,
                        ]
                    })
            }
        }

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record consent for a topic on a channel.",
                discussion:
                    "Example: alumni prefs set 42 --topic newsletter --channel email --consent granted --source \"signup form\""
            )

            enum Decision: String, ExpressibleByArgument, CaseIterable { case granted, denied }

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Option(help: "\(ContactTopic.allowedValues).") var topic: ContactTopic
            @Option(help: "\(ContactChannel.allowedValues).") var channel: ContactChannel
            @Option(help: "granted or denied.") var consent: Decision
            @Option(help: "Where the decision came from (form, phone call, letter …).") var source: String

            func run() async throws {
                try await store.withStore { store, actor in
                    try await store.setConsent(
                        personId: id, topic: topic, channel: channel, granted: consent == .granted, source: source,
                        actor: actor)
                }
                print("Consent for \(topic.rawValue) by \(channel.rawValue): \(consent.rawValue)")
            }
        }

        struct DoNotContact: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Turn do-not-contact on or off; it overrides every consent.")

            enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Argument(help: "on or off.") var state: Switch
            @Option(help: "Where the request came from.") var source: String

            func run() async throws {
                try await store.withStore { store, actor in
                    try await store.setDoNotContact(personId: id, state == .on, source: source, actor: actor)
                }
                print("Do not contact: \(state.rawValue)")
            }
        }

        struct Language: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set the language to write to the person in.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Argument(help: "da, nb, sv, fi, de, nl or en.") var language: AlumniCore.Language
            @Option(help: "Where the request came from.") var source: String

            func run() async throws {
                try await store.withStore { store, actor in
                    try await store.setPreferredLanguage(personId: id, language, source: source, actor: actor)
                }
                print("Language: \(language.rawValue)")
            }
        }

        struct Reach: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set how the person prefers to be reached.",
                discussion:
                    "Example: alumni prefs reach 42 --channel phone --note \"call me, don't book a meeting\" --source call"
            )

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Option(help: "\(ContactChannel.allowedValues).") var channel: ContactChannel?
            @Option(help: "Their wish in their words.") var note: String?
            @Option(help: "Where the request came from.") var source: String

            func run() async throws {
                try await store.withStore { store, actor in
                    try await store.setPreferredWay(
                        personId: id, channel: channel, note: note, source: source, actor: actor)
                }
                print("Preferred way to be reached saved")
            }
        }

        struct Link: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a person's signed link to their preference page (and a one-click unsubscribe link).",
                discussion: """
                    For staff who send a person the link by hand, as our messages do. Links are on ALUMNI_PUBLIC_URL \
                    and expire after ALUMNI_LINK_EXPIRY_DAYS (docs/operations.md); handing one out is audited.
                    """)

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64
            @Option(help: "Also a one-click unsubscribe link for this topic: \(ContactTopic.allowedValues).")
            var topic: ContactTopic?

            func run() async throws {
                let mail = try MailSettings.load(try StoreOptions.settings())
                try await self.store.withStore { store, actor in
                    let links = mail.links(key: try await store.linkSigningKey())
                    let version = try await store.issuePreferenceLink(personId: id, topic: topic, actor: actor)
                    let now = store.clock.now()
                    print(links.preferences(personId: id, version: version, now: now))
                    if let topic {
                        print(
                            links.unsubscribe(personId: id, topic: topic, campaignId: nil, version: version, now: now))
                    }
                }
            }
        }

        struct RevokeLinks: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke every unsubscribe and preference link the person has (audited).",
                discussion: "For a forwarded newsletter or a lost phone; new messages carry new links.")

            @OptionGroup var store: StoreOptions
            @Argument(help: "The person's id.") var id: Int64

            func run() async throws {
                try await self.store.withStore { store, actor in try await store.revokeLinks(personId: id, actor: actor)
                }
                print("Revoked the links of #\(id)")
            }
        }
    }
}
