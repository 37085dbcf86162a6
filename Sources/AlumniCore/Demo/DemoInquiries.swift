import Foundation

/// One generated inquiry: who asked what, when, and how far the desk got with it.
public struct DemoInquiry: Sendable {
    public var personIndex: Int
    public var type: InquiryType
    public var subject: String
    public var channel: InquiryChannel
    public var owner: String?
    public var timeline: InquiryTimeline
    public var closed: Bool
}

/// Realistic, deterministic demo inquiries spread over the `days` before `now`: most answered
/// and closed, the recent ones still open, some of them late. `openShare` of them stay open.
public struct DemoInquiries: Sequence, IteratorProtocol {
    private var generator: SeededGenerator
    private var remaining: Int
    private let people: Int
    private let now: Date
    private let days: Int
    private let openShare: Double
    private let calendar: BusinessCalendar

    public init(
        count: Int, people: Int, seed: UInt64, now: Date, days: Int = 730, openShare: Double = 0.05,
        calendar: BusinessCalendar
    ) {
        generator = SeededGenerator(seed: seed)
        remaining = count
        self.people = people
        self.now = now
        self.days = days
        self.openShare = openShare
        self.calendar = calendar
    }

    private static let subjects: [InquiryType: [String]] = [
        .pension: [
            "Pension contributions 2004–2012", "Years abroad at the Swedish company",
            "Pension transfer after the foundation closed",
        ],
        .dataAccess: ["Copy of my personnel file", "What data do you hold about me?"],
        .exit: ["Close my account", "Cancel my contract", "End my subscription"],
        .complaint: ["Nobody answers my emails", "Wrong final invoice"],
        .general: ["Reference letter", "Alumni event next spring", "Update my address"],
    ]

    private static let owners = ["anna", "bo", "carla", "dag", nil]

    public mutating func next() -> DemoInquiry? {
        guard remaining > 0, people > 0 else { return nil }
        remaining -= 1
        let type = generator.pick(
            [.pension, .pension, .dataAccess, .exit, .exit, .complaint, .general, .general] as [InquiryType])
        let stillOpen = generator.chance(openShare)
        // Open ones are recent (within six weeks); closed ones anywhere in the period.
        let ageDays =
            stillOpen
            ? Double.random(in: 0..<42, using: &generator) : Double.random(in: 14..<Double(days), using: &generator)
        let received = now.addingTimeInterval(-ageDays * 86_400)
        var timeline = InquiryTimeline(receivedAt: received)
        let answeredAfter = Double.random(in: 0.1..<6, using: &generator) * 86_400
        if received.addingTimeInterval(answeredAfter) < now, !(stillOpen && generator.chance(0.3)) {
            timeline.reply(at: received.addingTimeInterval(answeredAfter))
        }
        if !stillOpen {
            let closedAfter = answeredAfter + Double.random(in: 0..<20, using: &generator) * 86_400
            timeline.close(at: Swift.min(now, received.addingTimeInterval(closedAfter)), calendar: calendar)
        }
        return DemoInquiry(
            personIndex: Int.random(in: 0..<people, using: &generator), type: type,
            subject: generator.pick(Self.subjects[type]!), channel: generator.pick(InquiryChannel.allCases),
            owner: generator.pick(Self.owners), timeline: timeline, closed: !stillOpen)
    }
}
