/// The violations a team acknowledged when it adopted the gate (`--baseline FILE`): the rows of a
/// previous JSON report (`traceaudit violations --all --format json`), or a plain list, one id a
/// line, blank lines and `#` comment lines ignored. Only violations not in it fail the gate.
///
/// Each entry acknowledges exactly one violation: the first one read (newest first) with its id
/// and, when the entry has them (a JSON report's rows do), its type and created_at. A baseline
/// holding `1` does not acknowledge a second row whose id also reads `1`, of another type, or
/// created at another time. Memory grows with the entries (an id, a type number, a time each),
/// never with the file's other bytes.
public struct Baseline: Hashable, Sendable {
    /// One acknowledged violation.
    public struct Entry: Hashable, Sendable {
        public var id: String
        /// The job type, nil when the baseline does not say (a plain list).
        public var type: String?
        /// created_at, nil when the baseline does not say.
        public var createdAt: Instant?

        public init(id: String, type: String? = nil, createdAt: Instant? = nil) {
            self.id = id
            self.type = type
            self.createdAt = createdAt
        }
    }

    /// The entries in the baseline's order.
    public private(set) var entries: [Entry] = []
    /// Entry positions by id, for the lookup of each violation read.
    private var positions: [String: [Int32]] = [:]

    public init(_ entries: [Entry]) {
        self.entries = entries
        positions.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() { positions[entry.id, default: []].append(Int32(index)) }
    }

    /// A baseline of bare ids, as a plain list gives them.
    public init(ids: [String]) {
        self.init(ids.map { Entry(id: $0) })
    }

    /// The first entry, in the baseline's order, that fits `violation` (its id, and its type and
    /// created_at where the entry has them) and that `available` allows.
    @inline(__always)
    func firstEntry(for violation: Violation, where available: (Int) -> Bool) -> Int? {
        guard let id = violation.id, let found = positions[id] else { return nil }
        for position in found {
            let index = Int(position)
            let entry = entries[index]
            if available(index) && (entry.type == nil || entry.type == violation.type)
                && (entry.createdAt == nil || entry.createdAt == violation.createdAt)
            {
                return index
            }
        }
        return nil
    }

    /// Matches violations to entries, one entry to one violation: the audit's pass over every
    /// violation claims entries; the pass over the rows shown marks each row acknowledged when an
    /// entry the first pass claimed fits it (each claimed entry marks one row).
    struct Matcher {
        let baseline: Baseline
        private var claimed: [Bool]
        private var shown: [Bool]
        /// Ids read on more than one violation, as the table holds them (each once, in order).
        private(set) var duplicateIds: [String] = []
        private var seenIds: Set<String> = []
        private var duplicates: Set<String> = []
        /// Violations an entry acknowledged.
        private(set) var acknowledged = 0

        init(_ baseline: Baseline) {
            self.baseline = baseline
            claimed = [Bool](repeating: false, count: baseline.entries.count)
            shown = claimed
        }

        /// Counts `violation` (the pass over every violation); true when an entry acknowledges it.
        @discardableResult
        mutating func claim(_ violation: Violation) -> Bool {
            if let id = violation.id, !seenIds.insert(id).inserted, duplicates.insert(id).inserted { duplicateIds.append(id) }
            guard let index = baseline.firstEntry(for: violation, where: { !claimed[$0] }) else { return false }
            claimed[index] = true
            acknowledged += 1
            return true
        }

        /// Whether a row shown is acknowledged: an entry the first pass claimed fits it.
        mutating func isAcknowledged(_ violation: Violation) -> Bool {
            guard let index = baseline.firstEntry(for: violation, where: { claimed[$0] && !shown[$0] }) else { return false }
            shown[index] = true
            return true
        }

