/// The rows of a CSV log download (RFC 4180: comma-separated, fields in double quotes may hold
/// commas, `""` and line breaks), as Supabase Studio's "Download CSV" writes them: a header line
/// naming the columns (`timestamp`, `event_message`, …), then one row per log event, its
/// `event_message` often over several lines. Each row is handed on as a JSON object of its
/// columns, so it is read like any JSON record; a column holding only digits stays a number (a
/// microsecond timestamp), one holding a JSON object or array stays that value.
struct CSVRows {
    let columns: [String]
    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var quoted = false
    private var inQuotes = false
    private var quoteSeen = false
    private var rowLine: Int?
    private var row: [UInt8] = []

    /// The header's columns, when `line` is a CSV header naming a log message column; nil when it
    /// is any other line.
    init?(header line: [UInt8]) {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { name -> String in
            var name = Substring(name)
            if name.count >= 2, name.first == "\"", name.last == "\"" { name = name.dropFirst().dropLast() }
            return String(name)
        }
        let identifier = { (name: String) in
            !name.isEmpty && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        }
        guard names.count >= 2, names.allSatisfy(identifier), names.contains(where: LogEnvelopeDocument.messageKeys.contains) else { return nil }
        columns = names
    }

    /// Takes one byte of the body; `line` is the line it is on.
    mutating func feed(_ byte: UInt8, line: Int, _ handle: (Int, [UInt8]) throws -> Void) throws {
        if rowLine == nil {
            if byte == 0x0A || byte == 0x0D { return }
            rowLine = line
        }
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                inQuotes = false
                quoteSeen = true
            } else {
                field.append(byte)
            }
            return
        }
        if quoteSeen {
            quoteSeen = false
            // `""` inside a quoted field is one quote.
            if byte == UInt8(ascii: "\"") {
                field.append(byte)
                inQuotes = true
                return
            }
        }
        switch byte {
        case UInt8(ascii: "\""):
            if field.isEmpty && !quoted {
                quoted = true
                inQuotes = true
            } else {
                field.append(byte)
            }
        case UInt8(ascii: ","): endField()
        case 0x0D: break
        case 0x0A: try endRow(handle)
        default: field.append(byte)
        }
    }

    /// Hands on a last row without a final line break.
    mutating func finish(_ handle: (Int, [UInt8]) throws -> Void) throws {
        if rowLine != nil { try endRow(handle) }
    }

    private mutating func endField() {
        fields.append(field)
        field = []
        quoted = false
    }

    private mutating func endRow(_ handle: (Int, [UInt8]) throws -> Void) throws {
        endField()
        defer {
            fields = []
            rowLine = nil
        }
        guard let line = rowLine else { return }
        row.removeAll(keepingCapacity: true)
        row.append(UInt8(ascii: "{"))
        for (index, value) in fields.enumerated() {
            if index > 0 { row.append(UInt8(ascii: ",")) }
            let name = index < columns.count ? columns[index] : "column_\(index + 1)"
            row.append(contentsOf: Self.quoted(name).utf8)
            row.append(UInt8(ascii: ":"))
            row.append(contentsOf: CSVRows.json(value))
        }
        row.append(UInt8(ascii: "}"))
        try handle(line, row)
    }

    /// A field as a JSON value: digits as a number, a JSON object or array as itself, anything
    /// else as a string.
    static func json(_ value: [UInt8]) -> [UInt8] {
        if !value.isEmpty, value.count < 20, value.allSatisfy({ (48...57).contains($0) }) { return value }
        if let first = value.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            value.withUnsafeBufferPointer({ JSONNode.parse($0) }) != nil
        {
            return value
        }
        return Array(Self.quoted(String(decoding: value, as: UTF8.self)).utf8)
    }

    /// `text` as a JSON string (`Escape.json`).
    static func quoted(_ text: String) -> String {
        var out = ""
        Escape.json(text, into: &out)
        return out
    }
}
