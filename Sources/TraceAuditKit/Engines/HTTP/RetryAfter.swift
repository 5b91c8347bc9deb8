/// The `Retry-After` header (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date (IMF-fixdate,
/// and the obsolete RFC 850 and asctime forms a recipient must accept).
enum RetryAfter {
    /// How long to wait from `now`; nil when the value is neither form. A date in the past is zero.
    static func delay(_ value: String, now: Instant) -> Duration? {
        let text = value.trimmingASCIISpaces
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            return .seconds(Int64(text.prefix(9)) ?? 0)
        }
        guard let date = date(text) else { return nil }
        let microseconds = max(0, date.microseconds - now.microseconds)
        return .microseconds(microseconds)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// An HTTP-date in any of its three forms, as an instant; nil otherwise.
    static func date(_ text: String) -> Instant? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        if words.count == 6, words[5] == "GMT", let day = Int(words[1]), let month = months.firstIndex(of: words[2]),
            let year = Int(words[3]), words[3].count == 4
        {
            return instant(year: year, month: month + 1, day: day, time: words[4])
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year within 50 years of now, read as 19xx/20xx)
        if words.count == 4, words[3] == "GMT" {
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: parts[1]), let short = Int(parts[2]) else { return nil }
            let year = parts[2].count == 2 ? (short < 70 ? 2000 + short : 1900 + short) : short
            return instant(year: year, month: month + 1, day: day, time: words[2])
        }
        // asctime: Sun Nov  6 08:49:37 1994
        if words.count == 5, let month = months.firstIndex(of: words[1]), let day = Int(words[2]), let year = Int(words[4]) {
            return instant(year: year, month: month + 1, day: day, time: words[3])
        }
        return nil
    }

    private static func instant(year: Int, month: Int, day: Int, time: String) -> Instant? {
        let parts = time.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0...23).contains(parts[0]), (0...59).contains(parts[1]), (0...60).contains(parts[2]),
            let midnight = Instant(year: year, month: month, day: day)
        else { return nil }
        let seconds = Int64(parts[0] * 3600 + parts[1] * 60 + parts[2])
        return Instant(microseconds: midnight.microseconds + seconds * Instant.microsecondsPerSecond)
    }
}

extension String {
    fileprivate var trimmingASCIISpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
