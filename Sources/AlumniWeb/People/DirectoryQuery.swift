import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// The directory's filters, read from the address (so a search can be bookmarked and exported).
struct DirectoryQuery {
    static let names = ["q", "kind", "country", "language", "tag", "left_from", "left_to"]

    var query = PersonQuery()
    var page = 1
    /// The filters as given, for the form and for links to other pages.
    var values: [String: String] = [:]

    init(_ parameters: Parameters) throws {
        for name in Self.names + ["page"] {
            if let value = parameters[name[...]].map(String.init), !value.trimmingCharacters(in: .whitespaces).isEmpty {
                values[name] = value.trimmingCharacters(in: .whitespaces)
            }
        }
        func parsed<T>(_ name: String, _ parse: (String) -> T?) throws -> T? {
            guard let text = values[name] else { return nil }
            guard let parsed = parse(text) else {
                throw DeskError.badInput(field: name, reason: "'\(text)' is not valid")
            }
            return parsed
        }
        query.search = values["q"]
        query.kind = try parsed("kind", PersonKind.init(rawValue:))
        query.country = values["country"]
        query.language = try parsed("language", Language.init(rawValue:))
        query.tag = values["tag"]
        query.leftAfter = try parsed("left_from", CalendarDate.init(iso:))
        query.leftBefore = try parsed("left_to", CalendarDate.init(iso:))
        page = try parsed("page") { Int($0).flatMap { (1...100_000).contains($0) ? $0 : nil } } ?? 1
    }

    /// `name=value&…` of the filters given (no page).
    var filterQuery: String {
        Self.names.compactMap { name in
            values[name].map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }.joined(separator: "&")
    }

    /// The address of page `page` of this search.
    func link(page: Int) -> String {
        "/people?" + [filterQuery, "page=\(page)"].filter { !$0.isEmpty }.joined(separator: "&")
    }
}
