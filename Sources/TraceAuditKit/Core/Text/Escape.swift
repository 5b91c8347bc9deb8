/// The escaping of every output format, one function per format, used by every writer of that
/// format (audit, logs, readiness, doctor). Values from the database, the logs or argv go through
/// the function of the format they are written in, and nothing else.
enum Escape {
    // MARK: Terminal (table format, error messages)

    /// Text for a terminal: C0 and C1 controls, DEL, the line and paragraph separators (U+2028,
    /// U+2029) and bidirectional controls written as `\n`,
    /// `\t`, `\r`, `\xHH` or `\u{HHHH}`, and backslashes doubled, so that every value reads back
    /// unambiguously and no escape sequence or bidi override reaches the screen raw.
    static func terminal(_ text: String) -> String {
        controls(text, doublingBackslashes: true)
    }

    /// One line of text where a backslash means itself (an e-mail subject): controls escaped as on
    /// a terminal, backslashes left as they are.
    static func line(_ text: String) -> String {
        controls(text, doublingBackslashes: false)
    }

    /// Whether a scalar is written escaped on a terminal (a backslash only because it is doubled).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func controls(_ text: String, doublingBackslashes: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || (doublingBackslashes && $0 == "\\") }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\\" where doublingBackslashes: result += "\\\\"
            case _ where isControl(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    // MARK: Markdown (GitHub-flavored, also read as HTML)

    /// A value safe in a Markdown table cell or line: controls shown as on a terminal (`\x1B`),
    /// then every character Markdown or HTML could read as markup backslash-escaped or turned into
    /// an entity, so that the value renders as itself (`\back` renders `\back`).
    static func markdown(_ value: String) -> String {
        var out = ""
        for scalar in controls(value, doublingBackslashes: false).unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "|", "`", "*", "_", "[", "]", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: HTML (the html format and the e-mail's HTML part)

    /// Text or a quoted attribute value in HTML: `&`, `<`, `>`, `"` and `'` as entities, and
    /// controls shown as on a terminal (`\n`, `\x1B`), so a value renders as itself on one line and
    /// cannot open an element, end an attribute or reorder the text around it (bidi controls).
    static func html(_ value: String) -> String {
        replacing(controls(value, doublingBackslashes: false)) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    // MARK: Slack mrkdwn (the slack format)

    /// Text in a Slack mrkdwn or plain_text object: controls shown as on a terminal (`\n`,
    /// `\x1B`), then `&`, `<` and `>` as the entities Slack's formatting reference asks for, so a
    /// value cannot open a link, a mention (`<!channel>`) or a date token, nor break its line.
    static func slack(_ value: String) -> String {
        replacing(controls(value, doublingBackslashes: false)) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            default: nil
            }
        }
    }

    // MARK: GitHub Actions workflow commands

    /// A command's message: controls escaped as on a terminal (the runner's log viewer is one), then
    /// `%`, CR and LF encoded as the runner requires, so a value cannot start a command of its own.
    static func githubMessage(_ value: String) -> String {
        replacing(terminal(value)) { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        }
    }

    /// A command's property value: as a message, and `:` and `,` encoded.
    static func githubProperty(_ value: String) -> String {
        replacing(githubMessage(value)) { scalar in
            switch scalar {
            case ":": "%3A"
            case ",": "%2C"
            default: nil
            }
        }
    }

    // MARK: XML (JUnit)

    /// XML text: markup characters as entities, characters XML 1.0 forbids as visible escapes; in an
    /// attribute also quotes, tabs and line breaks as character references, which normalization keeps.
    static func xml(_ value: String, attribute: Bool) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\r" where attribute: out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: CSV (RFC 4180)

    /// A field: quoted when it holds a comma, quote, CR or LF, with quotes doubled. NULL is an
    /// empty field.
    static func csv(_ value: String?) -> String {
        guard let value else { return "" }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        return "\"" + value.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    // MARK: JSON (RFC 8259)

    /// `text` as a JSON string, quotes included: RFC 8259 escaping, and U+2028 and U+2029 too, for
    /// JavaScript readers.
    static func json(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    // MARK: Prometheus text format

    /// A label value with `\`, `"` and newline escaped as the exposition format requires.
    static func prometheusLabel(_ value: String) -> String {
        replacing(value) { scalar in
            switch scalar {
            case "\\": "\\\\"
            case "\"": "\\\""
            case "\n": "\\n"
            default: nil
            }
        }
    }

    /// `text` with each scalar for which `replacement` gives a string replaced by it.
    private static func replacing(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) {
                out += replaced
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
