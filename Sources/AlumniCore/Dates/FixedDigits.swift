/// Zero-padded decimal digits written straight into text being built, for dates and times
/// that a response or a message writes by the hundred.
enum FixedDigits {
    /// Writes `value` (0 or more, at most `width` digits) as exactly `width` digits at `offset`.
    static func write(_ value: Int, width: Int, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for index in stride(from: offset + width - 1, through: offset, by: -1) {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
