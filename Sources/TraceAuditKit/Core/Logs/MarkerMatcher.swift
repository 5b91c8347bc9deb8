/// Finds the marker in a stream of bytes one byte at a time (Knuth–Morris–Pratt), so that a
/// record too long to keep can still be searched in flat memory, across any chunk boundary.
struct MarkerMatcher {
    private let needle: [UInt8]
    private let fallback: [Int]
    private var matched = 0
    /// True once the whole marker has gone by.
    private(set) var found = false

    init(_ needle: [UInt8] = LoggedViolation.marker) {
        self.needle = needle
        var fallback = [0]
        var length = 0
        for index in needle.indices.dropFirst() {
            while length > 0 && needle[index] != needle[length] { length = fallback[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            fallback.append(length)
        }
        self.fallback = fallback
    }

    mutating func feed(_ byte: UInt8) {
        guard !found else { return }
        while matched > 0 && byte != needle[matched] { matched = fallback[matched - 1] }
        if byte == needle[matched] { matched += 1 }
        if matched == needle.count { found = true }
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes where !found { feed(byte) }
    }
}
