/// What `alumni db copy` did and found: each table's rows and checksum on both sides.
public struct CopyReport: Sendable, Encodable, Equatable {
    /// One table, as the copy read it from the source and then from the target.
    public struct Table: Sendable, Encodable, Equatable {
        public let name: String
        public let sourceRows: Int
        public let targetRows: Int
        public let sourceChecksum: String
        public let targetChecksum: String
        /// The same rows and checksum on both sides.
        public let equal: Bool

        init(name: String, sourceRows: Int, targetRows: Int, sourceChecksum: String, targetChecksum: String) {
            self.name = name
            self.sourceRows = sourceRows
            self.targetRows = targetRows
            self.sourceChecksum = sourceChecksum
            self.targetChecksum = targetChecksum
            equal = sourceRows == targetRows && sourceChecksum == targetChecksum
        }
    }

    /// The source and the target, files or URLs without passwords.
    public var source: String
    public var target: String
    public var tables: [Table]

    /// True when every table has the same rows on both sides.
    public var equal: Bool { tables.allSatisfy(\.equal) }
}
