/// The one reader of a log record's own time, for the entries and for the span the logs cover.
///
/// A time is an ISO 8601 text, or a number since the Unix epoch whose size says its unit: below
/// 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds (the platform's log export),
/// below 10^20 nanoseconds. Zero, negative numbers and anything larger are unreadable, like a text
/// that is not a timestamp: the record then has no time, in the entry and in the span alike.
enum LogTimestamp {
    /// The members that hold a record's time, by precedence.
    static let keys = ["time", "timestamp", "ts", "@timestamp", "logged_at"]
    /// The members whose object holds the fields when the top level lacks them.
    static let nestedScopes = ["metadata", "context"]
    /// The members whose object holds a record's time when the top level lacks it: the nested
    /// scopes, and a Datadog event's `attributes`.
    static let timeScopes = ["attributes"] + nestedScopes

    /// The time in a parsed value: an ISO text or an epoch number.
    static func instant(_ node: JSONNode) -> Instant? {
        switch node {
        case .string(let text): return Instant(parsing: text)
        case .number(let text): return epoch(text)
        default: return nil
        }
    }

    /// A number since the Unix epoch, its unit told by its size (see the type's documentation).
    static func epoch(_ text: String) -> Instant? {
        if let whole = Int64(text) {
            guard whole > 0 else { return nil }
            switch whole {
            case ..<100_000_000_000: return Instant(unixSeconds: whole)
            case ..<100_000_000_000_000: return Instant(microseconds: whole * 1000)
            case ..<100_000_000_000_000_000: return Instant(microseconds: whole)
            default: return Instant(microseconds: whole / 1000)
            }
        }
        guard let value = Double(text), value.isFinite, value > 0 else { return nil }
        switch value {
        case ..<1e11: return Instant(unixSeconds: value)
        case ..<1e14: return Instant(unixSeconds: value / 1e3)
        case ..<1e17: return Instant(unixSeconds: value / 1e6)
        case ..<1e20: return Instant(unixSeconds: value / 1e9)
        default: return nil
        }
    }

    /// A record's time without parsing the whole record: for a JSON object, the first of `keys`
    /// among its top-level members, else in its `metadata` or `context` member (as the entry reader
    /// takes it); for a text line, the instant that starts it.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> Instant? {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "{") {
            return MemberScanner(bytes: bytes, index: start).time(depth: 0)
        }
        guard bytes.count - start >= 10, (48...57).contains(bytes[start]) || bytes[start] == UInt8(ascii: "[") else { return nil }
        let head = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(bytes.count, start + 48)]), as: UTF8.self)
        return LoggedViolation.leadingTimestamp(head)
    }
}

/// Walks the members of one JSON object (`JSONSkimmer`), skipping the values it does not need, to
/// find the time.
private struct MemberScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    /// The object at `index`'s time, by the precedence of `LogTimestamp.keys`, falling back to
    /// its nested scopes. nil when it has none or it is unreadable. Of an object cut off, the
    /// members before the cut are read.
    func time(depth: Int) -> Instant? {
        guard depth < 2 else { return nil }
        var skimmer = JSONSkimmer(bytes: bytes, index: index)
        var best: (rank: Int, value: Range<Int>)?
        var nested: [(rank: Int, range: Range<Int>)] = []
        for member in skimmer.members() {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[member.key]), as: UTF8.self)
            if let rank = LogTimestamp.keys.firstIndex(of: name), bytes[member.value.lowerBound] != UInt8(ascii: "n") {
                if best.map({ rank < $0.rank }) ?? true { best = (rank, member.value) }
            } else if let rank = LogTimestamp.timeScopes.firstIndex(of: name), !nested.contains(where: { $0.rank == rank }) {
                nested.append((rank, member.value))
            }
        }
        if let best {
            guard let node = JSONNode.parse(UnsafeBufferPointer(rebasing: bytes[best.value])) else { return nil }
            return LogTimestamp.instant(node)
        }
        for scope in nested.sorted(by: { $0.rank < $1.rank }) {
            var start = scope.range.lowerBound
            if bytes[start] == UInt8(ascii: "[") {
                // A platform export's metadata: an array of one object.
                start += 1
                while start < bytes.count, LogRecords.isSpace(bytes[start]) { start += 1 }
            }
            if let instant = MemberScanner(bytes: bytes, index: start).time(depth: depth + 1) { return instant }
        }
        return nil
    }
}
