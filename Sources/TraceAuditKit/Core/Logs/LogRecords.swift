/// Splits a log into records, handing each to a closure without holding more than one record:
/// - text lines;
/// - JSON lines, and JSON objects printed over several lines (a pretty-printed document);
/// - the elements of a JSON array (`[` then `{`, `"` or `]`), however many arrays follow one
///   another (one log-drain request body per line) and whatever lines come after one closes
///   (`console.log([])` before the marker's line);
/// - the records under a JSON document's envelope key (`{"result": […]}`, `{"data": […]}`, see
///   `LogEnvelopeDocument`), or a failure naming a document it cannot read;
/// - the rows of a CSV download (RFC 4180, quoted fields over several lines), each handed on as a
///   JSON object of its columns.
struct LogRecords {
    /// The longest record kept whole; of a longer one only the start is kept, the rest is searched
    /// for the marker as it goes by.
    static let maximumLength = 8 << 20

    /// Where a record starts: the input's name and its line number there.
    struct Position: Hashable {
        var input: String
        var line: Int
        /// The element's index in a JSON array or envelope (0 for the first); nil for a line.
        var index: Int?
    }

    /// One record as the closure receives it.
    struct Record {
        /// The record's bytes, or its first `maximumLength` bytes when it was cut.
        var bytes: UnsafeBufferPointer<UInt8>
        /// True when the record was longer than `maximumLength`.
        var isCut = false
        /// For a cut record, whether the marker is anywhere in it.
        var cutHoldsMarker = false
    }

    typealias Handler = (Position, Record) throws -> Void

    /// Reads all of `input`, decompressed (see `LogInput`) and decoded to UTF-8 (see
    /// `LogDecoder`), calling `handle` for each record in order.
    static func read(_ input: LogInput, _ handle: Handler) throws {
        var splitter = Splitter(input: input.name)
        var decoder = LogDecoder()
        var decoded: [UInt8] = []
        try input.chunks { bytes in
            if decoder.encoding == .utf8 {
                try splitter.feed(bytes, handle)
            } else {
                decoder.decode(bytes, into: &decoded)
                try decoded.withUnsafeBufferPointer { try splitter.feed($0, handle) }
                try check(decoder, input.name)
            }
        }
        decoder.finish(into: &decoded)
        try decoded.withUnsafeBufferPointer { try splitter.feed($0, handle) }
        try check(decoder, input.name)
        try splitter.finish(handle)
    }

    private static func check(_ decoder: LogDecoder, _ name: String) throws {
        guard let unit = decoder.foreignTextAt else { return }
        throw TraceAuditError.cannotCheck(
            "log \(name) is UTF-16 text that turns into 8-bit text at byte \(unit * 2) (another file appended?); give each file on its own")
    }

    /// Bytes that are white space between JSON values.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private struct Splitter {
        let input: String
        var mode: Mode = .undecided
        var record = RecordBuffer()
        var line = 1
        var recordLine = 1
        var elements = 0
        /// True until the first record of the input was begun: only the first line can be a CSV
        /// header.
        var atStart = true
        // JSON structure (array and object modes).
        var depth = 0
        var inString = false
        var escaped = false
        /// A newline inside a JSON value, in array or object mode: the next byte tells whether
        /// the value goes on (an indented line, or one that closes it) or was cut off.
        var afterNewline = false
        var csv: CSVRows?

        /// `bracket`: a line starts with `[`, and the next byte that is not white space tells a
        /// JSON array (`{`, `"` or `]`) from a line that starts with a bracket (`[pod/…/…] …`
        /// from `kubectl logs --prefix`, `[2026-02-05 10:00:00] …`).
        enum Mode { case undecided, bracket, lines, array, object, csv }
        /// The `[` and white space seen in `bracket` mode.
        var stash: [UInt8] = []
        /// The spaces and tabs that start the line, before its first other byte.
        var indent: [UInt8] = []

        init(input: String) {
            self.input = input
        }

