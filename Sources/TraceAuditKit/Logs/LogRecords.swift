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
        // JSON array state.
        var depth = 0
        var inString = false
        var escaped = false

        enum Mode { case undecided, lines, array }

        init(input: String) {
            self.input = input
        }

        mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: Handler) throws {
            for byte in bytes {
                if mode == .undecided {
                    if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF {
                        if byte == 0x0A { line += 1 }
                        continue
                    }
                    mode = byte == UInt8(ascii: "[") ? .array : .lines
                    recordLine = line
                    if mode == .array {
                        depth = 1
                        continue
                    }
                }
                if mode == .lines {
                    if byte == 0x0A {
                        try emit(handle)
                        line += 1
                        recordLine = line
                    } else {
                        append(byte)
                    }
                    continue
                }
                try feedArray(byte, handle)
            }
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
                if depth >= 1 && !(record.isEmpty && (byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09)) {
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
            let position = Position(input: input, line: recordLine)
            record.removeTrailingCarriageReturn()
            guard !record.isEmpty else { return }
            let isCut = record.isCut
            let holdsMarker = record.cutRecordHoldsMarker
            try record.bytes.withUnsafeBufferPointer { try handle(position, Record(bytes: $0, isCut: isCut, cutHoldsMarker: holdsMarker)) }
        }

        mutating func finish(_ handle: Handler) throws {
            if mode == .lines || (mode == .array && !record.isEmpty) { try emit(handle) }
        }
    }
}
