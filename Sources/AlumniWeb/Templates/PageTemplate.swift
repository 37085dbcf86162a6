/// A desk page's Mustache template, compiled once into a tree that renders ``PageValue``s.
///
/// The desk renders thousands of pages a second, and a general Mustache engine, which finds
/// each value by casting `Any` to the types it might be, spent most of a page's time doing
/// so. This one knows the value types and implements the part of Mustache the desk's
/// templates use: `{{name}}` (HTML-escaped), dotted names and `{{.}}`, sections and inverted
/// sections (`{{#name}}`, `{{^name}}`) with the `empty(name)` test, partials (`{{> name}}`),
/// comments, and the spec's removal of lines that hold only a section, partial or comment tag.
/// Anything else in a template is an error when it is loaded.
struct PageTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Path)
        case section(Path, inverted: Bool, [Node])
        case partial(String)
    }

    /// A name as a tag writes it: `a.b.c`, `.` (the current value) or `empty(a.b)`.
    struct Path: Sendable, Equatable {
        var names: [String]
        /// `empty(…)`: true when the list named is empty.
        var testsEmpty = false
    }

    struct SyntaxError: Error, CustomStringConvertible {
        let template: String
        let reason: String
        var description: String { "template \(template): \(reason)" }
    }

    let nodes: [Node]

    /// Compiles `source`; `name` is only for errors.
    init(_ source: String, name: String) throws {
        var tokens = try Self.tokens(of: source, name: name)
        Self.removeStandaloneLines(&tokens)
        var stack: [(tag: String, path: Path, inverted: Bool, nodes: [Node])] = [("", Path(names: []), false, [])]
        for token in tokens {
            switch token {
            case .text(let text):
                if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(Array(text.utf8))) }
            case .tag(let kind, let content):
                switch kind {
                case "#", "^":
                    stack.append((content, try Self.path(content, name), kind == "^", []))
                case "/":
                    guard stack.count > 1, let open = stack.last, open.tag == content else {
                        throw SyntaxError(template: name, reason: "{{/\(content)}} closes no open section")
                    }
                    stack.removeLast()
                    stack[stack.count - 1].nodes.append(.section(open.path, inverted: open.inverted, open.nodes))
                case ">":
                    stack[stack.count - 1].nodes.append(.partial(content))
                case "!":
                    break
                default:
                    stack[stack.count - 1].nodes.append(.variable(try Self.path(content, name)))
                }
            }
        }
        guard stack.count == 1 else {
            throw SyntaxError(template: name, reason: "{{#\(stack.last!.tag)}} is never closed")
        }
        nodes = stack[0].nodes
    }

    // MARK: - Compiling

    private enum Token {
        case text(Substring)
        /// `kind` is the tag's sigil (`#`, `^`, `/`, `>`, `!`) or empty for a variable.
        case tag(kind: String, content: String)

        var isStandaloneKind: Bool {
            if case .tag(let kind, _) = self { return kind != "" }
            return false
        }
    }

    private static func tokens(of source: String, name: String) throws -> [Token] {
        var tokens: [Token] = []
        var rest = source[...]
        while let open = rest.range(of: "{{") {
            tokens.append(.text(rest[..<open.lowerBound]))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw SyntaxError(template: name, reason: "a tag opened with {{ is never closed")
            }
            var content = rest[open.upperBound..<close.lowerBound].trimmingWhitespace
            var kind = ""
            if let first = content.first, "#^/>!".contains(first) {
                kind = String(first)
                content = content.dropFirst().trimmingWhitespace
            } else if let first = content.first, "{&=".contains(first) {
                throw SyntaxError(template: name, reason: "{{\(content)}}: the desk's templates escape every value")
            }
            tokens.append(.tag(kind: kind, content: String(content)))
            rest = rest[close.upperBound...]
        }
        tokens.append(.text(rest))
        return tokens
    }

    /// Drops the indentation and line break around a section, partial or comment tag that is
    /// alone on its line, as Mustache does, so templates can be laid out readably. Every tag is
    /// judged on the template as written, then the lines are cut: two such lines in a row share
    /// the text between them, and each cuts its own end of it.
    private static func removeStandaloneLines(_ tokens: inout [Token]) {
        var kept: [Int: (start: Substring.Index, end: Substring.Index)] = [:]
        func text(_ index: Int) -> Substring? {
            if case .text(let text) = tokens[index] { text } else { nil }
        }
        for index in tokens.indices where tokens[index].isStandaloneKind {
            guard index > 0, index + 1 < tokens.count, let before = text(index - 1), let after = text(index + 1)
            else { continue }
            let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
            let isFirstLine = before.lastIndex(of: "\n") == nil
            guard before[lineStart...].allSatisfy({ $0 == " " || $0 == "\t" }),
                isFirstLine ? index == 1 : true
            else { continue }
            let lineEnd = after.firstIndex(of: "\n")
            let tail = lineEnd.map { after[..<$0] } ?? after
            guard tail.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }),
                lineEnd != nil || index + 2 == tokens.count
            else { continue }
            let previous = kept[index - 1] ?? (before.startIndex, before.endIndex)
            kept[index - 1] = (previous.start, min(previous.end, lineStart))
            let next = kept[index + 1] ?? (after.startIndex, after.endIndex)
            kept[index + 1] = (max(next.start, lineEnd.map { after.index(after: $0) } ?? after.endIndex), next.end)
        }
        for (index, range) in kept {
            guard let text = text(index) else { continue }
            tokens[index] = .text(range.start < range.end ? text[range.start..<range.end] : text[text.endIndex...])
        }
    }

    private static func path(_ content: String, _ template: String) throws -> Path {
        var text = content[...]
        var testsEmpty = false
        if text.hasPrefix("empty("), text.hasSuffix(")") {
            testsEmpty = true
            text = text.dropFirst("empty(".count).dropLast()
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else {
            throw SyntaxError(template: template, reason: "{{\(content)}} is not a name this renderer knows")
        }
        let names = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !names.contains(where: \.isEmpty) else {
            throw SyntaxError(template: template, reason: "{{\(content)}} has an empty name")
        }
        return Path(names: names, testsEmpty: testsEmpty)
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
