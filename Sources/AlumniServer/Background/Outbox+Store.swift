import AlumniMail
import AlumniStore

/// The database is the outbox the delivery worker works from.
extension AlumniDatabase: OutboxStore {}
