extension Instant {
    /// Reads a timestamp as a snapshot stores it in text, or nil when it is not one.
    ///
    /// Accepted: `YYYY-MM-DD`, then optionally `T`, `t` or a space and `HH:MM[:SS[.fraction]]`, then
    /// optionally a zone: `Z`, `+HH`, `-HH`, `+HH:MM` or `+HHMM` (a space may stand before it). No
    /// zone means UTC. The fraction may have any number of digits and is rounded to microseconds.
    /// Nothing else is accepted: no leading or trailing blanks, no named zones, no leap seconds.
    ///
    /// Digits alone are not a timestamp in text: Unix seconds are read from INTEGER and REAL values
    /// (see `init?(unixSeconds:)`), and a digit string could as well be a compact date.
    public init?(parsing text: String) {
        var text = text
        guard let instant = text.withUTF8({ Instant(parsing: $0) }) else { return nil }
        self = instant
    }

    /// Reads a timestamp from UTF-8 bytes; see `init?(parsing: String)` for the forms.
    public init?(parsing bytes: UnsafeBufferPointer<UInt8>) {
        var reader = TimestampReader(bytes)
        guard let micro = reader.read(), let instant = Instant(microseconds: micro) else { return nil }
        self = instant
    }

    /// Reads a timestamp like `init?(parsing:)`, reusing `cache` for the calendar date when the
    /// text starts with the same `YYYY-MM-DD` as the last one read (rows in time order mostly do).
    init?(parsing bytes: UnsafeBufferPointer<UInt8>, cache: inout DateCache) {
        var reader = TimestampReader(bytes)
        guard let micro = reader.read(cache: &cache), let instant = Instant(microseconds: micro) else { return nil }
        self = instant
    }
}

/// The last calendar date read, by its ten bytes, and its day number.
struct DateCache {
    var bytes: (UInt64, UInt16) = (0, 0)
    var day: Int64 = 0
    var valid = false
}

/// A one-pass reader of the timestamp forms; it allocates nothing.
private struct TimestampReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index == bytes.count }

    mutating func digits(_ count: Int) -> Int? {
        guard bytes.count - index >= count else { return nil }
        var value = 0
        for _ in 0..<count {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return value
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Microseconds since the epoch, or nil.
    mutating func read() -> Int64? {
        guard let year = digits(4), skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")),
            let dayOfMonth = digits(2), let day = UTCDay(year: year, month: month, day: dayOfMonth)
        else { return nil }
        return readTime(from: day.number)
    }

    /// As `read()`, with the date taken from `cache` when its ten bytes match.
    mutating func read(cache: inout DateCache) -> Int64? {
        guard bytes.count >= 10 else { return read() }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if cache.valid && key == cache.bytes {
            index = 10
            return readTime(from: cache.day)
        }
        guard let year = digits(4), skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")),
            let dayOfMonth = digits(2), let day = UTCDay(year: year, month: month, day: dayOfMonth)
        else { return nil }
        cache = DateCache(bytes: key, day: day.number, valid: true)
        return readTime(from: day.number)
    }

    /// The rest after the date: time and zone.
    mutating func readTime(from dayNumber: Int64) -> Int64? {
        var micro = dayNumber * Instant.microsecondsPerDay
        if atEnd { return micro }

        guard skip(UInt8(ascii: " ")) || skip(UInt8(ascii: "T")) || skip(UInt8(ascii: "t")),
            let hour = digits(2), hour <= 23, skip(UInt8(ascii: ":")), let minute = digits(2), minute <= 59
        else { return nil }
        var seconds = hour * 3600 + minute * 60
        if skip(UInt8(ascii: ":")) {
            guard let second = digits(2), second <= 59 else { return nil }
            seconds += second
            if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                guard let fraction = readFraction() else { return nil }
                micro += fraction
            }
        }
        micro += Int64(seconds) * Instant.microsecondsPerSecond
        if atEnd { return micro }

        guard let offset = readZone(), atEnd else { return nil }
        return micro - offset
    }

    /// The fraction's digits in microseconds, rounded half up at the seventh digit.
    mutating func readFraction() -> Int64? {
        var value: Int64 = 0
        var count = 0
        var roundUp = false
        while index < bytes.count {
            let digit = Int64(bytes[index]) &- 48
            guard digit >= 0, digit <= 9 else { break }
            if count < 6 {
                value = value * 10 + digit
            } else if count == 6 {
                roundUp = digit >= 5
            }
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { value *= 10 }
        return roundUp ? value + 1 : value
    }

    /// The zone's offset east of UTC in microseconds.
    mutating func readZone() -> Int64? {
        _ = skip(UInt8(ascii: " "))
        if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) { return 0 }
        let sign: Int64
        if skip(UInt8(ascii: "+")) {
            sign = 1
        } else if skip(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2), hours <= 15 else { return nil }
        var minutes = 0
        if !atEnd {
            _ = skip(UInt8(ascii: ":"))
            guard let value = digits(2), value <= 59 else { return nil }
            minutes = value
        }
        return sign * Int64(hours * 3600 + minutes * 60) * Instant.microsecondsPerSecond
    }
}
