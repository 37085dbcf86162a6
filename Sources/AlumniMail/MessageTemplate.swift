import AlumniResources
import Foundation
import Mustache

/// A Mustache template for plain text: nothing is escaped.
struct TextTemplate: Sendable {
    let template: MustacheTemplate

    /// - Throws: ``TemplateError`` naming `field` when the text is not a valid template.
    init(_ text: String, field: String) throws {
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw TemplateError(field: field, reason: "is not a valid Mustache template (\(error))")
        }
    }

    func render(_ values: [String: Any]) -> String { template.render(values) }
}

/// A message template file from `Resources/templates`: a `Subject:` line, a blank line, the body.
struct MessageTemplate: Sendable {
    let subject: TextTemplate
    let body: TextTemplate

    /// The template `name` in `language`, else in English; a file of the same name in
    /// `overrides` (the organisation's own wording) wins over the shipped one.
    init(_ name: String, language: String, overrides: String?) throws {
        guard
            let text = AlumniResources.template(name, language: language, overrides: overrides)
                ?? AlumniResources.template(name, language: "en", overrides: overrides)
        else { throw TransportError("the template \(name) is missing") }
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("Subject: ") else {
            throw TemplateError(field: "\(name).\(language)", reason: "must start with a Subject: line")
        }
        subject = try TextTemplate(String(first.dropFirst("Subject: ".count)), field: "\(name).\(language) subject")
        body = try TextTemplate(lines.count > 2 ? String(lines[2]) : "", field: "\(name).\(language) body")
    }
}

/// A template that cannot be used, and which one.
public struct TemplateError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let reason: String

    public var description: String { "\(field): \(reason)" }
}
