import AlumniCore
import Foundation
import GRDB

extension CalendarDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CalendarDate? {
        String.fromDatabaseValue(dbValue).flatMap { CalendarDate(iso: $0) }
    }
}

extension Date {
    /// How the store keeps every timestamp: seconds since 1970 as a REAL. Compact, compared
    /// and sorted as numbers, and read back without parsing text.
    var stored: Double { timeIntervalSince1970 }
}

extension PersonKind: DatabaseValueConvertible {}
extension Sentiment: DatabaseValueConvertible {}
extension Language: DatabaseValueConvertible {}
extension ContactTopic: DatabaseValueConvertible {}
extension ContactChannel: DatabaseValueConvertible {}
extension PreferenceChange.Subject: DatabaseValueConvertible {}
