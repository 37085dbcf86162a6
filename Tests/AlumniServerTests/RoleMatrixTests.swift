import AlumniCore
import AlumniServer
import AlumniStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route × every role: the expected status, from a fresh database each time.
@Suite struct RoleMatrixTests {
    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        /// The documented template this request exercises.
        var template: String
        var body: String?
        var success: HTTPResponse.Status
        var allowed: Set<StaffRole>
        var description: String { "\(method) \(path)" }

        /// A role refused on one inquiry gets a 404 when it may see other inquiries (a restricted
        /// one must look like a missing one), a 403 otherwise.
        func refusal(for role: StaffRole) -> HTTPResponse.Status {
            guard template.hasPrefix("/api/v1/inquiries/{id}") else { return .forbidden }
            let write = method != .get
            let seesSome = InquiryType.allCases.contains {
                role.may(write ? .writeInquiry($0) : .readInquiry($0))
            }
            return seesSome ? .notFound : .forbidden
        }
    }

    static let everyone = Set(StaffRole.allCases)
    static let readers: Set<StaffRole> = [.admin, .hr, .coordinator, .viewer]
    static let writers: Set<StaffRole> = [.admin, .hr, .coordinator]
    static let restricted: Set<StaffRole> = [.admin, .hr]
    static let campaigners: Set<StaffRole> = [.admin, .coordinator]

    static let routes: [Route] = [
        Route(method: .get, path: "/api/v1/people", template: "/api/v1/people", success: .ok, allowed: readers),
        Route(
            method: .post, path: "/api/v1/people", template: "/api/v1/people",
            body: #"{"givenName":"Björn","familyName":"Nyström","kind":"customer"}"#, success: .created,
            allowed: writers),
        Route(method: .get, path: "/api/v1/people/1", template: "/api/v1/people/{id}", success: .ok, allowed: readers),
        Route(
            method: .patch, path: "/api/v1/people/1", template: "/api/v1/people/{id}",
            body: #"{"phone":"+47 912 34 567"}"#, success: .ok, allowed: writers),
        Route(
            method: .delete, path: "/api/v1/people/1", template: "/api/v1/people/{id}", success: .noContent,
            allowed: [.admin]),
        Route(
            method: .post, path: "/api/v1/people/1/departure", template: "/api/v1/people/{id}/departure",
            body: #"{"left":"2024-05-31","reason":"new job"}"#, success: .ok, allowed: writers),
        Route(
            method: .get, path: "/api/v1/people/1/employment", template: "/api/v1/people/{id}/employment", success: .ok,
            allowed: restricted),
        Route(
            method: .post, path: "/api/v1/people/1/employment", template: "/api/v1/people/{id}/employment",
            body: #"{"entity":"Nordlys AS","country":"NO","from":"2010-01-01","to":"2012-12-31"}"#, success: .created,
            allowed: restricted),
        Route(
            method: .get, path: "/api/v1/people/1/pensions", template: "/api/v1/people/{id}/pensions", success: .ok,
            allowed: restricted),
        Route(
            method: .post, path: "/api/v1/people/1/pensions", template: "/api/v1/people/{id}/pensions",
            body: #"{"provider":"PFA","plan":"Plus","reference":"R-2","from":"2010-01-01"}"#, success: .created,
            allowed: restricted),
        Route(
            method: .get, path: "/api/v1/people/1/preferences", template: "/api/v1/people/{id}/preferences",
            success: .ok, allowed: readers),
        Route(
            method: .post, path: "/api/v1/people/1/consents", template: "/api/v1/people/{id}/consents",
            body: #"{"topic":"newsletter","channel":"email","granted":true,"source":"form"}"#, success: .ok,
            allowed: writers),
        Route(
            method: .put, path: "/api/v1/people/1/do-not-contact", template: "/api/v1/people/{id}/do-not-contact",
            body: #"{"doNotContact":true,"source":"letter"}"#, success: .ok, allowed: writers),
        Route(
            method: .put, path: "/api/v1/people/1/legal-hold", template: "/api/v1/people/{id}/legal-hold",
            body: #"{"hold":true,"reason":"a dispute"}"#, success: .ok, allowed: restricted),
        Route(
            method: .get, path: "/api/v1/people/1/data", template: "/api/v1/people/{id}/data", success: .ok,
            allowed: restricted),
        Route(
            method: .get, path: "/api/v1/inquiries?overdue=false", template: "/api/v1/inquiries", success: .ok,
            allowed: everyone),
        Route(
            method: .post, path: "/api/v1/inquiries", template: "/api/v1/inquiries",
            body: #"{"personId":1,"type":"general","subject":"Reference letter"}"#, success: .created, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries", template: "/api/v1/inquiries",
            body: #"{"personId":1,"type":"pension","subject":"Years abroad"}"#, success: .created, allowed: restricted),
        Route(
            method: .post, path: "/api/v1/inquiries/reassign", template: "/api/v1/inquiries/reassign",
            body: #"{"from":"anna","to":"bo"}"#, success: .ok, allowed: restricted),
        Route(
            method: .get, path: "/api/v1/inquiries/1", template: "/api/v1/inquiries/{id}", success: .ok,
            allowed: restricted),
        Route(
            method: .get, path: "/api/v1/inquiries/2", template: "/api/v1/inquiries/{id}", success: .ok,
            allowed: readers),
        Route(
            method: .post, path: "/api/v1/inquiries/1/reply", template: "/api/v1/inquiries/{id}/reply",
            body: #"{"body":"Figures attached"}"#, success: .ok, allowed: restricted),
        Route(
            method: .post, path: "/api/v1/inquiries/2/reply", template: "/api/v1/inquiries/{id}/reply",
            body: #"{"body":"Here you are"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/2/note", template: "/api/v1/inquiries/{id}/note",
            body: #"{"body":"Internal"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/2/inbound", template: "/api/v1/inquiries/{id}/inbound",
            body: #"{"body":"Any news?"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/2/wait", template: "/api/v1/inquiries/{id}/wait",
            body: #"{"body":"Which years?"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/2/assign", template: "/api/v1/inquiries/{id}/assign",
            body: #"{"owner":"anna"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/1/extend", template: "/api/v1/inquiries/{id}/extend",
            body: #"{"months":2,"reason":"Records abroad"}"#, success: .ok, allowed: restricted),
        Route(
            method: .post, path: "/api/v1/inquiries/2/close", template: "/api/v1/inquiries/{id}/close",
            body: #"{"resolution":"Sent"}"#, success: .ok, allowed: writers),
        Route(
            method: .post, path: "/api/v1/inquiries/3/reopen", template: "/api/v1/inquiries/{id}/reopen", body: "{}",
            success: .ok, allowed: writers),
        Route(method: .get, path: "/api/v1/silent", template: "/api/v1/silent", success: .ok, allowed: everyone),
        Route(method: .get, path: "/api/v1/report", template: "/api/v1/report", success: .ok, allowed: readers),
        Route(
            method: .get, path: "/api/v1/calendar/holidays?country=SE&year=2025", template: "/api/v1/calendar/holidays",
            success: .ok, allowed: everyone),
        Route(
            method: .get, path: "/api/v1/calendar/add?country=DK&from=2025-01-31&months=1",
            template: "/api/v1/calendar/add", success: .ok, allowed: everyone),
        Route(method: .get, path: "/api/v1/audit", template: "/api/v1/audit", success: .ok, allowed: [.admin]),
        Route(method: .get, path: "/api/v1/mail", template: "/api/v1/mail", success: .ok, allowed: restricted),
        Route(method: .get, path: "/api/v1/mail/1", template: "/api/v1/mail/{id}", success: .ok, allowed: restricted),
        Route(
            method: .post, path: "/api/v1/mail/1/assign", template: "/api/v1/mail/{id}/assign",
            body: #"{"personId":1}"#, success: .ok, allowed: restricted),
        Route(
            method: .post, path: "/api/v1/mail/1/dismiss", template: "/api/v1/mail/{id}/dismiss", body: "{}",
            success: .noContent, allowed: restricted),
        Route(
            method: .get, path: "/api/v1/mail/attachments/1", template: "/api/v1/mail/attachments/{id}", success: .ok,
            allowed: restricted),
        Route(method: .get, path: "/api/v1/farewells", template: "/api/v1/farewells", success: .ok, allowed: readers),
        Route(method: .get, path: "/api/v1/followups", template: "/api/v1/followups", success: .ok, allowed: readers),
        Route(
            method: .post, path: "/api/v1/followups/1/done", template: "/api/v1/followups/{id}/done",
            body: #"{"outcome":"returned"}"#, success: .ok, allowed: writers),
        Route(
            method: .get, path: "/api/v1/campaigns", template: "/api/v1/campaigns", success: .ok, allowed: campaigners),
        Route(
            method: .post, path: "/api/v1/campaigns", template: "/api/v1/campaigns",
            body: #"{"name":"Jobs","topic":"jobs","language":"sv","subject":"Jobb","body":"Hej {{given_name}}"}"#,
            success: .created, allowed: campaigners),
        Route(
            method: .get, path: "/api/v1/campaigns/1", template: "/api/v1/campaigns/{id}", success: .ok,
            allowed: campaigners),
        Route(
            method: .put, path: "/api/v1/campaigns/1", template: "/api/v1/campaigns/{id}",
            body: #"{"name":"Spring news","topic":"newsletter","segment":{"countries":["NO"]}}"#, success: .ok,
            allowed: campaigners),
        Route(
            method: .put, path: "/api/v1/campaigns/1/templates/da",
            template: "/api/v1/campaigns/{id}/templates/{language}",
            body: #"{"subject":"Nyheder","body":"Hej {{given_name}}"}"#, success: .ok, allowed: campaigners),
        Route(
            method: .get, path: "/api/v1/campaigns/1/audience", template: "/api/v1/campaigns/{id}/audience",
            success: .ok, allowed: campaigners),
        Route(
            method: .get, path: "/api/v1/campaigns/1/preview?person=1", template: "/api/v1/campaigns/{id}/preview",
            success: .ok, allowed: campaigners),
        Route(
            method: .post, path: "/api/v1/campaigns/1/test", template: "/api/v1/campaigns/{id}/test",
            body: #"{"to":"me@example.com"}"#, success: .accepted, allowed: campaigners),
        Route(
            method: .post, path: "/api/v1/campaigns/1/send", template: "/api/v1/campaigns/{id}/send", body: "{}",
            success: .accepted, allowed: campaigners),
        Route(
            method: .post, path: "/api/v1/campaigns/1/schedule", template: "/api/v1/campaigns/{id}/schedule",
            body: #"{"at":"2026-12-01T09:00:00Z","ratePerMinute":100}"#, success: .accepted, allowed: campaigners),
    ]

    static let cases: [(Route, StaffRole?)] = routes.flatMap { route in
        ([nil] + StaffRole.allCases.map(Optional.some)).map { (route, $0) }
    }

    /// One case at a time: each has a database of its own, and some 350 of them open at once
    /// held over a thousand files open in the test process.
    @Test(.serialized, arguments: cases)
    func theRoleDecides(route: Route, role: StaffRole?) async throws {
        let server = try TestServer()
        if route.template.hasPrefix("/api/v1/mail") { try server.receiveStrangersMail() }
        if route.template.hasPrefix("/api/v1/followups") {
            // Person #1 left: check-in #1 is six months on.
            _ = try server.database.recordDeparture(
                id: 1, left: CalendarDate(iso: "2026-05-18")!, reason: nil, actor: "setup")
        }
        let campaigns = route.template.hasPrefix("/api/v1/campaigns")
        if campaigns { try server.draftCampaign() }
        var headers = TestServer.headers(role)
        if route.method == .patch { headers[.ifMatch] = "\"\(try server.database.person(id: 1, as: "test").version)\"" }
        let request = headers
        let expected: HTTPResponse.Status =
            role == nil ? .unauthorized : route.allowed.contains(role!) ? route.success : route.refusal(for: role!)
        try await server.test(notifications: campaigns ? server.jobs() : nil) { client in
            try await client.execute(
                uri: route.path, method: route.method, headers: request,
                body: route.body.map { ByteBuffer(string: $0) }
            ) { response in
                #expect(response.status == expected, "\(route) as \(role?.rawValue ?? "nobody"): \(response.text)")
                if response.status.code >= 400 {
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
        }
        if expected == .forbidden || expected == .notFound {
            let audit = try server.database.auditEvents(limit: 1, as: "test").items.first
            #expect(audit?.action == "access.denied")
            #expect(audit?.actor == role?.rawValue)
        }
    }

    @Test func theMatrixCoversEveryDocumentedAPIRoute() throws {
        let documented = try DocumentedRoutes.shipped().methods.flatMap { path, methods in
            methods.map { "\($0) \(path)" }
        }.filter { $0.contains("/api/") }
        let tested = Set(Self.routes.map { "\($0.method.rawValue) \($0.template)" })
        #expect(Set(documented) == tested)
    }
}
