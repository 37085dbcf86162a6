import AlumniCore

extension PostgresStore {
    /// Audit entries, newest first, as ``AlumniDatabase/auditEvents(personId:limit:offset:as:)`` reads them.
    public func auditEvents(personId: Int64?, limit: Int, offset: Int, as reader: Caller) async throws
        -> Page<AuditEvent>
    {
        try await authorize(.readAudit, reader, personId: personId)
        let (condition, arguments) = AuditEvent.condition(personId: personId)
        return try await page(
            from: "audit_event", where: condition, arguments: arguments, orderBy: "id DESC", limit: limit,
            offset: offset)
    }
}
