/// Numbers and nouns for people: thousands separators and the right plural. Only the human
/// formats (table, markdown) use it; JSON, CSV and Prometheus write plain digits.
enum Counting {
    /// `1,234,567`; negative numbers keep their sign.
    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `one` for exactly one, `many` otherwise (zero included).
    static func noun(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? one : many
    }

    /// `1,234 jobs`, `1 job`.
    static func counted(_ count: Int, _ one: String, _ many: String) -> String {
        number(count) + " " + noun(count, one, many)
    }

    /// An instant for people, to the second (the fraction dropped): `2026-11-28T14:03:07Z`;
    /// machine formats keep the full precision.
    static func time(_ instant: Instant) -> String {
        String(instant.description.prefix(19)) + "Z"
    }
}

extension Counting {
    /// A share in hundredths of a percent as people read it: `12.50`, but `<0.01` for a share that
    /// is not zero and rounds to 0.00 (1 of 54,163 is not none), and `>99.99` for one that is not
    /// whole and rounds to 100.00.
    static func percent(hundredths: Int, part: Int, whole: Int) -> String {
        if part > 0 && hundredths == 0 { return "<0.01" }
        if part < whole && hundredths == 10_000 { return ">99.99" }
        return String(hundredths / 100) + "." + (hundredths % 100 < 10 ? "0" : "") + String(hundredths % 100)
    }
}

extension TypeCompliance {
    /// The violation rate for people (`Counting.percent`); nil without the total.
    var ratePercentForPeople: String? {
        guard let succeeded, let rate = rateHundredths else { return nil }
        return Counting.percent(hundredths: rate, part: violations, whole: succeeded)
    }
}

extension DailyCompliance {
    /// The traced share for people (`Counting.percent`); nil without jobs.
    var compliancePercentForPeople: String? {
        complianceHundredths.map { Counting.percent(hundredths: $0, part: jobs.hasTrace, whole: jobs.total) }
    }
}
