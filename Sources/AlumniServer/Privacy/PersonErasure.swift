import AlumniCore
import AlumniJobs
import AlumniStore

/// Erasing a person, for every front end of the server: the store's erasure and, when the
/// server delivers mail, the transport forgetting its own copies of their messages.
struct PersonErasure: Sendable {
    let store: Store
    let notifications: BackgroundJobs?

    func erase(personId: Int64, actor: Caller) async throws {
        if let notifications {
            try await notifications.erase(personId: personId, actor: actor)
        } else {
            try await store.erasePerson(id: personId, actor: actor)
        }
    }
}
