import AlumniCore
import Foundation

/// The records a demo person and a demo inquiry become, and the reads the demo needs, shared
/// by both stores.
enum DemoRows {
    static func employment(of demo: DemoPerson, personId: Int64) -> [EmploymentPeriod] {
        demo.employment.map {
            EmploymentPeriod(personId: personId, entity: $0.entity, country: $0.country, from: $0.from, to: $0.to)
        }
    }

    static func pensions(of demo: DemoPerson, personId: Int64) -> [PensionArrangement] {
        demo.pensions.map {
            PensionArrangement(
                personId: personId, provider: $0.provider, plan: $0.plan, reference: $0.reference, from: $0.from,
                to: $0.to)
        }
    }

    static func consents(of demo: DemoPerson, actor: String, at now: Date) -> [Consent] {
        demo.consents.map {
            Consent(topic: $0.topic, channel: $0.channel, granted: $0.granted, source: "demo", actor: actor, at: now)
        }
    }

    /// The people demo inquiries are spread over, in order.
    static let personIdsSQL = "SELECT id FROM person WHERE erased_at IS NULL ORDER BY id"

    /// The inquiry `demo` describes, of the person it picks from `personIds`, with deadlines by
    /// the current policies and calendar.
    static func inquiry(
        _ demo: DemoInquiry, personIds: [Int64], policies: [InquiryType: DeadlinePolicy], calendar: BusinessCalendar,
        now: Date
    ) -> Inquiry {
        Inquiry(
            id: 0, personId: personIds[demo.personIndex], type: demo.type, subject: demo.subject,
            channel: demo.channel, status: demo.closed ? .closed : .open, owner: demo.owner, timeline: demo.timeline,
            deadlines: demo.timeline.deadlines(policy: policies[demo.type]!, calendar: calendar),
            extensionReason: nil, resolution: demo.closed ? "Answered" : nil, createdAt: now, updatedAt: now)
    }

    /// A demo person to try the portal as: Swedish, with an address they may be e-mailed at.
    static let portalPersonSQL = """
        SELECT email, language FROM person
        WHERE language = 'sv' AND email IS NOT NULL AND erased_at IS NULL AND do_not_contact = 0
          AND email_undeliverable_at IS NULL
        ORDER BY id LIMIT 1
        """
}
