import Foundation

/// Files shipped with Alumni Desk: the OpenAPI document (and, later, message templates).
public enum AlumniResources {
    /// The OpenAPI 3.1 document of the HTTP API, as served at `/openapi.yaml`.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
