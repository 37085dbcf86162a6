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
        let data = Data(buffer: buffer)
        let decoded: T
        do {
            decoded = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw problem(for: error)
        }
        if let field = nulField(in: try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) {
            throw Problem(
                .unprocessableContent, detail: "\(field): \(nulReason)",
                errors: [FieldError(field: field, reason: nulReason)])
        }
        return decoded
    }

    /// Why a text with a NUL character is refused.
    static let nulReason = "may not contain the NUL character"

    /// The path of the first string in `json` that holds a NUL character (which no stored text
    /// may hold, on either store), or nil.
    private static func nulField(in json: Any?, at path: String = "") -> String? {
        switch json {
        case let text as String: return text.contains("\0") ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                if let field = nulField(in: value, at: path.isEmpty ? key : "\(path).\(key)") { return field }
            }
        case let array as [Any]:
            for (index, value) in array.enumerated() {
                if let field = nulField(in: value, at: "\(path).\(index)") { return field }
            }
        default: break
        }
        return nil
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
