/// Turns the records of one input back into the lines the application wrote: takes off what
/// `kubectl` or a container runtime wrapped around them (`LogEnvelope`), joins the pieces of a
/// line a runtime split, and joins the lines of an object a JavaScript runtime printed over
/// several lines after the marker (`console.error(msg, obj)` with a long `obj`). Memory stays
/// flat: a joined line is a `RecordBuffer`.
struct RecordAssembler {
    /// One application line, ready to be read.
    struct Line {
        var position: LogRecords.Position
        var bytes: UnsafeBufferPointer<UInt8>
        var isCut = false
        var cutHoldsMarker = false
        /// The envelope's time, when there was one.
        var time: Instant?
        var origin: String?
    }

    typealias Handler = (Line) throws -> Void

    /// The most lines an object printed after the marker is followed over.
    static let continuationLimit = 1000

    private struct Pending {
        var buffer = RecordBuffer()
        var position: LogRecords.Position
        var time: Instant?
        var origin: String?
        var lines = 1
    }

    private var pieces: [String: Pending] = [:]
    private var continuation: Pending?
    private var balance = BracketBalance()

    mutating func take(_ position: LogRecords.Position, _ record: LogRecords.Record, _ handle: Handler) throws {
        guard !record.isCut else {
            return try complete(Line(position: position, bytes: record.bytes, isCut: true, cutHoldsMarker: record.cutHoldsMarker), handle)
        }
        guard let envelope = LogEnvelope.unwrap(record.bytes) else {
            return try complete(Line(position: position, bytes: record.bytes), handle)
        }
        if envelope.isPiece || pieces[envelope.stream] != nil {
            var pending = pieces.removeValue(forKey: envelope.stream)
                ?? Pending(position: position, time: envelope.time, origin: envelope.origin, lines: 0)
            envelope.content.withUnsafeBufferPointer { pending.buffer.append($0) }
            pending.lines += 1
            if envelope.isPiece { return pieces[envelope.stream] = pending }
            return try emit(pending, joiningContinuation: true, handle)
        }
        try envelope.content.withUnsafeBufferPointer { content in
            try complete(Line(position: position, bytes: content, time: envelope.time, origin: envelope.origin), handle)
        }
    }

    /// Hands on what is still held at the end of the input.
    mutating func finish(_ handle: Handler) throws {
        for (_, pending) in pieces.sorted(by: { $0.value.position.line < $1.value.position.line }) {
            try emit(pending, joiningContinuation: true, handle)
        }
        pieces = [:]
        if let open = continuation {
            continuation = nil
            try emit(open, joiningContinuation: false, handle)
        }
    }

    private mutating func emit(_ pending: Pending, joiningContinuation: Bool, _ handle: Handler) throws {
        let isCut = pending.buffer.isCut
        let holdsMarker = pending.buffer.cutRecordHoldsMarker
        try pending.buffer.bytes.withUnsafeBufferPointer { bytes in
            let line = Line(position: pending.position, bytes: bytes, isCut: isCut, cutHoldsMarker: holdsMarker, time: pending.time, origin: pending.origin)
            if joiningContinuation { try complete(line, handle) } else { try handle(line) }
        }
    }

    /// A whole application line: added to an object still open, opening one, or handed on.
    private mutating func complete(_ line: Line, _ handle: Handler) throws {
        if let open = continuation, !RecordAssembler.continues(line) {
            // Not the rest of the object: the entry is read as far as it goes (unreadable, still
            // counted) and this line is read on its own, so no entry can hide inside another.
            continuation = nil
            try emit(open, joiningContinuation: false, handle)
        }
        if var open = continuation {
            open.buffer.append(0x0A)
            open.buffer.append(line.bytes)
            balance.feed(line.bytes)
            open.lines += 1
            guard balance.depth == 0 || open.lines >= RecordAssembler.continuationLimit || open.buffer.isCut else {
                return continuation = open
            }
            continuation = nil
            return try emit(open, joiningContinuation: false, handle)
        }
        if !line.isCut, let opened = RecordAssembler.opensObject(line.bytes) {
            balance = opened
            var open = Pending(position: line.position, time: line.time, origin: line.origin)
            open.buffer.append(line.bytes)
            continuation = open
            return
        }
        try handle(line)
    }

    /// Whether `line` can be the next line of an object a runtime printed over several lines:
    /// indented, or closing it, and without a marker of its own.
    static func continues(_ line: Line) -> Bool {
        guard !line.isCut, let first = line.bytes.first else { return false }
        guard first == 0x20 || first == 0x09 || first == UInt8(ascii: "}") || first == UInt8(ascii: "]") else { return false }
        return LoggedViolation.find(LoggedViolation.marker, in: line.bytes, from: 0) == nil
    }

    /// For a text line holding the marker and then an object it does not close, the balance so
    /// far; nil otherwise.
    static func opensObject(_ bytes: UnsafeBufferPointer<UInt8>) -> BracketBalance? {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < bytes.count, bytes[start] != UInt8(ascii: "{"),
            let at = LoggedViolation.find(LoggedViolation.marker, in: bytes, from: start)
        else { return nil }
        var balance = BracketBalance()
        balance.feed(UnsafeBufferPointer(rebasing: bytes[(at + LoggedViolation.marker.count)...]))
        return balance.depth > 0 ? balance : nil
    }
}
