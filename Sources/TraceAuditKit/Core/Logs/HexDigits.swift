/// Reads hexadecimal digits (either case) for the log readers' `\uXXXX` and `\xXX` escapes.
enum HexDigits {
    /// The value of the `count` digits at `index` of `bytes`, or nil when there are fewer or any
    /// is not a hexadecimal digit; `index` moves past them only on success.
    static func read(_ count: Int, in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32? {
        guard count > 0, count <= 8, bytes.count - index >= count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: return nil
            }
            value = value * 16 + digit
        }
        index += count
        return value
    }
}
