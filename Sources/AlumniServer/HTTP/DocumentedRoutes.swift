import AlumniResources
import Foundation

/// The routes the OpenAPI document declares, read from it once: the methods each path takes,
/// for 405 responses with an `Allow` header, and for tests that hold the router to the document.
public struct DocumentedRoutes: Sendable {
    /// Path templates (`/api/v1/people/{id}`) and their methods in upper case.
    public let methods: [String: [String]]

    public init(yaml: String) {
        var methods: [String: [String]] = [:]
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            if !line.hasPrefix(" ") {
                inPaths = line.hasPrefix("paths:")
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) {
                    methods[path, default: []].append(method)
                }
            }
        }
        self.methods = methods
    }

    /// The routes of the shipped document.
    public static func shipped() throws -> DocumentedRoutes {
        DocumentedRoutes(yaml: String(decoding: try AlumniResources.openAPIDocument(), as: UTF8.self))
    }

    /// The methods documented for a concrete request path, nil when no template matches it.
    /// A literal segment beats a parameter (`/inquiries/reassign` over `/inquiries/{id}`).
    public func methods(forPath path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let matches = self.methods.compactMap { template, methods -> (parameters: Int, methods: [String])? in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count, zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 })
            else {
                return nil
            }
            return (parts.filter { $0.hasPrefix("{") }.count, methods)
        }
        return matches.min { $0.parameters < $1.parameters }?.methods
    }
}
