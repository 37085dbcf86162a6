extension PersonFields {
    /// Checks a complete person (a new one, or an existing one with an update applied) and
    /// returns it cleaned up: text trimmed, country upper-cased, empty strings as nil,
    /// tags without duplicates.
    ///
    /// - Throws: ``ValidationFailure`` naming every field that is wrong, with the field
    ///   names of the CSV import (`given_name`, `left`, …).
    public func validated() throws(ValidationFailure) -> PersonFields {
        var clean = self
        var errors: [FieldError] = []

        clean.givenName = givenName.trimmedNonEmpty
        clean.familyName = familyName.trimmedNonEmpty
        if clean.givenName == nil { errors.append(FieldError(field: "given_name", reason: "is required")) }
        if clean.familyName == nil { errors.append(FieldError(field: "family_name", reason: "is required")) }
        if clean.kind == nil {
            errors.append(FieldError(field: "kind", reason: "is required (\(PersonKind.allowedValues))"))
        }

        clean.email = email.trimmedNonEmpty
        if let address = clean.email, !EmailAddress.isValid(address) {
            errors.append(FieldError(field: "email", reason: "'\(address)' is not a valid email address"))
        }
        clean.phone = phone.trimmedNonEmpty
        if let number = clean.phone, !PersonFields.isPlausiblePhone(number) {
            errors.append(
                FieldError(field: "phone", reason: "'\(number)' is not a phone number (digits, spaces, + - ( ) only)"))
        }
        clean.address = address.trimmedNonEmpty
        if let country = country.trimmedNonEmpty {
            if let code = CountryCode.normalized(country) {
                clean.country = code
            } else {
                errors.append(
                    FieldError(field: "country", reason: "'\(country)' is not an ISO 3166 alpha-2 country code"))
            }
        } else {
            clean.country = nil
        }
        clean.externalRef = externalRef.trimmedNonEmpty
        clean.departureReason = departureReason.trimmedNonEmpty
        if let joined, let left, left < joined {
            errors.append(FieldError(field: "left", reason: "\(left) is before joined \(joined)"))
        }
        if let tags {
            var seen: [String] = []
            for tag in tags.compactMap(\.trimmedNonEmpty) where !seen.contains(tag) {
                if tag.contains(";") {
                    errors.append(FieldError(field: "tags", reason: "a tag cannot contain ';' ('\(tag)')"))
                }
                seen.append(tag)
            }
            clean.tags = seen
        }
        for (field, text) in [
            // (A phone number is held to digits and + - ( ) already.)
            ("given_name", clean.givenName), ("family_name", clean.familyName), ("ref", clean.externalRef),
            ("reason", clean.departureReason),
        ] where text.map({ ControlCharacters.appear(in: $0) }) == true {
            errors.append(FieldError(field: field, reason: "contains a control character (a line break, a tab …)"))
        }
        if let address = clean.address, ControlCharacters.appear(in: address, allowingLineBreaks: true) {
            errors.append(FieldError(field: "address", reason: "contains a control character other than a line break"))
        }
        if clean.tags?.contains(where: { ControlCharacters.appear(in: $0) }) == true {
            errors.append(FieldError(field: "tags", reason: "a tag contains a control character"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        return clean
    }

    static func isPlausiblePhone(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return digits >= 3
            && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || " +-().".unicodeScalars.contains($0) }
    }
}

/// C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F), which have no place in a
/// name or a reference and in a mail header would start a new line (`F\r\nBcc: …`).
public enum ControlCharacters {
    /// Whether `text` holds one; a postal address may keep its line breaks (CR, LF).
    public static func appear(in text: String, allowingLineBreaks: Bool = false) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            let lineBreak = byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            if byte < 0x20 && !(allowingLineBreaks && lineBreak) { return true }
            if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte < 0xA0) { return true }
            previous = byte
        }
        return false
    }
}

/// A pragmatic email address check: one `@`, a local part, and a domain with a dot,
/// no spaces or control characters. Deliverability is the mail server's business.
public enum EmailAddress {
    /// Bytes that may not appear anywhere in an address: `<>(),;:\"[]` and space.
    private static let forbidden: [Bool] = (0..<128).map { Array("<>(),;:\\\"[] ".utf8).contains(UInt8($0)) }

    /// One pass over the bytes: an import checks a million of these.
    public static func isValid(_ text: String) -> Bool {
        let at = UInt8(ascii: "@"), dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        guard text.utf8.count <= 254 else { return false }
        var localLength: Int?
        var length = 0, labelLength = 0, labels = 0
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (byte < 0x80 && forbidden[Int(byte)]) { return false }
            // C1 controls, U+0080–U+009F, are 0xC2 0x80–0x9F in UTF-8.
            if previous == 0xC2, byte < 0xA0 { return false }
            defer {
                previous = byte
                length += 1
            }
            if byte == at {
                guard localLength == nil else { return false }
                localLength = length
                continue
            }
            guard localLength != nil else { continue }
            if byte == dot {
                // A domain label is not empty and does not end with a hyphen.
                guard labelLength > 0, previous != hyphen else { return false }
                labels += 1
                labelLength = 0
            } else {
                // … nor start with one.
                if labelLength == 0, byte == hyphen { return false }
                labelLength += 1
            }
        }
        guard let localLength, (1...64).contains(localLength) else { return false }
        return labels >= 1 && labelLength > 0 && previous != hyphen
    }
}

extension Optional where Wrapped == String {
    /// The text without surrounding white space, or nil when nothing is left.
    var trimmedNonEmpty: String? {
        guard let trimmed = self?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

extension String {
    var trimmedNonEmpty: String? { Optional(self).trimmedNonEmpty }

    /// The text without surrounding white space (Unicode's notion of it); ASCII text is checked cheaply.
    public func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
