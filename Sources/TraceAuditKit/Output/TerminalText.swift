/// Text from the database made safe for a terminal: no control character, escape sequence or
/// bidirectional override from a job's column ever reaches the screen raw.
enum TerminalText {
    /// `text` with C0 and C1 controls, DEL and bidi controls written as `\n`, `\t`, `\r`, `\xHH`
    /// or `\u{HHHH}`, and backslashes doubled, so that every value reads back unambiguously.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\\": result += "\\\\"
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += scalar.value <= 0xFF
                    ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x5C: return true
        default: return false
        }
    }

    /// `text` cut to `limit` characters, with `…` at the end when cut.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1))) + "…"
    }
}
