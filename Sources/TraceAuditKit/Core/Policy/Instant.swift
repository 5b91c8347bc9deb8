/// A point in time, in microseconds since 1970-01-01T00:00:00Z.
///
/// Every `created_at` is turned into an `Instant` before it is compared with the cutoff or put in
/// a UTC day, whatever text form or time zone it was stored in. Only instants from
/// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z exist; anything outside is unreadable.
public struct Instant: Comparable, Hashable, Sendable {
    /// Microseconds since the Unix epoch.
    public let microseconds: Int64

    static let microsecondsPerSecond: Int64 = 1_000_000
    static let microsecondsPerDay: Int64 = 86_400 * microsecondsPerSecond
    /// 0001-01-01T00:00:00Z.
    static let earliest = Instant(unchecked: -62_135_596_800 * microsecondsPerSecond)
    /// 9999-12-31T23:59:59.999999Z.
    static let latest = Instant(unchecked: 253_402_300_800 * microsecondsPerSecond - 1)

    init(unchecked microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The instant `microseconds` after the epoch, or nil outside years 0001 to 9999.
    public init?(microseconds: Int64) {
        guard microseconds >= Instant.earliest.microseconds, microseconds <= Instant.latest.microseconds
        else { return nil }
        self.microseconds = microseconds
    }

    /// The instant `seconds` after the epoch (a Unix timestamp), or nil outside years 0001 to 9999.
    public init?(unixSeconds seconds: Int64) {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: Instant.microsecondsPerSecond)
        guard !overflow else { return nil }
        self.init(microseconds: product)
    }

    /// The instant `seconds` after the epoch, fraction included, or nil when not finite or out of range.
    public init?(unixSeconds seconds: Double) {
        let micro = (seconds * 1_000_000).rounded()
        guard micro.isFinite, micro > -9.2e18, micro < 9.2e18 else { return nil }
        self.init(microseconds: Int64(micro))
    }

    /// Midnight UTC at the start of the given civil date, or nil for an invalid or out-of-range date.
    init?(year: Int, month: Int, day: Int) {
        guard let day = UTCDay(year: year, month: month, day: day) else { return nil }
        self.init(microseconds: day.number * Instant.microsecondsPerDay)
    }

    /// The UTC day this instant falls in.
    public var day: UTCDay {
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: Instant.microsecondsPerDay)
        return UTCDay(number: remainder < 0 ? quotient - 1 : quotient)
    }

    /// Adds `microseconds`, or nil when the result leaves years 0001 to 9999.
    func adding(microseconds delta: Int64) -> Instant? {
        let (sum, overflow) = microseconds.addingReportingOverflow(delta)
        return overflow ? nil : Instant(microseconds: sum)
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microseconds < rhs.microseconds
    }
}

extension Instant: CustomStringConvertible {
    /// ISO 8601 in UTC: `2026-02-01T00:30:00Z`, with six fraction digits when the fraction is not zero.
    public var description: String {
        let micro = microseconds - day.number * Instant.microsecondsPerDay
        let seconds = Int(micro / Instant.microsecondsPerSecond)
        let fraction = Int(micro % Instant.microsecondsPerSecond)
        var text = day.description + "T"
        text += twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
        if fraction != 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text + "Z"
    }

    /// The form a SQL engine reads as a zone-less timestamp: `2026-02-01 00:30:00.000000`.
    var sqlTimestamp: String {
        let micro = microseconds - day.number * Instant.microsecondsPerDay
        let seconds = Int(micro / Instant.microsecondsPerSecond)
        let digits = String(micro % Instant.microsecondsPerSecond)
        return day.description + " " + twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":"
            + twoDigits(seconds % 60) + "." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}

func twoDigits(_ value: Int) -> String {
    value < 10 ? "0" + String(value) : String(value)
}
