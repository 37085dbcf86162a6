import HTTPTypes
import Hummingbird

extension Request {
    /// The token of `Authorization: Bearer TOKEN`, nil without one. The scheme's name is
    /// case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are `Bearer`.
    var bearerToken: String? {
        guard let header = headers[.authorization], let space = header.firstIndex(of: " "),
            header[..<space].lowercased() == "bearer"
        else { return nil }
        return String(header[space...]).trimmingWhitespace()
    }
}
