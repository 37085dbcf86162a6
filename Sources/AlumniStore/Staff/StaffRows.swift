import AlumniCore
import Foundation
import GRDB

/// The SQL and rules of staff accounts, tokens and passwords, shared by both stores.
enum StaffRows {
    static let insertSQL = "INSERT INTO staff_user (name, email, role, created_at) VALUES (?, ?, ?, ?)"
    static let byIdSQL = "SELECT \(StaffUser.columns) FROM staff_user WHERE id = ?"
    static let byNameSQL = "SELECT \(StaffUser.columns) FROM staff_user WHERE name = ?"
    static let allSQL = "SELECT \(StaffUser.columns) FROM staff_user ORDER BY name"
    static let setDigestSQL = "UPDATE staff_user SET alert_digest = ? WHERE name = ?"
    static let roleSQL = "SELECT role FROM staff_user WHERE name = ?"
    static let setLandingSQL = "UPDATE staff_user SET lands_on_overview = ? WHERE name = ?"
    static let activeRoleSQL = "SELECT role FROM staff_user WHERE name = ? AND disabled_at IS NULL"
    static let activeAdminsSQL = "SELECT COUNT(*) FROM staff_user WHERE role = 'admin' AND disabled_at IS NULL"
    static let disableSQL = "UPDATE staff_user SET disabled_at = ? WHERE name = ?"
    static let setRoleSQL = "UPDATE staff_user SET role = ? WHERE name = ?"
    static let activeIdSQL = "SELECT id FROM staff_user WHERE name = ? AND disabled_at IS NULL"
    static let setPasswordSQL = "UPDATE staff_user SET password_hash = ?, password_changed_at = ? WHERE id = ?"
    static let endSessionsSQL = "DELETE FROM desk_session WHERE user_id = ?"
    static let namesWithPasswordSQL = "SELECT name FROM staff_user WHERE password_hash IS NOT NULL"
    static let calendarStateSQL = "SELECT calendar_token_hash, calendar_team FROM staff_user WHERE id = ?"
    static let setCalendarSQL = "UPDATE staff_user SET calendar_token_hash = ?, calendar_team = ? WHERE id = ?"

    static let addTokenSQL = "INSERT INTO api_token (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)"
    static let revokeTokenSQL = "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"
    static let tokensSQL = """
        SELECT api_token.*, staff_user.name FROM api_token JOIN staff_user ON staff_user.id = api_token.user_id
        ORDER BY api_token.id DESC
        """
    /// The active user of a token hash (hash, now).
    static let userForTokenSQL = """
        SELECT \(StaffUser.columns) FROM api_token JOIN staff_user ON staff_user.id = api_token.user_id
        WHERE api_token.token_hash = ? AND api_token.revoked_at IS NULL
          AND (api_token.expires_at IS NULL OR api_token.expires_at > ?) AND staff_user.disabled_at IS NULL
        """

    /// Whether a calendar feed is on, from a row of ``calendarStateSQL``.
    static func calendarState(_ row: Row?) -> CalendarFeedState {
        CalendarFeedState(on: row?["calendar_token_hash"] as String? != nil, team: row?["calendar_team"] ?? false)
    }

    /// A new account's name, checked with its e-mail address.
    static func checkedNew(name: String, email: String) throws -> String {
        var errors: [FieldError] = []
        let name = name.trimmedForStorage
        if name == nil || name!.contains(where: \.isWhitespace) {
            errors.append(FieldError(field: "name", reason: "is required, without spaces"))
        }
        if !EmailAddress.isValid(email) {
            errors.append(FieldError(field: "email", reason: "'\(email)' is not a valid email address"))
        }
        guard errors.isEmpty, let name else { throw ValidationFailure(errors) }
        return name
    }

    /// The refusal of a name another account has.
    static func taken(_ name: String) -> ValidationFailure {
        ValidationFailure([FieldError(field: "name", reason: "'\(name)' is already taken")])
    }

    /// Only admins choose where they land; coordinators always land on the overview.
    static func checkLanding(role: StaffRole?, name: String, overview: Bool) throws {
        guard let role else { throw StoreError.notFound("user '\(name)'") }
        guard role == .admin || !overview else {
            throw ValidationFailure([
                FieldError(field: "landing", reason: "only admins choose; coordinators always land on the overview")
            ])
        }
    }

    /// The role of active account `name` (`role` as read), or not found.
    static func activeRole(_ role: String?, of name: String) throws -> StaffRole {
        guard let role = role.flatMap(StaffRole.init(rawValue:)) else {
            throw StoreError.notFound("active user '\(name)'")
        }
        return role
    }

    /// Refuses to take the last of `admins` active admins away (`name`, whose role is `role`).
    static func checkKeepsAnAdmin(losing name: String, _ role: StaffRole, admins: Int, field: String) throws {
        guard role == .admin, admins <= 1 else { return }
        throw ValidationFailure([
            FieldError(field: field, reason: "\(name) is the last active admin: make someone else admin first")
        ])
    }

    /// Refuses a token that would expire before it is made.
    static func checkExpiry(_ expiresAt: Date?, now: Date) throws {
        if let expiresAt, expiresAt <= now {
            throw ValidationFailure([FieldError(field: "expires", reason: "lies in the past")])
        }
    }

    /// Refuses a calendar change that cannot be made: the team's cases on a non-admin's feed, or
    /// turning on a feed that is on.
    static func checkCalendarChange(
        _ change: CalendarFeedChange, team: Bool, account: StaffUser, isOn: Bool
    ) throws {
        if team, change != .off, account.role != .admin {
            throw ValidationFailure([
                FieldError(field: "team", reason: "only an admin's calendar carries the team's unassigned cases")
            ])
        }
        if change == .on, isOn {
            throw ValidationFailure([
                FieldError(
                    field: "calendar", reason: "is on already; renew it for a new address (the old one stops working)")
            ])
        }
    }
}

extension StaffUser {
    /// A staff member from a row of ``columns`` read by name, as the row bridge gives it.
    init(row: Row) {
        id = row["id"]
        name = row["name"]
        email = row["email"]
        role = row["role"]
        disabledAt = row["disabled_at"]
        alertDigest = row["alert_digest"]
        createdAt = row["created_at"]
        landsOnOverview = row["lands_on_overview"]
    }
}
