import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// One person: their details, contact preferences, employment and pension (for roles that may
/// see them, the read audited), their inquiries and the audit trail.
struct PersonController<Context: DeskRequestContext>: Sendable {
    let store: Store
    let pages: DeskPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("people/:id") { request, context in try await show(request, context) }
    }

    private func show(_ request: Request, _ context: Context) async throws -> Response {
        let session = try context.requireSession()
        let user = session.user
        guard let id = context.parameters.get("id", as: Int64.self) else { throw DeskError.notFound }
        let record = try await store.personRecord(id: id, as: user.actor(request))
        let person = record.person
        let catalog = pages.catalog(for: request)
        let zone = record.calendar.timeZone
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
        var values: PageValue = [
            "person": ["id": id, "name": person.displayName, "doNotContact": person.doNotContact] as PageValue,
            "details": details.compactMap { label, value in
                value.flatMap { $0.isEmpty ? nil : ["label": catalog(label), "value": $0] }
            },
            "preferences": preferences(record.preferences, zone, catalog),
            "inquiries": record.inquiries.map { inquiry -> PageValue in
                [
                    "id": inquiry.id, "subject": inquiry.subject, "type": catalog("type." + inquiry.type.rawValue),
                    "status": catalog("status." + inquiry.status.rawValue),
                ]
            },
            "messages": record.messages.map {
                [
                    "created": DeskFormat.dateTime($0.createdAt, in: zone), "subject": $0.subject,
                    "status": $0.status.rawValue, "to": $0.recipient,
                ]
            },
            "relations": relations(record, zone, catalog),
            "feedback": record.farewellFeedback.map { recorded -> PageValue in
                let answer = recorded.feedback
                return [
                    "when": DeskFormat.dateTime(recorded.updatedAt, in: zone),
                    "score": catalog("feedback.score", ["score": String(answer.score)]),
                    "reasons": answer.reasons.map { catalog("reason." + $0.rawValue) }.joined(separator: ", "),
                    "comingBack": catalog("feedback.comingBack." + answer.comingBack.rawValue),
                    "words": shown(answer.words),
                ]
            },
            "selfRegistered": shown(
                record.selfRegisteredAt.map {
                    catalog("person.selfRegistered", ["when": DeskFormat.dateTime($0, in: zone)])
                }),
            "hold": shown(record.legalHold),
            "audit": (record.audit ?? []).map { event -> PageValue in
                [
                    "at": DeskFormat.dateTime(event.at, in: zone), "action": event.action, "actor": event.actor,
                    "detail": event.detail ?? "",
                ]
            },
        ]
        if let employment = record.employment, let pensions = record.pensions {
            values["pension"] = PensionValues.of(periods: employment, arrangements: pensions)
        }
        values["bounced"] =
            record.mail.undeliverableSince.map { since -> PageValue in
                [
                    "since": DeskFormat.dateTime(since, in: zone), "reason": record.mail.reason ?? "",
                    "unreachable": record.mail.unreachableSince != nil,
                ]
            } ?? false
        values["forms"] = forms(person, hold: record.legalHold, user: user, catalog)
        return try pages.page(
            "person", title: person.displayName, for: request, session: session, section: "people", values)
    }

    /// Their farewells and check-ins, with what came of each.
    private func relations(_ record: PersonRecord, _ zone: TimeZone, _ catalog: Catalog) -> [PageValue] {
        let farewellRows = record.farewells.map { plan -> PageValue in
            [
                "what": catalog("relations.farewellMail"), "when": DeskFormat.dateTime(plan.dueAt, in: zone),
                "outcome": catalog("relations.farewell." + plan.status.rawValue),
                "note": plan.skipReason ?? "",
            ]
        }
        let followupRows = record.followups.map { followup -> PageValue in
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
    private func forms(_ person: Person, hold: String?, user: StaffUser, _ catalog: Catalog) -> PageValue {
        var forms: PageValue = [:]
        let fields = person.fields
        if user.role.may(.writePeople) {
            forms["edit"] = [
                "version": person.version, "givenName": fields.givenName ?? "", "familyName": fields.familyName ?? "",
                "email": fields.email ?? "", "phone": fields.phone ?? "", "address": fields.address ?? "",
                "country": fields.country ?? "", "tags": (fields.tags ?? []).joined(separator: ", "),
                "languages": Language.allCases.map { language -> PageValue in
                    ["value": language.rawValue, "label": language.nativeName, "selected": language == fields.language]
                },
                "sentiments": Sentiment.allCases.map { sentiment -> PageValue in
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
    private func preferences(_ preferences: ContactPreferences, _ zone: TimeZone, _ catalog: Catalog) -> PageValue {
        [
            "channels": ContactChannel.allCases.map { ["label": catalog("channel." + $0.rawValue)] },
            "topics": ContactTopic.allCases.map { topic -> PageValue in
                [
                    "label": catalog("topic." + topic.rawValue),
                    "cells": ContactChannel.allCases.map { channel -> PageValue in
                        [
                            "channel": catalog("channel." + channel.rawValue),
                            "granted": preferences.consents.contains {
                                $0.topic == topic && $0.channel == channel && $0.granted
                            },
                        ]
                    },
                ]
            },
            "history": preferences.history.suffix(20).reversed().map { change -> PageValue in
                [
                    "at": DeskFormat.dateTime(change.at, in: zone), "subject": change.subject.rawValue,
                    "what": [change.topic?.rawValue, change.channel?.rawValue, change.value].compactMap { $0 }.joined(
                        separator: " "),
                    "source": change.source, "actor": change.actor,
                ]
            },
        ]
    }
}
