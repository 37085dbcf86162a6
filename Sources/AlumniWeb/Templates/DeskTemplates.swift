import AlumniResources
import Foundation
import Mustache

/// The desk's Mustache templates: one per page in `Resources/desk/pages`, shared pieces in
/// `Resources/desk/partials`, loaded once. Values are HTML-escaped when rendered.
struct DeskTemplates: Sendable {
    let library: MustacheLibrary

    static func shipped() throws -> DeskTemplates {
        var library = MustacheLibrary()
        for folder in ["partials", "pages"] {
            for (name, data) in try AlumniResources.deskFiles(in: folder, withExtension: "mustache") {
                try library.register(String(decoding: data, as: UTF8.self), named: name)
            }
        }
        return DeskTemplates(library: library)
    }

    /// The page `name` rendered with `values`.
    func render(_ name: String, _ values: [String: Any]) throws -> String {
        guard let html = library.render(values, withTemplate: name) else { throw CocoaError(.fileNoSuchFile) }
        return html
    }
}
