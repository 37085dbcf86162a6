extension PageTemplate {
    /// The page for `value`, as UTF-8; `partials` are the templates `{{> name}}` names.
    func render(_ value: PageValue, partials: [String: PageTemplate]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(32 * 1024)
        var stack = [value]
        render(nodes, &stack, partials, into: &output)
        return output
    }

    private func render(
        _ nodes: [Node], _ stack: inout [PageValue], _ partials: [String: PageTemplate], into output: inout [UInt8]
    ) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let path):
                switch Self.lookup(path, in: stack) {
                case .text(let text): HTMLEscaping.append(text, to: &output)
                case .number(let number): output.append(contentsOf: String(number).utf8)
                case .flag(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .list, .object, .none: break
                }
            case .section(let path, let inverted, let children):
                let value = Self.lookup(path, in: stack)
                if inverted {
                    if value.isFalsy { render(children, &stack, partials, into: &output) }
                    continue
                }
                switch value {
                case .none, .flag(false): break
                case .flag(true): render(children, &stack, partials, into: &output)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, &stack, partials, into: &output)
                        stack.removeLast()
                    }
                case .text, .number, .object:
                    stack.append(value)
                    render(children, &stack, partials, into: &output)
                    stack.removeLast()
                }
            case .partial(let name):
                if let partial = partials[name] { partial.render(partial.nodes, &stack, partials, into: &output) }
            }
        }
    }

    /// The value `path` names: its first name in the innermost value that has it, the rest
    /// inside that one.
    private static func lookup(_ path: Path, in stack: [PageValue]) -> PageValue {
        var value: PageValue = .none
        if let first = path.names.first {
            for entry in stack.reversed() {
                if let found = entry[first] {
                    value = found
                    break
                }
            }
            for name in path.names.dropFirst() { value = value[name] ?? .none }
        } else {
            value = stack.last ?? .none
        }
        guard path.testsEmpty else { return value }
        switch value {
        case .list(let items): return .flag(items.isEmpty)
        case .none: return .none
        default: return .flag(false)
        }
    }
}

extension PageValue {
    /// What an inverted section shows for: nothing, false, or an empty list.
    fileprivate var isFalsy: Bool {
        switch self {
        case .none, .flag(false): true
        case .list(let items): items.isEmpty
        default: false
        }
    }
}

/// Text written into HTML, with the characters that could end an element or attribute escaped:
/// the one escaper of every page we serve (the desk's renderer and the self-service pages).
public enum HTMLEscaping {
    static func append(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): output.append(contentsOf: "&#39;".utf8)
            default: output.append(byte)
            }
        }
    }

    /// `text` escaped, as a string.
    public static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
