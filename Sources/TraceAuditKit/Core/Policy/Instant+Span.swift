extension Instant {
    /// The current time.
    public static var now: Instant {
        Instant(unchecked: OS.currentMicroseconds())
    }

    /// Reads a `--since`/`--until` value: an ISO 8601 date or instant (see `init?(parsing:)`),
    /// `today` or `yesterday` (midnight UTC starting that day, so that a window of them holds
    /// complete UTC days), or a span back from `now` (see `span(_:)`).
    public init?(windowBound text: String, now: Instant) {
        if let instant = Instant(parsing: text), text.contains("-") {
            self = instant
            return
        }
        switch text {
        case "today":
            self = now.day.start
            return
        case "yesterday":
            self = UTCDay(number: now.day.number - 1).start
            return
        default: break
        }
        guard let span = Instant.span(text), let instant = now.adding(microseconds: -span) else { return nil }
        self = instant
    }

    /// A span in microseconds: a whole number and a unit, `90m`, `24h`, `7d`, `2w` (also `s`);
    /// nil for anything else.
    static func span(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 7 * 86_400
        default: return nil
        }
        let (span, overflow) = count.multipliedReportingOverflow(by: seconds * Instant.microsecondsPerSecond)
        return overflow ? nil : span
    }

    /// The UTC day named by `--day`: `YYYY-MM-DD`, `today` or `yesterday`.
    static func day(_ text: String, now: Instant) -> UTCDay? {
        switch text {
        case "today": return now.day
        case "yesterday": return UTCDay(number: now.day.number - 1)
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
            else { return nil }
            return UTCDay(year: year, month: month, day: day)
        }
    }
}
