import AlumniCore
import AlumniStore

/// How a person looks on the terminal.
enum PersonPrinter {
    static func details(_ person: Person) {
        let f = person.fields
        let lines: [(String, String?)] = [
            ("ID", String(person.id)),
            ("Name", person.displayName),
            ("Kind", f.kind?.rawValue),
            ("Email", f.email),
            ("Phone", f.phone),
            ("Address", f.address),
            ("Country", f.country),
            ("Language", f.language?.rawValue),
            ("Reference", f.externalRef),
            ("Joined", f.joined?.description),
            ("Left", f.left?.description),
            ("Reason", f.departureReason),
            ("Sentiment", f.sentiment?.rawValue),
            ("Tags", f.tags?.isEmpty == false ? f.tags!.joined(separator: ", ") : nil),
            (
                "Reach",
                [person.preferredChannel?.rawValue, person.contactNote].compactMap { $0 }.joined(separator: ": ")
            ),
            ("Do not contact", person.doNotContact ? "yes" : nil),
            ("Erased", person.erasedAt.map(Output.time)),
            ("Updated", Output.time(person.updatedAt)),
        ]
        for (label, value) in lines {
            guard let value, !value.isEmpty else { continue }
            print("\(label):".padding(toLength: 16, withPad: " ", startingAt: 0) + value)
        }
    }

    static func row(_ person: Person) -> [String] {
        let f = person.fields
        return [
            String(person.id), person.displayName, f.kind?.rawValue ?? "", f.country ?? "", f.language?.rawValue ?? "",
            f.left?.description ?? "", f.email ?? "",
        ]
    }

    static let header = ["ID", "NAME", "KIND", "COUNTRY", "LANG", "LEFT", "EMAIL"]
}
