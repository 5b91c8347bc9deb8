/// Finds a record's own timestamp cheaply, without parsing the whole record: the value of a
/// `"time"`, `"timestamp"`, `"ts"` or `"@timestamp"` member of a JSON line, or the instant at the
/// start of a text line.
enum LogTimestamp {
    static let keys: [[UInt8]] = ["\"time\"", "\"timestamp\"", "\"@timestamp\"", "\"ts\""].map { Array($0.utf8) }

    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Instant? {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == UInt8(ascii: "[") { start += 1 }
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "{") {
            for key in keys {
                guard let at = LoggedViolation.find(key, in: bytes, from: start) else { continue }
                var index = at + key.count
                while index < bytes.count, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard index < bytes.count else { continue }
                if bytes[index] == UInt8(ascii: "\"") {
                    let open = index + 1
                    guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "\"")) else { continue }
                    if let instant = Instant(parsing: UnsafeBufferPointer(rebasing: bytes[open..<close])) { return instant }
                } else {
                    var end = index
                    while end < bytes.count, (48...57).contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
                    if let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)) {
                        return Instant(unixSeconds: value > 1e11 ? value / 1000 : value)
                    }
                }
            }
            return nil
        }
        guard bytes.count - start >= 10, (48...57).contains(bytes[start]) else { return nil }
        let head = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(bytes.count, start + 40)]), as: UTF8.self)
        return LoggedViolation.leadingTimestamp(head)
    }
}
