import Foundation

/// A check-in with someone some months after they left: a task for the alumni coordinator.
public struct Followup: Identifiable, Equatable, Sendable, Codable {
    /// How a check-in went.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// They came back: a boomerang.
        case returned
        case interested
        case notNow = "not-now"
        case declined
    }

    public var id: Int64
    public var personId: Int64
    public var personName: String
    /// The departure this check-in follows.
    public var left: CalendarDate
    /// Months after the departure.
    public var months: Int
    public var due: CalendarDate
    public var doneAt: Date?
    public var outcome: Outcome?
    public var note: String?
    public var doneBy: String?

    public init(
        id: Int64, personId: Int64, personName: String, left: CalendarDate, months: Int, due: CalendarDate,
        doneAt: Date? = nil, outcome: Outcome? = nil, note: String? = nil, doneBy: String? = nil
    ) {
        self.id = id
        self.personId = personId
        self.personName = personName
        self.left = left
        self.months = months
        self.due = due
        self.doneAt = doneAt
        self.outcome = outcome
        self.note = note
        self.doneBy = doneBy
    }
}

/// Farewells, check-ins and returns: how well we keep in touch with people who left.
public struct RelationsReport: Sendable, Codable, Equatable {
    /// Farewell emails sent through the outbox.
    public var farewellsSent: Int
    /// Farewells recorded by hand (a letter, a call, a card).
    public var farewellsRecorded: Int
    /// Scheduled farewells that could not be emailed (no address, no consent, do-not-contact).
    public var farewellsSkipped: Int
    public var checkInsDone: Int
    /// Check-ins due now and not done.
    public var checkInsDue: Int
    /// People who came back after a check-in.
    public var boomerangs: Int

    public init(
        farewellsSent: Int, farewellsRecorded: Int, farewellsSkipped: Int, checkInsDone: Int, checkInsDue: Int,
        boomerangs: Int
    ) {
        self.farewellsSent = farewellsSent
        self.farewellsRecorded = farewellsRecorded
        self.farewellsSkipped = farewellsSkipped
        self.checkInsDone = checkInsDone
        self.checkInsDue = checkInsDue
        self.boomerangs = boomerangs
    }
}

/// Which open check-ins a list holds: those due by today (in the organisation's calendar), by
/// a given day, or all of them.
public enum FollowupsDue: Sendable, Equatable {
    case today
    case by(CalendarDate)
    case all
}
