/// The pieces of an Internet message that traceaudit writes (RFC 5322, RFC 2045, RFC 2047): header
/// fields that no value can break or add to, quoted-printable bodies and the date form.
///
/// Lines end with LF: the message is handed to a local `sendmail -t` or `msmtp -t`, which write
/// CRLF on the wire.
enum MIME {
    /// The longest header line written, below RFC 5322's recommended 78.
    static let headerLineLimit = 78
    /// The longest body line of a quoted-printable part (RFC 2045).
    static let bodyLineLimit = 76

    // MARK: Header fields

    /// An unstructured field (`Subject`): controls in `value` are shown as on a terminal (`\n`), so
    /// the value stays one field (a backslash stays one); it is folded at spaces when it is
    /// printable ASCII, and written as RFC 2047 encoded words otherwise.
    static func unstructured(_ name: String, _ value: String) -> String {
        let text = Escape.line(value)
        let ascii = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let foldable = ascii && !text.contains("=?") && !text.hasSuffix(" ") && !text.hasPrefix(" ")
            && !text.contains("  ") && words.allSatisfy { $0.count <= headerLineLimit - 2 - name.count }
        guard foldable else { return name + ": " + encodedWords(text) + "\n" }
        var out = name + ":"
        var lineLength = out.count
        for word in words {
            if lineLength + 1 + word.count > headerLineLimit {
                out += "\n"
                lineLength = 0
            }
            out += " " + word
            lineLength += 1 + word.count
        }
        return out + "\n"
    }

    /// `text` as RFC 2047 B-encoded UTF-8 words of 64 characters at most, never splitting a
    /// character, separated by folding whitespace: with a field name of up to 12 characters, every
    /// line stays within 78.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 39 bytes make 52 base64 characters; with `=?UTF-8?B?` and `?=`, 64.
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + base64(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + base64(chunk) + "?=") }
        return words.joined(separator: "\n ")
    }

    /// An address field (`From`, `To`), one address per line, a name and its address on lines of
    /// their own when together they would pass 78 columns. An address is at most 254 characters
    /// (`MailAddress`), so no line passes RFC 5322's 998.
    static func addresses(_ name: String, _ list: [MailAddress]) -> String {
        var out = name + ":"
        for (index, address) in list.enumerated() {
            let comma = index < list.count - 1 ? "," : ""
            let lineStart = index == 0 ? out.count : 0
            let text = address.headerText
            if lineStart + 1 + text.count + comma.count > headerLineLimit, !text.contains("\n"), let open = text.lastIndex(of: "<"),
                open != text.startIndex
            {
                out += " " + text[..<text.index(before: open)] + "\n " + text[open...]
            } else {
                out += " " + text
            }
            out += comma + "\n"
        }
        return out
    }

    /// A structured field whose one value cannot be folded inside (`Message-ID`): on the field's
    /// line when it fits in 78 columns, else on a line of its own.
    static func structured(_ name: String, _ value: String) -> String {
        name.count + 2 + value.count > headerLineLimit ? name + ":\n " + value + "\n" : name + ": " + value + "\n"
    }

    // MARK: Bodies

    /// UTF-8 `text` as quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, soft
    /// breaks where longer, `=`, controls, non-ASCII and trailing white space encoded, and a line's
    /// leading `.` and `From ` encoded for transports that treat them specially.
    static func quotedPrintable(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let atStart = current.isEmpty && (out.isEmpty || out.hasSuffix("\n"))
                var piece: String
                switch byte {
                case 0x21...0x3C, 0x3E...0x7E: piece = String(UnicodeScalar(byte))
                case 0x20, 0x09: piece = isLast ? hex(byte) : String(UnicodeScalar(byte))
                default: piece = hex(byte)
                }
                if atStart && (byte == 0x2E || (byte == 0x46 && bytes[index...].starts(with: Array("From ".utf8)))) {
                    piece = hex(byte)
                }
                if current.utf8.count + piece.utf8.count > bodyLineLimit - 1 {
                    out += current + "=\n"
                    current = ""
                    if byte == 0x2E || (byte == 0x46 && bytes[index...].starts(with: Array("From ".utf8))) { piece = hex(byte) }
                }
                current += piece
            }
            out += current + "\n"
        }
        out.removeLast()
        return out
    }

    // MARK: Dates

    /// An instant as RFC 5322's date-time in UTC: `Sun, 29 Nov 2026 21:17:30 +0000`.
    static func date(_ instant: Instant) -> String {
        let day = instant.day
        let (year, month, dayOfMonth) = day.components
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[Int(((day.number % 7) + 7) % 7)]
        let seconds = Int((instant.microseconds - day.number * Instant.microsecondsPerDay) / Instant.microsecondsPerSecond)
        return "\(weekday), \(dayOfMonth) \(months[month - 1]) \(year) "
            + twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60) + " +0000"
    }

    // MARK: Encodings

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    /// Standard base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let a = Int(bytes[index])
            let b = index + 1 < bytes.count ? Int(bytes[index + 1]) : 0
            let c = index + 2 < bytes.count ? Int(bytes[index + 2]) : 0
            out.append(alphabet[a >> 2])
            out.append(alphabet[((a & 3) << 4) | (b >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[((b & 0xF) << 2) | (c >> 6)] : "=")
            out.append(index + 2 < bytes.count ? alphabet[c & 0x3F] : "=")
            index += 3
        }
        return out
    }
}