        /// The entries no violation claimed, split by `window`: those whose created_at lies outside
        /// it (not checked: they may still be violations), and the rest (no longer violations;
        /// under a window, entries without a created_at are counted here only when the window is
        /// open, else with those outside it, since the audit cannot tell).
        func unclaimed(window: TimeWindow) -> (stale: [String], outsideWindow: [String]) {
            var stale: [String] = []
            var outside: [String] = []
            for (index, entry) in baseline.entries.enumerated() where !claimed[index] {
                let inWindow = entry.createdAt.map(window.contains) ?? window.isOpen
                if inWindow { stale.append(entry.id) } else { outside.append(entry.id) }
            }
            return (stale.sorted(), outside.sorted())
        }
    }

    /// Reads the baseline file at `path`; fails (exit 3) when it cannot be read or is a report
    /// that does not list every violation.
    static func read(path: String) throws(TraceAuditError) -> Baseline {
        let shown = Escape.terminal(path)
        let descriptor = OS.openForReading(path)
        guard descriptor >= 0 else { throw .failed(.local(.inputFile, "cannot read --baseline \(shown): \(OS.lastErrorText)", target: shown)) }
        defer { OS.close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard let read = buffer.withUnsafeMutableBytes({ OS.read(descriptor, $0.baseAddress!, $0.count, until: Interruption.shared.isRequested) })
            else { throw TraceAuditError(Interruption.shared.error) }
            guard read >= 0 else { throw .failed(.local(.inputFile, "cannot read --baseline \(shown): \(OS.lastErrorText)", target: shown)) }
            if read == 0 { break }
            bytes.append(contentsOf: buffer.prefix(read))
        }
        let parsed = bytes.withUnsafeBufferPointer { bytes in Result { () throws(TraceAuditError) in try parse(bytes, shown: shown) } }
        return try parsed.get()
    }

    /// Reads a baseline's text: a JSON report when it starts with `{`, else a list of ids.
    static func parse(_ text: String, shown: String) throws(TraceAuditError) -> Baseline {
        var text = text
        let parsed = text.withUTF8 { bytes in Result { () throws(TraceAuditError) in try parse(bytes, shown: shown) } }
        return try parsed.get()
    }

    /// Reads a baseline's bytes. A JSON report is read row by row (each row parsed on its own), so
    /// that no tree of the whole file is built.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, shown: String) throws(TraceAuditError) -> Baseline {
        var skim = JSONSkim(bytes: bytes)
        skim.skipSpaceAndByteOrderMark()
        guard skim.peek == UInt8(ascii: "{") else {
            let text = String(decoding: bytes, as: UTF8.self)
            let lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            return Baseline(ids: lines.map { $0.trimmingSpace() }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
        }
        let notAReport = TraceAuditError.failed(.local(.inputFile,
            "--baseline \(shown) is not a traceaudit JSON report with violations.rows; make one with traceaudit violations --all --format json", target: shown))
        var entries: [Entry] = []
        var truncated = false
        var count: String?
        var sawRows = false
        var types: [String: String] = [:]
        let report = skim.members { key, skim in
            guard key == "violations" else { return skim.skipValue() }
            return skim.members { key, skim in
                switch key {
                case "truncated":
                    let start = skim.index
                    guard skim.skipValue() else { return false }
                    truncated = JSONNode.parse(skim.slice(from: start)) == .bool(true)
                    return true
                case "count":
                    let start = skim.index
                    guard skim.skipValue() else { return false }
                    count = JSONNode.parse(skim.slice(from: start))?.text
                    return true
                case "rows":
                    sawRows = true
                    return skim.elements { skim in
                        var id: String?
                        var type: String?
                        var created: String?
                        let parsed = skim.members { key, skim in
                            switch key {
                            case "id": return skim.scalar(&id)
                            case "type": return skim.scalar(&type)
                            case "created_at": return skim.scalar(&created)
                            default: return skim.skipValue()
                            }
                        }
                        guard parsed else { return false }
                        guard let id else { return true }
                        // One String per distinct type, shared by its rows.
                        let shared = type.map { text in
                            if let known = types[text] { return known }
                            types[text] = text
                            return text
                        }
                        entries.append(Entry(id: id, type: shared, createdAt: created.flatMap(Instant.init(parsing:))))
                        return true
                    }
                default:
                    return skim.skipValue()
                }
            }
        }
        guard report, sawRows else { throw notAReport }
        if truncated {
            throw .failed(.local(.inputFile,
                "--baseline \(shown) lists \(entries.count) of \(count ?? "?") violations (made with a --limit); make it with traceaudit violations --all --format json", target: shown))
        }
        return Baseline(entries)
    }
}

