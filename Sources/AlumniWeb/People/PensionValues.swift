import AlumniCore

/// Employment periods and pension arrangements as the `pension` partial shows them; only ever
/// built from a read the store audited.
enum PensionValues {
    static func of(periods: [EmploymentPeriod], arrangements: [PensionArrangement]) -> PageValue {
        [
            "periods": periods.map {
                [
                    "entity": $0.entity, "country": $0.country, "from": $0.from.description,
                    "to": $0.to?.description ?? "",
                ]
            },
            "arrangements": arrangements.map {
                [
                    "provider": $0.provider, "plan": $0.plan, "reference": $0.reference, "from": $0.from.description,
                    "to": $0.to?.description ?? "",
                ]
            },
        ]
    }
}
