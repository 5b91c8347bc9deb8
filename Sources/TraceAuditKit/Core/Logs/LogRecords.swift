/// Splits a log into records: lines, or the elements of a JSON array export (a file whose first
/// non-blank byte is `[`), handing each to a closure without holding more than one record.
struct LogRecords {
    /// The longest record kept whole; of a longer one only the start is kept, the rest is searched
    /// for the marker as it goes by.
    static let maximumLength = 8 << 20

    /// Where a record starts: the input's name and its line number there.
    struct Position: Hashable {
        var input: String
        var line: Int
        /// The element's index in a JSON array export (0 for the first); nil for a line.
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

    /// Reads all of `input`, decoded to UTF-8 (see `LogDecoder`), calling `handle` for each record
    /// in order.
    static func read(_ input: LogInput, _ handle: Handler) throws {
        var splitter = Splitter(input: input.name)
        var decoder = LogDecoder()
        var decoded: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = try input.read(into: chunk)
            if count == 0 { break }
            let bytes = UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            if decoder.encoding == .utf8 {
                try splitter.feed(bytes, handle)
            } else {
                decoder.decode(bytes, into: &decoded)
                try decoded.withUnsafeBufferPointer { try splitter.feed($0, handle) }
            }
        }
        decoder.finish(into: &decoded)
        try decoded.withUnsafeBufferPointer { try splitter.feed($0, handle) }
        try splitter.finish(handle)
    }

    private struct Splitter {
        let input: String
        var mode: Mode = .undecided
        var record = RecordBuffer()
        var line = 1
        var recordLine = 1
        var elements = 0
        // JSON array state.
        var depth = 0
        var inString = false
        var escaped = false

        /// `bracket`: the input starts with `[`, and the next byte that is not white space tells
        /// a JSON array export (`{`, `"` or `]`) from lines that start with a bracket
        /// (`[pod/…/…] …` from `kubectl logs --prefix`, `[2026-02-05 10:00:00] …`).
        enum Mode { case undecided, bracket, lines, array }
        /// The `[` and white space seen in `bracket` mode.
        var stash: [UInt8] = []

        init(input: String) {
            self.input = input
        }

        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: Handler) throws {
            for byte in bytes {
                switch mode {
                case .lines:
                    if byte == 0x0A {
                        try emit(handle)
                        line += 1
                        recordLine = line
                    } else {
                        append(byte)
                    }
                case .array: try feedArray(byte, handle)
                case .undecided:
                    if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF {
                        if byte == 0x0A { line += 1 }
                        continue
                    }
                    recordLine = line
                    if byte == UInt8(ascii: "[") {
                        mode = .bracket
                        stash = [byte]
                    } else {
                        mode = .lines
                        append(byte)
                    }
                case .bracket:
                    if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                        stash.append(byte)
                        continue
                    }
                    try decide(byte, handle)
                }
            }
        }

        /// Leaves `bracket` mode on `byte`, feeding what was held back.
        mutating func decide(_ byte: UInt8?, _ handle: Handler) throws {
            let held = stash
            stash = []
            if let byte, byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "]") {
                mode = .array
                depth = 1
                line += held.filter { $0 == 0x0A }.count
                return try feedArray(byte, handle)
            }
            mode = .lines
            try (held + (byte.map { [$0] } ?? [])).withUnsafeBufferPointer { try feed($0, handle) }
        }

        mutating func feedArray(_ byte: UInt8, _ handle: Handler) throws {
            if byte == 0x0A { line += 1 }
            if inString {
                append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                return
            }
            switch byte {
            case UInt8(ascii: "\""):
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
                } else {
                    append(byte)
                }
            case UInt8(ascii: ",") where depth == 1:
                try emit(handle)
            default:
                // Between the elements (depth 1, outside strings) white space belongs to no record:
                // kept, it made the last element of a pretty-printed export look cut off.
                let space = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
                if depth > 1 || (depth == 1 && !space) {
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
            let position = Position(input: input, line: recordLine, index: mode == .array ? elements : nil)
            record.removeTrailingCarriageReturn()
            guard !record.isEmpty else { return }
            if mode == .array { elements += 1 }
            let isCut = record.isCut
            let holdsMarker = record.cutRecordHoldsMarker
            try record.bytes.withUnsafeBufferPointer { try handle(position, Record(bytes: $0, isCut: isCut, cutHoldsMarker: holdsMarker)) }
        }

        mutating func finish(_ handle: Handler) throws {
            if mode == .bracket { try decide(nil, handle) }
            if mode == .lines || (mode == .array && !record.isEmpty) { try emit(handle) }
        }
    }
}
