/// What a desk template shows: a text, a number, a flag, a list, or named values. Controllers
/// build it with literals (`["name": person.displayName, "rows": rows]`) and it stays typed all
/// the way to the page, so rendering finds every value without casting.
enum PageValue: Sendable {
    case text(String)
    case number(Int)
    case flag(Bool)
    case list([PageValue])
    /// Named values, in the order given; a template has a handful of names per object, so a
    /// look-up walks them.
    case object([(name: String, value: PageValue)])
    case none

    /// The value named `name` of an object; setting it on an object adds or replaces the name.
    subscript(name: String) -> PageValue? {
        get {
            guard case .object(let pairs) = self else { return nil }
            return pairs.first { $0.name == name }?.value
        }
        set {
            guard case .object(var pairs) = self else { return }
            let value = newValue ?? .none
            if let index = pairs.firstIndex(where: { $0.name == name }) {
                pairs[index].value = value
            } else {
                pairs.append((name, value))
            }
            self = .object(pairs)
        }
    }
}

/// A Swift value a template can show.
protocol PageValueConvertible {
    var pageValue: PageValue { get }
}

extension PageValue: PageValueConvertible {
    var pageValue: PageValue { self }
}

extension String: PageValueConvertible {
    var pageValue: PageValue { .text(self) }
}

extension Int: PageValueConvertible {
    var pageValue: PageValue { .number(self) }
}

extension Int64: PageValueConvertible {
    var pageValue: PageValue { .number(Int(self)) }
}

extension Bool: PageValueConvertible {
    var pageValue: PageValue { .flag(self) }
}

extension Optional: PageValueConvertible where Wrapped: PageValueConvertible {
    var pageValue: PageValue { self?.pageValue ?? .none }
}

extension Array: PageValueConvertible where Element: PageValueConvertible {
    var pageValue: PageValue { .list(map { $0.pageValue }) }
}

extension Dictionary: PageValueConvertible where Key == String, Value: PageValueConvertible {
    var pageValue: PageValue { .object(map { ($0.key, $0.value.pageValue) }) }
}

extension PageValue: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, any PageValueConvertible)...) {
        self = .object(elements.map { ($0.0, $0.1.pageValue) })
    }
}

extension PageValue: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: any PageValueConvertible...) {
        self = .list(elements.map { $0.pageValue })
    }
}

extension PageValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .text(value) }
}

extension PageValue: ExpressibleByBooleanLiteral {
    init(booleanLiteral value: Bool) { self = .flag(value) }
}
