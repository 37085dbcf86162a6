import AlumniCore
import AlumniStore
import Hummingbird

extension StaffUser {
    /// The staff member as the caller of a desk page's store calls: the store decides what they
    /// may see and do, and its refusals become the desk's 403 and 404 pages in
    /// ``ErrorPageMiddleware``.
    func actor(_ request: Request) -> Caller {
        actor(via: "desk \(request.method.rawValue) \(request.uri.path)")
    }
}
