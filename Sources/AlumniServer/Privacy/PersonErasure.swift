import AlumniCore
import AlumniJobs
import AlumniStore

/// Erasing a person, for every front end of the server: the store's erasure and, when the
/// server delivers mail, the transport forgetting its own copies of their messages.
struct PersonErasure: Sendable {
    let store: Store
    let notifications: BackgroundJobs?

    func erase(personId: Int64, actor: Caller) throws {
        if let notifications {
            try notifications.erase(personId: personId, actor: actor)
        } else {
            _ = try store.sqlite(for: "erasure").erasePerson(id: personId, actor: actor)
        }
    }
}
