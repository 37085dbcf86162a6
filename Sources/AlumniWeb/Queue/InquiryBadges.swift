import AlumniCore

extension InquiryCondition {
    /// Values for the `badges` partial: the condition's name (its CSS class) and its words.
    func badge(_ catalog: Catalog) -> PageValue {
        ["kind": rawValue, "label": catalog("badge." + rawValue)]
    }
}
