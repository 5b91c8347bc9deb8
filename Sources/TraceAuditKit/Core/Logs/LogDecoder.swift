/// Turns a log's bytes into UTF-8 as they stream by: a log that starts with a UTF-16 or UTF-32
/// byte-order mark (as PowerShell and some Windows tools write), or that has none but whose first
/// bytes are UTF-16 by their NUL bytes (`iconv -t UTF-16LE` writes no mark), is transcoded;
/// anything else is passed on as it is (a UTF-8 mark is dropped). Code units that are not valid
/// become U+FFFD. A UTF-16 log that turns into 8-bit text part way (a UTF-8 file appended to it)
/// is noted in `foreignTextAt`, for the reader to refuse.
struct LogDecoder {
    enum Encoding: Equatable {
        case utf8, utf16LittleEndian, utf16BigEndian, utf32LittleEndian, utf32BigEndian

        /// Bytes per code unit.
        var width: Int {
            switch self {
            case .utf8: return 1
            case .utf16LittleEndian, .utf16BigEndian: return 2
            case .utf32LittleEndian, .utf32BigEndian: return 4
            }
        }
    }

    /// Known once the first bytes (up to four) have been seen.
    private(set) var encoding: Encoding?
    private var pending: [UInt8] = []
    private var highSurrogate: UInt32?
    /// How many bytes are looked at to tell UTF-16 without a mark.
    static let sniffLength = 1024
    /// How many UTF-16 code units in a row made of two 8-bit text bytes each (CJK characters by
    /// their numbers, but far more likely 8-bit text appended) stop the read.
    static let foreignRun = 48
    /// UTF-16 code units in a row whose two bytes are both 8-bit text.
    private var eightBitRun = 0
    /// UTF-16 code units decoded.
    private var units: Int64 = 0
    /// In a UTF-16 log, the code unit where a long run of 8-bit text starts: another encoding
    /// appended, which UTF-16 decoding would turn into nonsense.
    private(set) var foreignTextAt: Int64?

    /// Decodes `input`, appending UTF-8 to `output` (emptied first).
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var input = input
        var head: [UInt8] = []
        if encoding == nil {
            let taken = min(LogDecoder.sniffLength - pending.count, input.count)
            pending.append(contentsOf: input.prefix(taken))
            input = UnsafeBufferPointer(rebasing: input.dropFirst(taken))
            guard pending.count >= LogDecoder.sniffLength else { return }
            head = detect()
        }
        if encoding == .utf8 {
            output.append(contentsOf: head)
            output.append(contentsOf: input)
            return
        }
        pending.append(contentsOf: head)
        pending.append(contentsOf: input)
        decodePending(into: &output)
    }

    /// Decodes the whole code units held in `pending`, appending UTF-8 to `output`.
    private mutating func decodePending(into output: inout [UInt8]) {
        let width = encoding!.width
        let usable = pending.count - pending.count % width
        var index = 0
        while index < usable {
            let unit: UInt32
            switch encoding! {
            case .utf16LittleEndian: unit = UInt32(pending[index]) | UInt32(pending[index + 1]) << 8
            case .utf16BigEndian: unit = UInt32(pending[index]) << 8 | UInt32(pending[index + 1])
            case .utf32LittleEndian:
                unit = UInt32(pending[index]) | UInt32(pending[index + 1]) << 8 | UInt32(pending[index + 2]) << 16 | UInt32(pending[index + 3]) << 24
            case .utf32BigEndian:
                unit = UInt32(pending[index]) << 24 | UInt32(pending[index + 1]) << 16 | UInt32(pending[index + 2]) << 8 | UInt32(pending[index + 3])
            case .utf8: unit = 0
            }
            index += width
            take(unit, width == 2, into: &output)
        }
        pending.removeFirst(usable)
    }

    /// Decodes what is left at the end of the input.
    mutating func finish(into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        if encoding == nil {
            let head = detect()
            guard encoding != .utf8 else { return output.append(contentsOf: head) }
            pending = head
            decodePending(into: &output)
        }
        if highSurrogate != nil { append(0xFFFD, to: &output) }
        highSurrogate = nil
        if !pending.isEmpty { append(0xFFFD, to: &output) }
        pending = []
    }

    /// Chooses the encoding from the mark at the start of `pending`; returns the bytes after the
    /// mark and empties `pending`.
    private mutating func detect() -> [UInt8] {
        let start = pending
        pending = []
        func starts(_ mark: [UInt8]) -> Bool { start.count >= mark.count && Array(start.prefix(mark.count)) == mark }
        let marks: [([UInt8], Encoding)] = [
            ([0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian), ([0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian),
            ([0xFF, 0xFE], .utf16LittleEndian), ([0xFE, 0xFF], .utf16BigEndian), ([0xEF, 0xBB, 0xBF], .utf8),
        ]
        for (mark, found) in marks where starts(mark) {
            encoding = found
            return Array(start.dropFirst(mark.count))
        }
        encoding = LogDecoder.unmarked(start)
        return start
    }

    /// The encoding of text without a mark: UTF-16 when most of its code units are an ASCII byte
    /// beside a NUL (little- or big-endian by the side the NUL is on), else UTF-8.
    static func unmarked(_ start: [UInt8]) -> Encoding {
        var little = 0
        var big = 0
        var index = 0
        while index + 1 < start.count {
            let (even, odd) = (start[index], start[index + 1])
            if odd == 0 && even != 0 { little += 1 }
            if even == 0 && odd != 0 { big += 1 }
            index += 2
        }
        let pairs = start.count / 2
        guard pairs >= 2 else { return .utf8 }
        // The very first unit must be one too: 8-bit text with UTF-16 appended is not UTF-16.
        if start[0] != 0, start[1] == 0, little * 2 >= pairs, big * 10 < pairs { return .utf16LittleEndian }
        if start[0] == 0, start[1] != 0, big * 2 >= pairs, little * 10 < pairs { return .utf16BigEndian }
        return .utf8
    }

    private mutating func take(_ unit: UInt32, _ isUTF16: Bool, into output: inout [UInt8]) {
        if isUTF16 {
            units += 1
            let (high, low) = (unit >> 8, unit & 0xFF)
            if (0x09...0x7E).contains(high) && (0x09...0x7E).contains(low) {
                eightBitRun += 1
                if eightBitRun == LogDecoder.foreignRun, foreignTextAt == nil { foreignTextAt = units - Int64(LogDecoder.foreignRun) }
            } else {
                eightBitRun = 0
            }
            if let high = highSurrogate {
                highSurrogate = nil
                if (0xDC00...0xDFFF).contains(unit) {
                    return append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &output)
                }
                append(0xFFFD, to: &output)
            }
            if (0xD800...0xDBFF).contains(unit) {
                highSurrogate = unit
                return
            }
        }
        append(Unicode.Scalar(unit) == nil ? 0xFFFD : unit, to: &output)
    }

    private func append(_ scalar: UInt32, to output: inout [UInt8]) {
        if scalar < 0x80 { return output.append(UInt8(scalar)) }
        output.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [0xEF, 0xBF, 0xBD])
    }
}
