import AlumniStore
import Foundation
import Hummingbird

/// A form that takes one step on an inquiry, made safe against the two ways a browser repeats
/// or outdates it: it names the newest thread event the page showed (`seen`), so a step on a
/// case that moved on meanwhile is refused as stale; and it carries a key of its own
/// (`form_key`), claimed in the step's transaction, so a double click or a browser retry
/// takes the step once.
struct InquiryStepForm {
    let form: DeskForm
    let seen: Int64
    let key: String

    init(_ form: DeskForm) throws {
        self.form = form
        seen = try form.number("seen")
        key = try form.required("form_key")
        guard key.count <= 64, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw DeskError.badInput(field: "form_key", reason: "is not a form key")
        }
    }

    /// Runs `step` once for this form's key: nothing when an earlier submission of the same
    /// form took it already.
    func once(actor: String, path: String, _ step: () async throws -> Void) async throws {
        let claim = IdempotencyClaim(actor: actor, key: "desk:" + key, requestHash: APITokens.hash("desk " + path))
        do {
            try await IdempotencyClaim.$current.withValue(claim) { try await step() }
        } catch is IdempotencyKeyTaken {}
    }
}
