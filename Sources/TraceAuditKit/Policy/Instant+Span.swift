extension Instant {
    /// The current time.
    public static var now: Instant {
        Instant(unchecked: OS.currentMicroseconds())
    }

    /// Reads a `--since`/`--until` value: an ISO 8601 date or instant (see `init?(parsing:)`), or a
    /// span back from `now`: a whole number and a unit, `90m`, `24h`, `7d`, `2w` (also `s`).
    public init?(windowBound text: String, now: Instant) {
        if let instant = Instant(parsing: text), text.contains("-") {
            self = instant
            return
        }
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
        guard !overflow, let instant = now.adding(microseconds: -span) else { return nil }
        self = instant
    }
}

