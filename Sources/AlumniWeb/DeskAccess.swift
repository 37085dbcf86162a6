import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// Access checks for desk pages: the store's rules (the same the API and the command line
/// obey), its refusals as the desk's 403 and 404 pages.
struct DeskAccess {
    let database: AlumniDatabase

    func require(_ action: StaffAction, user: StaffUser, request: Request, personId: Int64? = nil) throws {
        try pageErrors { try database.authorize(action, user: user, personId: personId, detail: Self.detail(request)) }
    }

    func inquiry(_ id: Int64, write: Bool, user: StaffUser, request: Request) throws -> Inquiry {
        try pageErrors { try database.inquiry(id: id, for: user, write: write, detail: Self.detail(request)) }
    }

    func personRecord(_ id: Int64, user: StaffUser, request: Request) throws -> PersonRecord {
        try pageErrors { try database.personRecord(id: id, for: user, detail: Self.detail(request)) }
    }

    func attachment(_ id: Int64, user: StaffUser, request: Request) throws -> (InboundAttachment, Data) {
        try pageErrors { try database.inboundAttachment(id: id, for: user, detail: Self.detail(request)) }
    }

    private static func detail(_ request: Request) -> String { "desk \(request.method.rawValue) \(request.uri.path)" }

    private func pageErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is AccessRefused {
            throw DeskError.forbidden
        } catch StoreError.notFound {
            throw DeskError.notFound
        }
    }
}
