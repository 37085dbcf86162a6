import AlumniCore
import AlumniStore
import Foundation
import Hummingbird

/// What the organisation holds about the person, for their own eyes: their employment and
/// pension (each read audited), the messages sent to them, and a copy of all their data.
struct PortalRecordsController<Context: PortalRequestContext>: Sendable {
    let store: Store
    let pages: PortalPages

    func addRoutes(to group: RouterGroup<Context>) {
        group.get("employment") { request, context in
            let session = try context.requirePortalSession()
            let catalog = pages.catalog(for: request, session: session)
            let (periods, pensions) = try await store.portalEmployment(personId: session.personId)
            return try pages.page(
                "employment", title: "employment.title", for: request, session: session,
                [
                    "periods": PageValue.list(
                        periods.map { period in
                            [
                                "entity": period.entity, "country": period.country,
                                "span": span(period.from, period.to, catalog),
                                "ask": "/my/questions/new?topic=pension&about="
                                    + (catalog(
                                        "employment.about",
                                        ["entity": period.entity, "span": span(period.from, period.to, catalog)]
                                    ).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                            ]
                        }),
                    "pensions": PageValue.list(
                        pensions.map { pension in
                            [
                                "provider": pension.provider, "plan": pension.plan,
                                "reference": pension.reference, "span": span(pension.from, pension.to, catalog),
                            ]
                        }),
                    "anyPeriods": !periods.isEmpty, "anyPensions": !pensions.isEmpty, "nav": ["employment": true],
                ])
        }
        group.get("messages") { request, context in
            let session = try context.requirePortalSession()
            let messages = try await store.portalMessages(personId: session.personId)
            let timeZone = try await store.businessCalendar().timeZone
            return try pages.page(
                "messages", title: "messages.title", for: request, session: session,
                [
                    "messages": PageValue.list(
                        messages.map { message in
                            [
                                "href": "/my/messages/\(message.id)", "subject": message.subject,
                                "at": DeskFormat.dateTime(message.at, in: timeZone),
                            ]
                        }),
                    "anyMessages": !messages.isEmpty, "nav": ["messages": true],
                ])
        }
        group.get("messages/:id") { request, context in
            let session = try context.requirePortalSession()
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw DeskError.notFound }
            let message = try await store.portalMessage(id: id, personId: session.personId)
            return try pages.page(
                "message", title: "messages.title", for: request, session: session,
                [
                    "subject": message.subject, "text": message.text,
                    "at": DeskFormat.dateTime(message.at, in: try await store.businessCalendar().timeZone),
                    "nav": ["messages": true],
                ])
        }
        group.get("data") { request, context in
            let session = try context.requirePortalSession()
            let catalog = pages.catalog(for: request, session: session)
            let copy = try await store.portalDataCopy(personId: session.personId)
            let timeZone = try await store.businessCalendar().timeZone
            let fields = copy.person.fields
            let facts: [(String, String?)] = [
                ("details.givenName", fields.givenName), ("details.familyName", fields.familyName),
                ("details.email", fields.email), ("details.phone", fields.phone), ("details.address", fields.address),
                ("data.country", fields.country), ("details.language", fields.language?.nativeName),
                ("data.joined", fields.joined.map { PortalPages.day($0, catalog) }),
                ("data.left", fields.left.map { PortalPages.day($0, catalog) }),
            ]
            return try pages.page(
                "data", title: "data.title", for: request, session: session,
                [
                    "facts": PageValue.list(
                        facts.compactMap { key, value in value.map { ["label": catalog(key), "value": $0] } }),
                    "periods": PageValue.list(
                        copy.employmentPeriods.map { ["text": "\($0.entity): \(span($0.from, $0.to, catalog))"] }),
                    "pensions": PageValue.list(
                        copy.pensionArrangements.map {
                            ["text": "\($0.provider), \($0.plan), \($0.reference): \(span($0.from, $0.to, catalog))"]
                        }),
                    "consents": PageValue.list(
                        copy.preferences.consents.filter(\.granted).map {
                            [
                                "text": catalog(
                                    "preferences.cell",
                                    [
                                        "topic": catalog("contactTopic.\($0.topic.rawValue)"),
                                        "channel": catalog("channel.\($0.channel.rawValue)"),
                                    ])
                            ]
                        }),
                    "mail": PageValue.list(
                        copy.mail.map {
                            ["text": "\(DeskFormat.dateTime($0.receivedAt, in: timeZone)) · \($0.subject)"]
                        }
                    ),
                    "trail": PageValue.list(
                        copy.auditTrail.map { ["text": "\(DeskFormat.dateTime($0.at, in: timeZone)) · \($0.action)"] }),
                    "nav": ["data": true],
                ])
        }
        group.get("data.json") { _, context in
            let session = try context.requirePortalSession()
            return try DataExportDownload(
                name: "my-data.json", export: try await store.portalDataCopy(personId: session.personId)
            ).response()
        }
    }

    /// "1 January 2001 – 30 June 2019", or "since 1 January 2001".
    private func span(_ from: CalendarDate, _ to: CalendarDate?, _ catalog: Catalog) -> String {
        guard let to else { return catalog("employment.since", ["date": PortalPages.day(from, catalog)]) }
        return "\(PortalPages.day(from, catalog)) – \(PortalPages.day(to, catalog))"
    }
}
