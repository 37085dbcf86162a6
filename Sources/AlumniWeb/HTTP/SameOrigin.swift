import Hummingbird

/// Whether a form came from our own page: browsers send `Origin` with every POST, and a form
/// another site makes someone submit names that site. No `Origin` at all (an old browser, a
/// script) passes.
public enum SameOrigin {
    public static func check(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "https://\(host)" || origin == "http://\(host)"
    }
}
