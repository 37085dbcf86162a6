import Foundation
import GRDB

/// The database's storage failed under it: the disk is full, the file system is read-only,
/// the disk reported an I/O error, or the file is damaged. One error for every front end:
/// the API answers 507 (503 with `Retry-After` for an I/O error), the desk its error page,
/// the command line the message below and exit 74. Nothing stored is lost: the write that
/// met it was rolled back.
public struct StorageFault: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case full
        case readOnly = "read-only"
        case io
        case damaged
    }

    public let kind: Kind
    /// The database file.
    public let path: String
    /// SQLite's own words, for the log.
    public let cause: String

    /// True when trying again soon may work by itself (an I/O error); the others need an operator.
    public var isTransient: Bool { kind == .io }

    public var description: String {
        switch kind {
        case .full:
            "the disk holding \(path) is full: free some space and try again; nothing stored was lost"
        case .readOnly:
            "the database \(path) cannot be written (a read-only file system or file); nothing was changed"
        case .io:
            "the disk holding \(path) reported an I/O error; try again in a moment; nothing was changed"
        case .damaged:
            "the database file \(path) is damaged (\(cause)); stop the server and restore the newest backup "
                + "with `alumni restore BACKUP` (docs/operations.md, Backups)"
        }
    }

    /// The fault `error` stands for, if it is one of storage; nil for any other error.
    public init?(_ error: any Error, path: String) {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: kind = .full
        case .SQLITE_READONLY: kind = .readOnly
        case .SQLITE_IOERR: kind = .io
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .damaged
        default: return nil
        }
        self.path = path
        self.cause = "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "")"
    }
}
