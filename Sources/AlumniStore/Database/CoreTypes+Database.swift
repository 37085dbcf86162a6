import AlumniCore
import GRDB

extension CalendarDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CalendarDate? {
        String.fromDatabaseValue(dbValue).flatMap { CalendarDate(iso: $0) }
    }
}

extension PersonKind: DatabaseValueConvertible {}
extension Sentiment: DatabaseValueConvertible {}
extension Language: DatabaseValueConvertible {}
extension ContactTopic: DatabaseValueConvertible {}
extension ContactChannel: DatabaseValueConvertible {}
extension PreferenceChange.Subject: DatabaseValueConvertible {}
