import AlumniCore
import AlumniJobs
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/people`: the directory, employment, pensions, preferences, data export, erasure.
struct PeopleController {
    let store: Store
    /// Erases in the store and, in `alumni serve`, in the mail transport.
    let erasure: PersonErasure
    var access: Access { Access(store: store) }
    var idempotency: Idempotency { Idempotency(store: store) }

    struct DepartureRequest: Decodable {
        var left: CalendarDate
        var reason: String?
    }

    struct EmploymentRequest: Decodable {
        var entity: String
        var country: String
        var from: CalendarDate
        var to: CalendarDate?
    }

    struct PensionRequest: Decodable {
        var provider: String
        var plan: String
        var reference: String
        var from: CalendarDate
        var to: CalendarDate?
    }

    struct ConsentRequest: Decodable {
        var topic: ContactTopic
        var channel: ContactChannel
        var granted: Bool
        var source: String
    }

    struct LegalHoldRequest: Decodable {
        var hold: Bool
        var reason: String?
    }

    struct DoNotContactRequest: Decodable {
        var doNotContact: Bool
        var source: String
    }

    func addRoutes(to group: RouterGroup<AlumniRequestContext>) {
        group.get("people", use: list)
        group.post("people", use: create)
        group.get("people/:id", use: show)
        group.patch("people/:id", use: update)
        group.delete("people/:id", use: erase)
        group.post("people/:id/departure", use: depart)
        group.get("people/:id/employment", use: employment)
        group.post("people/:id/employment", use: addEmployment)
        group.get("people/:id/pensions", use: pensions)
        group.post("people/:id/pensions", use: addPension)
        group.get("people/:id/preferences", use: preferences)
        group.post("people/:id/consents", use: setConsent)
        group.put("people/:id/do-not-contact", use: setDoNotContact)
        group.put("people/:id/legal-hold", use: setLegalHold)
        group.get("people/:id/data", use: dataExport)
    }

    static func etag(_ person: Person) -> String { "\"\(person.version)\"" }

    /// The person as `caller` may read them, or a 404 when there is none or only an erased,
    /// anonymous record is left.
    @discardableResult
    private func livePerson(_ id: Int64, _ caller: Caller) async throws -> Person {
        let person = try await store.person(id: id, as: caller)
        guard person.erasedAt == nil else { throw Problem(.notFound, detail: "person #\(id) was erased") }
        return person
    }

    private func personResponse(_ person: Person, status: HTTPResponse.Status = .ok) throws -> APIResponse {
        var headers = ["ETag": Self.etag(person)]
        if status == .created { headers["Location"] = "/api/v1/people/\(person.id)" }
        return APIResponse.json(person, status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let query = Query(request)
        var people = PersonQuery()
        people.kind = try query.value("kind", as: PersonKind.self)
        people.country = try query.string("country")
        people.language = try query.value("language", as: Language.self)
        people.tag = try query.string("tag")
        people.leftAfter = try query.date("leftAfter")
        people.leftBefore = try query.date("leftBefore")
        people.search = try query.search("search")
        people.sort = try query.value("sort", as: PersonQuery.Sort.self) ?? .name
        people.descending = try query.bool("desc")
        people.limit = try query.int("limit", default: 50, range: 1...1000)!
        people.offset = try query.int("offset", default: 0, range: 0...Int(Int32.max))!
        return try APIResponse.json(try await store.people(matching: people, as: try access.actor(request, context)))
    }

    @Sendable func create(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let caller = try access.actor(request, context)
        try await store.authorize(.writePeople, caller)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) {
            let fields = try JSONBody.decode(PersonFields.self, from: body)
            return try personResponse(try await store.addPerson(fields, actor: caller), status: .created)
        }
    }

    /// A read of one person who exists (not erased); what the caller may read is the store's to decide.
    private func personRead(
        _ request: Request, _ context: AlumniRequestContext, _ read: (Int64, Caller) async throws -> APIResponse
    ) async throws -> APIResponse {
        let id = try context.parameters.id()
        let caller = try access.actor(request, context)
        try await livePerson(id, caller)
        return try await read(id, caller)
    }

    /// A write on one person: the store's word on `action` first (before the body is read), the
    /// person alive, then the change made once per Idempotency-Key.
    private func personWrite(
        _ request: Request, _ context: AlumniRequestContext, _ action: StaffAction,
        _ write: (Int64, Caller, ByteBuffer) async throws -> APIResponse
    ) async throws -> Response {
        let id = try context.parameters.id()
        let caller = try access.actor(request, context)
        try await store.authorize(action, caller, personId: id)
        try await livePerson(id, caller)
        let body = try await JSONBody.collect(request, context: context)
        return try await idempotency.run(request, body: body, context: context) { try await write(id, caller, body) }
    }

    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let id = try context.parameters.id()
        return try personResponse(try await livePerson(id, try access.actor(request, context)))
    }

    @Sendable func update(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, caller, body in
            guard let ifMatch = request.headers[.ifMatch] else {
                throw Problem(
                    .preconditionRequired, detail: "send If-Match with the ETag of your last read",
                    errors: [.init(field: "If-Match", reason: "is required")])
            }
            let version = ifMatch.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let patch = try JSONBody.decode(PersonFields.self, from: body)
            return try personResponse(
                try await store.updatePerson(id: id, with: patch, ifVersion: version, actor: caller))
        }
    }

    @Sendable func erase(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .erasePeople) { id, caller, _ in
            try await erasure.erase(personId: id, actor: caller)
            return .noContent
        }
    }

    @Sendable func depart(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, caller, body in
            let departure = try JSONBody.decode(DepartureRequest.self, from: body)
            return try personResponse(
                try await store.recordDeparture(id: id, left: departure.left, reason: departure.reason, actor: caller))
        }
    }

    @Sendable func employment(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await personRead(request, context) { id, caller in
            try APIResponse.json(try await store.employmentPeriods(personId: id, as: caller))
        }
    }

    @Sendable func addEmployment(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, caller, body in
            let period = try JSONBody.decode(EmploymentRequest.self, from: body)
            let added = try await store.addEmployment(
                EmploymentPeriod(
                    personId: id, entity: period.entity, country: period.country, from: period.from, to: period.to),
                actor: caller)
            return try APIResponse.json(added, status: .created)
        }
    }

    @Sendable func pensions(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await personRead(request, context) { id, caller in
            try APIResponse.json(try await store.pensionArrangements(personId: id, as: caller))
        }
    }

    @Sendable func addPension(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, caller, body in
            let pension = try JSONBody.decode(PensionRequest.self, from: body)
            let added = try await store.addPension(
                PensionArrangement(
                    personId: id, provider: pension.provider, plan: pension.plan, reference: pension.reference,
                    from: pension.from, to: pension.to), actor: caller)
            return try APIResponse.json(added, status: .created)
        }
    }

    @Sendable func preferences(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await personRead(request, context) { id, caller in
            try APIResponse.json(try await store.preferences(personId: id, as: caller))
        }
    }

    @Sendable func setConsent(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, caller, body in
            let consent = try JSONBody.decode(ConsentRequest.self, from: body)
            try await store.setConsent(
                personId: id, topic: consent.topic, channel: consent.channel, granted: consent.granted,
                source: consent.source, actor: caller)
            return try APIResponse.json(
                try await store.preferences(personId: id, as: caller))
        }
    }

    @Sendable func setDoNotContact(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, caller, body in
            let change = try JSONBody.decode(DoNotContactRequest.self, from: body)
            try await store.setDoNotContact(
                personId: id, change.doNotContact, source: change.source, actor: caller)
            return try APIResponse.json(
                try await store.preferences(personId: id, as: caller))
        }
    }

    /// Places or lifts a legal hold: retention leaves the person alone while it stands.
    @Sendable func setLegalHold(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, caller, body in
            let change = try JSONBody.decode(LegalHoldRequest.self, from: body)
            try await store.setLegalHold(personId: id, on: change.hold, reason: change.reason, actor: caller)
            return try APIResponse.json(["legalHold": try await store.legalHold(personId: id)])
        }
    }

    @Sendable func dataExport(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try await personRead(request, context) { id, caller in
            try APIResponse.json(try await store.dataExport(personId: id, as: caller))
        }
    }
}
