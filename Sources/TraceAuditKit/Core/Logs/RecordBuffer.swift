/// The bytes of one record being collected, at most `LogRecords.maximumLength` of them. Beyond
/// that the record is cut: its start is kept and the rest is only searched for the marker, so a
/// record of any size holding the marker still counts, in flat memory.
struct RecordBuffer {
    private(set) var bytes: [UInt8] = []
    /// True when the record grew past the limit and only its start was kept.
    private(set) var isCut = false
    private var matcher = MarkerMatcher()
    /// NUL bytes appended: never in a text log, so binary or UTF-16 data read as 8-bit text.
    private(set) var nulBytes = 0
    let limit: Int

    init(limit: Int = LogRecords.maximumLength) {
        self.limit = limit
    }

    var isEmpty: Bool { bytes.isEmpty && !isCut }

    /// Whether the marker is anywhere in a cut record (the kept start or the rest).
    var cutRecordHoldsMarker: Bool { matcher.found }

    mutating func append(_ byte: UInt8) {
        if byte == 0 { nulBytes += 1 }
        if isCut { return matcher.feed(byte) }
        if bytes.count >= limit { cut() ; return matcher.feed(byte) }
        bytes.append(byte)
    }

    mutating func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard !isCut && bytes.count + more.count <= limit else {
            for byte in more { append(byte) }
            return
        }
        for byte in more where byte == 0 { nulBytes += 1 }
        bytes.append(contentsOf: more)
    }

    private mutating func cut() {
        isCut = true
        bytes.withUnsafeBufferPointer { matcher.feed($0) }
    }

    mutating func removeTrailingCarriageReturn() {
        if !isCut && bytes.last == 0x0D { bytes.removeLast() }
    }

    /// Empties the buffer for the next record, keeping a modest capacity.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        isCut = false
        nulBytes = 0
        matcher = MarkerMatcher()
    }
}
