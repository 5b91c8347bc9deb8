import Testing
@testable import TraceAuditKit

@Suite("Reading timestamps")
struct InstantParsingTests {
    /// Each accepted form and the UTC instant it means.
    @Test(arguments: [
        ("2026-02-01 00:00:00", "2026-02-01T00:00:00Z"),
        ("2026-02-01T00:00:00", "2026-02-01T00:00:00Z"),
        ("2026-02-01t00:00:00z", "2026-02-01T00:00:00Z"),
        ("2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z"),
        ("2026-02-01 00:30:00+00", "2026-02-01T00:30:00Z"),
        ("2026-01-31 20:30:00-05", "2026-02-01T01:30:00Z"),
        ("2026-02-01 03:30:00+05:30", "2026-01-31T22:00:00Z"),
        ("2026-02-01 03:30:00+0530", "2026-01-31T22:00:00Z"),
        ("2026-02-01 00:30:00 +01:00", "2026-01-31T23:30:00Z"),
        ("2026-02-01 00:00:00.5", "2026-02-01T00:00:00.500000Z"),
        ("2026-02-01 00:00:00.123456", "2026-02-01T00:00:00.123456Z"),
        ("2026-02-01 00:00:00,25Z", "2026-02-01T00:00:00.250000Z"),
        ("2026-02-01 00:00:00.1234564", "2026-02-01T00:00:00.123456Z"),
        ("2026-02-01 00:00:00.1234565", "2026-02-01T00:00:00.123457Z"),
        ("2026-01-31 23:59:59.999999999", "2026-02-01T00:00:00Z"),
        ("2026-02-01 00:00:00.123456+02", "2026-01-31T22:00:00.123456Z"),
        ("2026-02-01 12:34", "2026-02-01T12:34:00Z"),
        ("2026-02-01", "2026-02-01T00:00:00Z"),
        ("2024-02-29 10:00:00", "2024-02-29T10:00:00Z"),
        ("0001-01-01 00:00:00", "0001-01-01T00:00:00Z"),
        ("9999-12-31 23:59:59.999999", "9999-12-31T23:59:59.999999Z"),
        ("1969-12-31 23:59:59", "1969-12-31T23:59:59Z"),
    ])
    func readsForm(text: String, expected: String) throws {
        let instant = try #require(Instant(parsing: text))
        #expect(instant.description == expected)
    }

    /// Text that is not a timestamp in an accepted form: undated, never guessed.
    @Test(arguments: [
        "", "yesterday", "2026-02-30 00:00:00", "2026-13-01", "2025-02-29", "2026-02-01 24:00:00",
        "2026-02-01 23:60:00", "2026-02-01 23:59:60", "2026-2-1", " 2026-02-01", "2026-02-01 ",
        "2026-02-01X00:00:00", "2026-02-01 00:00:00+16", "2026-02-01 00:00:00+05:", "2026-02-01 00:00:00 UTC",
        "2026-02-01 00:00:00.", "2026-02-01 00:00:00Zjunk", "0000-12-31 00:00:00", "0001-01-01 00:00:00+01",
        "9999-12-31 23:00:00-02", "20260201", "1769904000", "1769904000.5", "２026-02-01",
    ])
    func refusesNonTimestamp(text: String) {
        #expect(Instant(parsing: text) == nil)
    }

    /// Reading with the date cache gives what reading without it gives, in any order of texts.
    @Test func dateCacheAgreesWithAFullRead() {
        let texts = [
            "2026-02-01 00:00:00", "2026-02-01 23:59:59+00", "2026-02-01T12:00:00-05", "2026-02-01", "2026-02-01 24:00:00",
            "2026-02-30 00:00:00", "2026-02-30 00:00:00", "2026-02-01x", "2026-02-02 00:00:00Z", "2026-02-01 00:00:00.5",
            "short", "", "2026-02-01 00:00:00 junk",
        ]
        var cache = DateCache()
        for text in texts + texts.reversed() {
            var copy = text
            let cached = copy.withUTF8 { Instant(parsing: $0, cache: &cache) }
            #expect(cached == Instant(parsing: text), "\(text)")
        }
    }

    @Test func unixSecondsInRangeOnly() {
        #expect(Instant(unixSeconds: 1_769_904_000 as Int64)?.description == "2026-02-01T00:00:00Z")
        #expect(Instant(unixSeconds: -1 as Int64)?.description == "1969-12-31T23:59:59Z")
        #expect(Instant(unixSeconds: Int64.max) == nil)
        #expect(Instant(unixSeconds: Int64.min) == nil)
        #expect(Instant(unixSeconds: 253_402_300_800 as Int64) == nil)
        #expect(Instant(unixSeconds: 1_769_904_000.25)?.description == "2026-02-01T00:00:00.250000Z")
        #expect(Instant(unixSeconds: Double.nan) == nil)
        #expect(Instant(unixSeconds: Double.infinity) == nil)
    }

    @Test func utcDayOfInstantsBeforeAndAfterTheEpoch() throws {
        #expect(try #require(Instant(parsing: "1969-12-31 23:59:59.999999")).day.description == "1969-12-31")
        #expect(try #require(Instant(parsing: "1970-01-01 00:00:00")).day.description == "1970-01-01")
        #expect(try #require(Instant(parsing: "2026-02-01 23:30:00-01")).day.description == "2026-02-02")
    }

    /// Every day from 0001 to 9999 round-trips through its civil date.
    @Test func civilDatesRoundTrip() throws {
        let first = try #require(UTCDay(year: 1, month: 1, day: 1)).number
        let last = try #require(UTCDay(year: 9999, month: 12, day: 31)).number
        for number in stride(from: first, through: last, by: 1) {
            let (year, month, day) = UTCDay(number: number).components
            #expect(UTCDay(year: year, month: month, day: day)?.number == number)
        }
    }
}
