import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// One person: their details, contact preferences, employment and pension (for roles that may
/// see them, the read audited), their inquiries and the audit trail.
struct PersonController<Context: DeskRequestContext>: Sendable {
    let database: AlumniDatabase
    let pages: DeskPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("people/:id") { request, context in try show(request, context) }
    }

    private func show(_ request: Request, _ context: Context) throws -> Response {
        let session = try context.requireSession()
        let user = session.user
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        try DeskAccess(database: database).require(.readPeople, user: user, request: request, personId: id)
        let person = try database.person(id: id)
        guard person.erasedAt == nil else { throw DeskError.notFound }
        let catalog = pages.catalog(for: request)
        let zone = try database.businessCalendar().timeZone
        let fields = person.fields
        let details: [(String, String?)] = [
            ("person.kind", fields.kind.map { catalog("kind." + $0.rawValue) }), ("person.email", fields.email),
            ("person.phone", fields.phone), ("person.address", fields.address), ("person.country", fields.country),
            ("person.language", fields.language?.nativeName), ("person.reference", fields.externalRef),
            ("person.joined", fields.joined?.description), ("person.left", fields.left?.description),
            ("person.departureReason", fields.departureReason),
            ("person.sentiment", fields.sentiment.map { catalog("sentiment." + $0.rawValue) }),
            ("person.tags", fields.tags.map { $0.joined(separator: ", ") }), ("person.note", person.contactNote),
        ]
        var values: [String: Any] = [
            "person": ["id": id, "name": person.displayName, "doNotContact": person.doNotContact],
            "details": details.compactMap { label, value in
                value.flatMap { $0.isEmpty ? nil : ["label": catalog(label), "value": $0] }
            },
            "preferences": try preferences(id, zone, catalog),
            "inquiries": try inquiries(of: id, user: user, catalog),
            "audit": [[String: Any]](),
        ]
        if user.role.may(.readRestricted) {
            values["pension"] = PensionValues.of(
                periods: try database.employmentPeriods(personId: id),
                arrangements: try database.pensionArrangements(personId: id, reader: user.name))
        }
        values["messages"] = try messages(to: id, zone, catalog)
        values["relations"] = try relations(of: id, zone, catalog)
        let hold = try database.legalHold(personId: id)
        values["hold"] = shown(hold)
        let mail = try database.mailStatus(personId: id)
        values["bounced"] =
            mail.undeliverableSince.map { since -> [String: Any] in
                [
                    "since": DeskFormat.dateTime(since, in: zone), "reason": mail.reason ?? "",
                    "unreachable": mail.unreachableSince != nil,
                ]
            } ?? false
        values["forms"] = forms(person, hold: hold, user: user, catalog)
        if user.role.may(.readAudit) {
            values["audit"] = try database.auditEvents(personId: id, limit: 50).items.map {
                [
                    "at": DeskFormat.dateTime($0.at, in: zone), "action": $0.action, "actor": $0.actor,
                    "detail": $0.detail ?? "",
                ]
            }
        }
        return try pages.page(
            "person", title: person.displayName, for: request, session: session, section: "people", values)
    }

    /// Every message sent to them, newest first, with its state.
    private func messages(to id: Int64, _ zone: TimeZone, _ catalog: Catalog) throws -> [[String: Any]] {
        return try database.outboxMessages(aboutPerson: id, limit: 50).items.map {
            [
                "created": DeskFormat.dateTime($0.createdAt, in: zone), "subject": $0.subject,
                "status": $0.status.rawValue, "to": $0.recipient,
            ]
        }
    }

    /// Their farewells and check-ins, with what came of each.
    private func relations(of id: Int64, _ zone: TimeZone, _ catalog: Catalog) throws -> [[String: Any]] {
        let (farewells, followups) = try database.relations(ofPerson: id)
        let farewellRows = farewells.map { plan -> [String: Any] in
            [
                "what": catalog("relations.farewellMail"), "when": DeskFormat.dateTime(plan.dueAt, in: zone),
                "outcome": catalog("relations.farewell." + plan.status.rawValue),
                "note": plan.skipReason ?? "",
            ]
        }
        let followupRows = followups.map { followup -> [String: Any] in
            [
                "what": catalog("relations.checkIn", ["months": "\(followup.months)"]),
                "when": followup.due.description,
                "outcome": followup.outcome.map { catalog("relations.outcome." + $0.rawValue) }
                    ?? catalog("relations.open"),
                "note": followup.note ?? "",
            ]
        }
        return farewellRows + followupRows
    }

    /// The forms this role may use on the page, each with what it needs to show.
    private func forms(_ person: Person, hold: String?, user: StaffUser, _ catalog: Catalog) -> [String: Any] {
        var forms: [String: Any] = [:]
        let fields = person.fields
        if user.role.may(.writePeople) {
            forms["edit"] = [
                "version": person.version, "givenName": fields.givenName ?? "", "familyName": fields.familyName ?? "",
                "email": fields.email ?? "", "phone": fields.phone ?? "", "address": fields.address ?? "",
                "country": fields.country ?? "", "tags": (fields.tags ?? []).joined(separator: ", "),
                "languages": Language.allCases.map { language -> [String: Any] in
                    ["value": language.rawValue, "label": language.nativeName, "selected": language == fields.language]
                },
                "sentiments": Sentiment.allCases.map { sentiment -> [String: Any] in
                    [
                        "value": sentiment.rawValue, "label": catalog("sentiment." + sentiment.rawValue),
                        "selected": sentiment == fields.sentiment,
                    ]
                },
            ]
        }
        let types = InquiryType.allCases.filter { user.role.may(.writeInquiry($0)) }
        if !types.isEmpty {
            forms["open"] = [
                "types": types.map { ["value": $0.rawValue, "label": catalog("type." + $0.rawValue)] },
                "channels": [InquiryChannel.letter, .phone, .email, .portal].map {
                    ["value": $0.rawValue, "label": catalog("channel." + $0.rawValue)]
                },
            ]
        }
        if user.role.may(.readRestricted) { forms["download"] = true }
        if user.role.may(.writeRestricted) { forms["legalHold"] = ["held": hold != nil] }
        if user.role.may(.erasePeople) { forms["erase"] = ["name": person.displayName] }
        return forms
    }

    /// Topics by channel, each granted or not, and the latest changes.
    private func preferences(_ id: Int64, _ zone: TimeZone, _ catalog: Catalog) throws -> [String: Any] {
        let preferences = try database.preferences(personId: id)
        return [
            "channels": ContactChannel.allCases.map { ["label": catalog("channel." + $0.rawValue)] },
            "topics": ContactTopic.allCases.map { topic in
                [
                    "label": catalog("topic." + topic.rawValue),
                    "cells": ContactChannel.allCases.map { channel in
                        [
                            "granted": preferences.consents.contains {
                                $0.topic == topic && $0.channel == channel && $0.granted
                            }
                        ]
                    },
                ]
            },
            "history": preferences.history.suffix(20).reversed().map {
                [
                    "at": DeskFormat.dateTime($0.at, in: zone), "subject": $0.subject.rawValue,
                    "what": [$0.topic?.rawValue, $0.channel?.rawValue, $0.value].compactMap { $0 }.joined(
                        separator: " "),
                    "source": $0.source, "actor": $0.actor,
                ]
            },
        ]
    }

    /// Their inquiries this role may see, open ones first.
    private func inquiries(of id: Int64, user: StaffUser, _ catalog: Catalog) throws -> [[String: Any]] {
        var open = InquiryQuery()
        open.personId = id
        open.types = user.role.visibleInquiryTypes
        open.limit = 100
        var closed = open
        closed.status = .closed
        return try (database.inquiries(matching: open).items + database.inquiries(matching: closed).items).map {
            [
                "id": $0.id, "subject": $0.subject, "type": catalog("type." + $0.type.rawValue),
                "status": catalog("status." + $0.status.rawValue),
            ]
        }
    }
}
