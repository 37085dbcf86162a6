import AlumniCore
import AlumniJobs
import AlumniStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1/people`: the directory, employment, pensions, preferences, data export, erasure.
struct PeopleController {
    let database: AlumniDatabase
    /// Erases in the store and, in `alumni serve`, in the mail transport.
    let erasure: PersonErasure
    var access: Access { Access(database: database) }
    var idempotency: Idempotency { Idempotency(database: database) }

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

    /// The person, or a 404 when there is none or only an erased, anonymous record is left.
    @discardableResult
    private func livePerson(_ id: Int64) throws -> Person {
        let person = try database.person(id: id)
        guard person.erasedAt == nil else { throw Problem(.notFound, detail: "person #\(id) was erased") }
        return person
    }

    private func personResponse(_ person: Person, status: HTTPResponse.Status = .ok) throws -> APIResponse {
        var headers = ["ETag": Self.etag(person)]
        if status == .created { headers["Location"] = "/api/v1/people/\(person.id)" }
        return APIResponse.json(person, status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try access.require(.readPeople, request, context)
        let query = Query(request)
        var people = PersonQuery()
        people.kind = try query.value("kind", as: PersonKind.self)
        people.country = query.string("country")
        people.language = try query.value("language", as: Language.self)
        people.tag = query.string("tag")
        people.leftAfter = try query.date("leftAfter")
        people.leftBefore = try query.date("leftBefore")
        people.search = try query.search("search")
        people.sort = try query.value("sort", as: PersonQuery.Sort.self) ?? .name
        people.descending = try query.bool("desc")
        people.limit = try query.int("limit", default: 50, range: 1...1000)!
        people.offset = try query.int("offset", default: 0, range: 0...Int(Int32.max))!
        return try APIResponse.json(try database.people(matching: people))
    }

    @Sendable func create(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        let user = try access.require(.writePeople, request, context)
        let body = try await JSONBody.collect(request, context: context)
        return try idempotency.run(request, body: body, context: context) {
            let fields = try JSONBody.decode(PersonFields.self, from: body)
            return try personResponse(try database.addPerson(fields, actor: user.name), status: .created)
        }
    }

    /// A read of one person: the role may do `action` and the person exists (not erased).
    private func personRead(
        _ request: Request, _ context: AlumniRequestContext, _ action: StaffAction,
        _ read: (Int64, StaffUser) throws -> APIResponse
    ) throws -> APIResponse {
        let id = try context.parameters.id()
        let user = try access.require(action, request, context, personId: id)
        try livePerson(id)
        return try read(id, user)
    }

    /// A write on one person: as a read, then the body collected and the change made once per Idempotency-Key.
    private func personWrite(
        _ request: Request, _ context: AlumniRequestContext, _ action: StaffAction,
        _ write: (Int64, StaffUser, ByteBuffer) throws -> APIResponse
    ) async throws -> Response {
        let id = try context.parameters.id()
        let user = try access.require(action, request, context, personId: id)
        try livePerson(id)
        let body = try await JSONBody.collect(request, context: context)
        return try idempotency.run(request, body: body, context: context) { try write(id, user, body) }
    }

    @Sendable func show(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        let id = try context.parameters.id()
        try access.require(.readPeople, request, context, personId: id)
        return try personResponse(try livePerson(id))
    }

    @Sendable func update(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, user, body in
            guard let ifMatch = request.headers[.ifMatch] else {
                throw Problem(
                    .preconditionRequired, detail: "send If-Match with the ETag of your last read",
                    errors: [.init(field: "If-Match", reason: "is required")])
            }
            let version = ifMatch.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let patch = try JSONBody.decode(PersonFields.self, from: body)
            return try personResponse(
                try database.updatePerson(id: id, with: patch, ifVersion: version, actor: user.name))
        }
    }

    @Sendable func erase(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .erasePeople) { id, _, _ in
            try erasure.erase(personId: id, actor: try access.actor(request, context))
            return .noContent
        }
    }

    @Sendable func depart(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, user, body in
            let departure = try JSONBody.decode(DepartureRequest.self, from: body)
            return try personResponse(
                try database.recordDeparture(id: id, left: departure.left, reason: departure.reason, actor: user.name))
        }
    }

    @Sendable func employment(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try personRead(request, context, .readRestricted) { id, _ in
            try APIResponse.json(try database.employmentPeriods(personId: id, as: try access.actor(request, context)))
        }
    }

    @Sendable func addEmployment(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, _, body in
            let period = try JSONBody.decode(EmploymentRequest.self, from: body)
            let added = try database.addEmployment(
                EmploymentPeriod(
                    personId: id, entity: period.entity, country: period.country, from: period.from, to: period.to),
                actor: try access.actor(request, context))
            return try APIResponse.json(added, status: .created)
        }
    }

    @Sendable func pensions(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try personRead(request, context, .readRestricted) { id, _ in
            try APIResponse.json(try database.pensionArrangements(personId: id, as: try access.actor(request, context)))
        }
    }

    @Sendable func addPension(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, _, body in
            let pension = try JSONBody.decode(PensionRequest.self, from: body)
            let added = try database.addPension(
                PensionArrangement(
                    personId: id, provider: pension.provider, plan: pension.plan, reference: pension.reference,
                    from: pension.from, to: pension.to), actor: try access.actor(request, context))
            return try APIResponse.json(added, status: .created)
        }
    }

    @Sendable func preferences(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try personRead(request, context, .readPeople) { id, _ in
            try APIResponse.json(try database.preferences(personId: id))
        }
    }

    @Sendable func setConsent(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, user, body in
            let consent = try JSONBody.decode(ConsentRequest.self, from: body)
            try database.setConsent(
                personId: id, topic: consent.topic, channel: consent.channel, granted: consent.granted,
                source: consent.source, actor: user.name)
            return try APIResponse.json(try database.preferences(personId: id))
        }
    }

    @Sendable func setDoNotContact(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writePeople) { id, user, body in
            let change = try JSONBody.decode(DoNotContactRequest.self, from: body)
            try database.setDoNotContact(
                personId: id, change.doNotContact, source: change.source, actor: user.name)
            return try APIResponse.json(try database.preferences(personId: id))
        }
    }

    /// Places or lifts a legal hold: retention leaves the person alone while it stands.
    @Sendable func setLegalHold(_ request: Request, context: AlumniRequestContext) async throws -> Response {
        try await personWrite(request, context, .writeRestricted) { id, user, body in
            let change = try JSONBody.decode(LegalHoldRequest.self, from: body)
            try database.setLegalHold(personId: id, on: change.hold, reason: change.reason, actor: user.name)
            return try APIResponse.json(["legalHold": try database.legalHold(personId: id)])
        }
    }

    @Sendable func dataExport(_ request: Request, context: AlumniRequestContext) async throws -> APIResponse {
        try personRead(request, context, .readRestricted) { id, _ in
            try APIResponse.json(try database.dataExport(personId: id, as: try access.actor(request, context)))
        }
    }
}
