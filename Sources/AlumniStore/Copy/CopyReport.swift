/// What `alumni db copy` did and found: each table's rows and checksum on both sides.
public struct CopyReport: Sendable, Encodable, Equatable {
    /// One table, as the copy read it from the source and then from the target.
    public struct Table: Sendable, Encodable, Equatable {
        public var name: String
        public var sourceRows: Int
        public var targetRows: Int
        public var sourceChecksum: String
        public var targetChecksum: String
        public var equal: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }

        private enum CodingKeys: String, CodingKey {
            case name, sourceRows, targetRows, sourceChecksum, targetChecksum, equal
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(sourceRows, forKey: .sourceRows)
            try container.encode(targetRows, forKey: .targetRows)
            try container.encode(sourceChecksum, forKey: .sourceChecksum)
            try container.encode(targetChecksum, forKey: .targetChecksum)
            try container.encode(equal, forKey: .equal)
        }
    }

    /// The source and the target, files or URLs without passwords.
    public var source: String
    public var target: String
    public var tables: [Table]

    /// True when every table has the same rows on both sides.
    public var equal: Bool { tables.allSatisfy(\.equal) }
}
