/// The CSV layout shared by `people import` and `people export`: one row a person, a header
/// row naming the columns in any order.
public enum PersonCSV {
    /// The columns, in the order export writes them.
    public enum Column: String, CaseIterable, Sendable {
        case givenName = "given_name"
        case familyName = "family_name"
        case email, phone, address, kind, country, language, joined, left, reason, sentiment, ref, tags
    }

    /// Columns a header must name; every other column may be left out.
    public static let requiredColumns: [Column] = [.givenName, .familyName, .kind]

    /// A column of rejects files (the reasons a row was refused); ignored on import, so a
    /// fixed rejects file can be imported as it is.
    public static let errorsColumn = "errors"

    /// Tags share one cell, separated by this.
    public static let tagSeparator: Character = ";"

    /// Maps a header row to column positions.
    public struct Header: Sendable {
        let positions: [(Column, Int)]
        public let width: Int

        /// - Throws: ``ValidationFailure`` for an unknown, repeated or missing column.
        public init(_ names: [String]) throws(ValidationFailure) {
            var positions: [(Column, Int)] = []
            var errors: [FieldError] = []
            for (index, raw) in names.enumerated() {
                let name = raw.trimmingWhitespace().lowercased()
                if name == PersonCSV.errorsColumn { continue }
                guard let column = Column(rawValue: name) else {
                    errors.append(
                        FieldError(
                            field: raw,
                            reason:
                                "unknown column (expected \(Column.allCases.map(\.rawValue).joined(separator: ", ")))"))
                    continue
                }
                if positions.contains(where: { $0.0 == column }) {
                    errors.append(FieldError(field: name, reason: "the column appears twice"))
                }
                positions.append((column, index))
            }
            for column in PersonCSV.requiredColumns where !positions.contains(where: { $0.0 == column }) {
                errors.append(
                    FieldError(field: column.rawValue, reason: "the header has no such column, it is required"))
            }
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            self.positions = positions
            self.width = names.count
        }

        /// Reads one data row into person fields, unchecked beyond parsing: call
        /// ``PersonFields/validated()`` next. Empty cells are nil.
        public func fields(from row: [String]) throws(ValidationFailure) -> PersonFields {
            guard row.count == width else {
                throw ValidationFailure([
                    FieldError(field: "row", reason: "has \(row.count) fields, the header has \(width)")
                ])
            }
            var fields = PersonFields()
            var errors: [FieldError] = []
            for (column, index) in positions {
                let cell = SpreadsheetCell.restored(row[index])
                guard let value = cell.trimmedNonEmpty else { continue }
                do throws(FieldError) {
                    try PersonCSV.assign(value, to: column, in: &fields)
                } catch {
                    errors.append(error)
                }
            }
            guard errors.isEmpty else { throw ValidationFailure(errors) }
            return fields
        }
    }

    static func assign(_ value: String, to column: Column, in fields: inout PersonFields) throws(FieldError) {
        func parsed<T: RawRepresentable & CaseIterable>(_: T.Type) throws(FieldError) -> T where T.RawValue == String {
            guard let parsed = T(rawValue: value.lowercased()) else {
                throw FieldError(field: column.rawValue, reason: "'\(value)' is not one of \(T.allowedValues)")
            }
            return parsed
        }
        func date() throws(FieldError) -> CalendarDate {
            guard let date = CalendarDate(iso: value) else {
                throw FieldError(field: column.rawValue, reason: "'\(value)' is not a date as YYYY-MM-DD")
            }
            return date
        }
        switch column {
        case .givenName: fields.givenName = value
        case .familyName: fields.familyName = value
        case .email: fields.email = value
        case .phone: fields.phone = value
        case .address: fields.address = value
        case .kind: fields.kind = try parsed(PersonKind.self)
        case .country: fields.country = value
        case .language: fields.language = try parsed(Language.self)
        case .joined: fields.joined = try date()
        case .left: fields.left = try date()
        case .reason: fields.departureReason = value
        case .sentiment: fields.sentiment = try parsed(Sentiment.self)
        case .ref: fields.externalRef = value
        case .tags: fields.tags = value.split(separator: tagSeparator).map(String.init)
        }
    }

    /// A person as a row, in ``Column/allCases`` order.
    public static func row(for fields: PersonFields) -> [String] {
        Column.allCases.map { column in
            switch column {
            case .givenName: fields.givenName ?? ""
            case .familyName: fields.familyName ?? ""
            case .email: fields.email ?? ""
            case .phone: fields.phone ?? ""
            case .address: fields.address ?? ""
            case .kind: fields.kind?.rawValue ?? ""
            case .country: fields.country ?? ""
            case .language: fields.language?.rawValue ?? ""
            case .joined: fields.joined?.description ?? ""
            case .left: fields.left?.description ?? ""
            case .reason: fields.departureReason ?? ""
            case .sentiment: fields.sentiment?.rawValue ?? ""
            case .ref: fields.externalRef ?? ""
            case .tags: (fields.tags ?? []).joined(separator: String(tagSeparator))
            }
        }
    }
}