/// Walks a JSON text without building it: skips values, visits an object's members and an
/// array's elements, so that a large report is read one small piece at a time.
private struct JSONSkim {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    func slice(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    mutating func skipSpace() {
        var at = index
        while at < bytes.count {
            let byte = bytes[at]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            at += 1
        }
        index = at
    }

    mutating func skipSpaceAndByteOrderMark() {
        skipSpace()
        if bytes.count >= index + 3, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { index += 3 }
        skipSpace()
    }

    /// Skips one string (at its opening quote) and returns its raw bytes' range.
    mutating func skipString() -> Range<Int>? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return start..<(index - 1)
            default: index += 1
            }
        }
        return nil
    }

    /// Reads a string, number or boolean as text into `text` (nil for null); false for an object,
    /// an array or a malformed value. Only a string with an escape goes through `JSONNode`.
    mutating func scalar(_ text: inout String?) -> Bool {
        skipSpace()
        let start = index
        if peek == UInt8(ascii: "\"") {
            guard let range = skipString() else { return false }
            let raw = UnsafeBufferPointer(rebasing: bytes[range])
            text = raw.contains(UInt8(ascii: "\\")) ? JSONNode.parse(slice(from: start))?.text : String(decoding: raw, as: UTF8.self)
            return text != nil
        }
        guard peek != UInt8(ascii: "{"), peek != UInt8(ascii: "["), skipValue() else { return false }
        text = JSONNode.parse(slice(from: start))?.text
        return true
    }

    /// Skips one value of any kind, nested ones included (without recursion: a depth count).
    mutating func skipValue() -> Bool {
        skipSpace()
        var depth = 0
        repeat {
            skipSpace()
            guard let byte = peek else { return false }
            switch byte {
            case UInt8(ascii: "\""): guard skipString() != nil else { return false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { return false }
                depth -= 1
                index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"):
                guard depth > 0 else { return false }
                index += 1
            default:
                let start = index
                while let next = peek, !(next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
                    || next == 0x20 || next == 0x0A || next == 0x0D || next == 0x09) { index += 1 }
                guard index > start else { return false }
            }
        } while depth > 0
        return true
    }

    /// Visits each member of the object at the cursor with its key (plain keys only; a key with an
    /// escape never matches the names the baseline looks for); `visit` consumes the value.
    mutating func members(_ visit: (String, inout JSONSkim) -> Bool) -> Bool {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { return false }
        index += 1
        skipSpace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipSpace()
            guard let range = skipString() else { return false }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            skipSpace()
            guard peek == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace()
            guard visit(key, &self) else { return false }
            skipSpace()
            guard let byte = peek else { return false }
            index += 1
            if byte == UInt8(ascii: "}") { return true }
            guard byte == UInt8(ascii: ",") else { return false }
        }
    }

    /// Visits each element of the array at the cursor; `visit` consumes it.
    mutating func elements(_ visit: (inout JSONSkim) -> Bool) -> Bool {
        skipSpace()
        guard peek == UInt8(ascii: "[") else { return false }
        index += 1
        skipSpace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            skipSpace()
            guard visit(&self) else { return false }
            skipSpace()
            guard let byte = peek else { return false }
            index += 1
            if byte == UInt8(ascii: "]") { return true }
            guard byte == UInt8(ascii: ",") else { return false }
        }
    }
}

extension Substring {
    fileprivate func trimmingSpace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
