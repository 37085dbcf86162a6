import AlumniCore
import Foundation
import Hummingbird

/// Reading JSON request bodies with errors a client can act on.
enum JSONBody {
    /// Times are ISO 8601, with or without fractional seconds.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            let formatter = ISO8601DateFormatter()
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 8601 time like 2026-11-23T09:00:00Z")
        }
        return decoder
    }()

    /// The request body, refused with 413 past the context's limit.
    static func collect(_ request: Request, context: AlumniRequestContext) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(.contentTooLarge, detail: "the body is larger than \(context.maxUploadSize) bytes")
        }
    }

    /// Decodes `T` from `buffer`: 400 for malformed JSON, 422 naming the field for a wrong
    /// type, a missing key or a value out of range.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw problem(for: error)
        }
    }

    private static func problem(for error: DecodingError) -> Problem {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return Problem(.badRequest, detail: "the body is not valid JSON")
        case .dataCorrupted(let context):
            return invalid(path(context), context.debugDescription)
        case .keyNotFound(let key, let context):
            let field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return invalid(field, "is required")
        case .typeMismatch(let type, let context):
            return invalid(path(context).isEmpty ? "body" : path(context), "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return invalid(path(context), "must be \(describe(type)), not null")
        @unknown default:
            return Problem(.badRequest, detail: "the body could not be read")
        }
    }

    private static func invalid(_ field: String, _ reason: String) -> Problem {
        Problem(
            .unprocessableContent, detail: "\(field): \(reason)", errors: [FieldError(field: field, reason: reason)])
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "an object of the documented shape"
        }
    }
}
