import HTTPTypes

/// The API's own header names, declared once for the server and its tests.
extension HTTPField.Name {
    /// Names a request in the log; echoed on the response.
    public static let requestID = Self("X-Request-Id")!
    /// Makes a write safe to retry: the same key gets the first response.
    public static let idempotencyKey = Self("Idempotency-Key")!
    /// `true` on a response replayed for a repeated Idempotency-Key.
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
