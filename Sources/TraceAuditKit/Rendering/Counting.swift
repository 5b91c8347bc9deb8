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
