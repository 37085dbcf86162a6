import AlumniCore

/// In tests, a name where a store call takes an ``Caller`` means someone at the command line
/// (the administrator's rights): `actor: "setup"`. Tests of what a role may not do name the
/// role's actor explicitly (`Caller.staff("anna", role: .coordinator)`).
extension Caller: ExpressibleByStringLiteral {
    public init(stringLiteral name: String) {
        self = .console(name)
    }
}
