import AlumniCore

/// The API's hottest response, a person, written field by field: the same keys and values as
/// `Person.encode(to:)`.
extension Person: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        fields.write(to: &object)
        object.add("id", id)
        object.add("preferredChannel", preferredChannel)
        object.add("contactNote", contactNote)
        object.add("doNotContact", doNotContact)
        object.add("erasedAt", erasedAt)
        object.add("createdAt", createdAt)
        object.add("updatedAt", updatedAt)
    }
}

extension PersonFields {
    func write(to object: inout JSONObjectWriter) {
        object.add("givenName", givenName)
        object.add("familyName", familyName)
        object.add("email", email)
        object.add("phone", phone)
        object.add("address", address)
        object.add("country", country)
        object.add("language", language)
        object.add("kind", kind)
        object.add("externalRef", externalRef)
        object.add("joined", joined)
        object.add("left", left)
        object.add("departureReason", departureReason)
        object.add("sentiment", sentiment)
        object.add("tags", tags)
    }
}