        /// Lines of text (JSON lines, plain text) are taken a line at a time, not a byte at a time:
        /// the common log shapes are read at the speed of finding their newlines.
        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: Handler) throws {
            var next = bytes.startIndex
            while next < bytes.endIndex {
                switch mode {
                case .lines,
                     .object where !afterNewline:
                    // Up to the next newline, no byte ends a record: take the run whole.
                    let end = bytes[next...].firstIndex(of: 0x0A) ?? bytes.endIndex
                    let run = UnsafeBufferPointer(rebasing: bytes[next..<end])
                    if mode == .object { for byte in run { track(byte) } }
                    record.append(run)
                    next = end
                    if next < bytes.endIndex {
                        try feed(bytes[next], handle)
                        next += 1
                    }
                default:
                    try feed(bytes[next], handle)
                    next += 1
                }
            }
        }

        mutating func feed(_ byte: UInt8, _ handle: Handler) throws {
            switch mode {
            case .lines:
                if byte == 0x0A {
                    try endLine(handle)
                } else {
                    append(byte)
                }
            case .array, .object:
                if afterNewline {
                    afterNewline = false
                    if !continuesValue(byte) {
                        // The value was cut off at the end of the last line: read it as it is,
                        // and this line on its own, so no record can hide inside another.
                        try emit(handle)
                        mode = .undecided
                        depth = 0
                        inString = false
                        escaped = false
                        return try feed(byte, handle)
                    }
                }
                if mode == .array { try feedArray(byte, handle) } else { try feedObject(byte, handle) }
            case .csv:
                try csv!.feed(byte, line: line) { position, row in
                    try row.withUnsafeBufferPointer { try handle(Position(input: input, line: position, index: nil), Record(bytes: $0)) }
                }
                if byte == 0x0A { line += 1 }
            case .undecided:
                if byte == 0x20 || byte == 0x09 {
                    // A line's indent is kept: it tells the lines of an object a runtime printed.
                    return indent.append(byte)
                }
                if LogRecords.isSpace(byte) || (atStart && (byte == 0xEF || byte == 0xBB || byte == 0xBF)) {
                    if byte == 0x0A {
                        line += 1
                        indent = []
                    }
                    return
                }
                recordLine = line
                let held = indent
                indent = []
                if byte == UInt8(ascii: "[") {
                    mode = .bracket
                    stash = held + [byte]
                } else if byte == UInt8(ascii: "{") {
                    mode = .object
                    depth = 1
                    for space in held { append(space) }
                    append(byte)
                } else {
                    mode = .lines
                    for space in held { append(space) }
                    append(byte)
                }
            case .bracket:
                if LogRecords.isSpace(byte) {
                    stash.append(byte)
                    return
                }
                try decide(byte, handle)
            }
        }

        /// Whether the first byte of a line inside a JSON value goes on with it: pretty-printed
        /// JSON indents every line inside a value and starts the closing one with the bracket.
        func continuesValue(_ byte: UInt8) -> Bool {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                return true
            }
            // Between an array's elements, an element may start at the left margin.
            return mode == .array && depth == 1 && (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ","))
        }

        /// The end of a text line (or of a JSON line, or a whole object).
        mutating func endLine(_ handle: Handler) throws {
            if atStart, mode == .lines, let header = CSVRows(header: record.bytes) {
                atStart = false
                record.reset()
                csv = header
                mode = .csv
                line += 1
                return
            }
            try emit(handle)
            line += 1
            recordLine = line
            mode = .undecided
        }

        /// Leaves `bracket` mode on `byte`, feeding what was held back.
        mutating func decide(_ byte: UInt8?, _ handle: Handler) throws {
            let held = stash
            stash = []
            if let byte, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "]") {
                mode = .array
                depth = 1
                elements = 0
                atStart = false
                for space in held where space == 0x0A {
                    line += 1
                    afterNewline = false
                }
                return try feedArray(byte, handle)
            }
            mode = .lines
            for held in held + (byte.map { [$0] } ?? []) { try feed(held, handle) }
        }

        /// Tracks strings and brackets: true when `byte` was inside a string (or ended one).
        mutating func inStringByte(_ byte: UInt8) -> Bool {
            guard inString else { return false }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return true
        }

        mutating func feedObject(_ byte: UInt8, _ handle: Handler) throws {
            if byte == 0x0A {
                if depth == 0 { return try endLine(handle) }
                // A raw newline cannot be inside a JSON string: the string was cut off.
                inString = false
                escaped = false
                line += 1
                afterNewline = true
                return append(byte)
            }
            append(byte)
            track(byte)
        }

        /// Follows strings and nesting through one byte of a JSON object (any byte but a newline).
        mutating func track(_ byte: UInt8) {
            if inStringByte(byte) { return }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if depth > 0 { depth -= 1 }
            default: break
            }
        }

        mutating func feedArray(_ byte: UInt8, _ handle: Handler) throws {
            if byte == 0x0A {
                line += 1
                inString = false
                escaped = false
                afterNewline = true
                if depth > 1 { append(byte) }
                return
            }
            if inStringByte(byte) { return append(byte) }
            switch byte {
            case UInt8(ascii: "\""):
                if depth == 1 && record.isEmpty { recordLine = line }
                inString = true
                append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1 && record.isEmpty { recordLine = line }
                depth += 1
                append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    try emit(handle)
                    // What follows the array is read afresh: more arrays, or lines.
                    mode = .undecided
                    afterNewline = false
                } else {
                    append(byte)
                }
            case UInt8(ascii: ",") where depth == 1:
                try emit(handle)
            default:
                // Between the elements (depth 1, outside strings) white space belongs to no record:
                // kept, it made the last element of a pretty-printed export look cut off.
                if depth > 1 || (depth == 1 && !LogRecords.isSpace(byte)) {
                    if depth == 1 && record.isEmpty { recordLine = line }
                    append(byte)
                }
            }
        }

        mutating func append(_ byte: UInt8) {
            record.append(byte)
        }

        mutating func emit(_ handle: Handler) throws {
            defer { record.reset() }
            atStart = false
            let inArray = mode == .array
            let position = Position(input: input, line: recordLine, index: inArray ? elements : nil)
            record.removeTrailingCarriageReturn()
            if record.isEmpty { return }
            if record.nulBytes > 0 {
                throw TraceAuditError.cannotCheck(
                    "log \(input) line \(recordLine) holds NUL bytes: binary data, or UTF-16 text appended to 8-bit text; give each file on its own, as text")
            }
            if inArray { elements += 1 }
            let isCut = record.isCut
            let holdsMarker = record.cutRecordHoldsMarker
            try record.bytes.withUnsafeBufferPointer { bytes in
                if !inArray, let first = bytes.first, first == UInt8(ascii: "{") {
                    if try LogEnvelopeDocument.expand(bytes, isCut: isCut, at: position, handle) { return }
                }
                try handle(position, Record(bytes: bytes, isCut: isCut, cutHoldsMarker: holdsMarker))
            }
        }

        mutating func finish(_ handle: Handler) throws {
            if mode == .bracket { try decide(nil, handle) }
            switch mode {
            case .lines: try endLine(handle)
            case .object, .array: if !record.isEmpty { try emit(handle) }
            case .csv:
                try csv!.finish { position, row in
                    try row.withUnsafeBufferPointer { try handle(Position(input: input, line: position, index: nil), Record(bytes: $0)) }
                }
            default: break
            }
        }
    }
}
