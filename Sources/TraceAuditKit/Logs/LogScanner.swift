/// Reads log inputs record by record into `LogFindings`.
enum LogScanner {
    /// Scans every input in order. An input that gives no record at all fails the scan (an empty
    /// pipe is more often a failed command than a quiet system) unless `allowEmpty`.
    static func scan(_ names: [String], allowEmpty: Bool = false, into findings: inout LogFindings) throws(TraceAuditError) {
        for name in names {
            let input = try LogInput(name)
            let before = findings.records
            do {
                try LogRecords.read(input) { position, record in
                    if findings.records & 0x3FFF == 0 { try Interruption.shared.check() }
                    guard !record.isCut else {
                        let timestamp = LogTimestamp.sniff(record.bytes)
                        return findings.add(record.cutHoldsMarker ? .violation(cutEntry(timestamp, position)) : .unreadable, at: position,
                            timestamp: timestamp)
                    }
                    let read = reading(record.bytes, position)
                    if case .violation(let entry) = read { return findings.add(read, at: position, timestamp: entry.loggedAt) }
                    findings.add(read, at: position, timestamp: LogTimestamp.sniff(record.bytes))
                }
            } catch let error as TraceAuditError {
                throw error
            } catch {
                throw .cannotCheck("cannot read log \(name): \(error)")
            }
            if findings.records == before && !allowEmpty {
                throw .cannotCheck(
                    "no log records read from \(name); an empty log proves nothing (did the command writing it fail?); give --allow-empty if it may be empty")
            }
        }
        findings.close()
    }

    /// The entry for a record too long to read whose bytes hold the marker: it counts, unreadable.
    static func cutEntry(_ loggedAt: Instant?, _ position: LogRecords.Position) -> LoggedViolation {
        var entry = LoggedViolation(source: position.input, line: position.line)
        entry.readable = false
        entry.loggedAt = loggedAt
        return entry
    }

    /// A record's reading, with the fast path for the lines that matter least: a record without
    /// the marker is another log line, unless it is JSON that was cut off.
    static func reading(_ bytes: UnsafeBufferPointer<UInt8>, _ position: LogRecords.Position) -> LoggedViolation.Reading {
        if LoggedViolation.find(LoggedViolation.marker, in: bytes, from: 0) == nil {
            var first = 0
            while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            var last = bytes.count - 1
            while last > first, bytes[last] == 0x20 || bytes[last] == 0x09 || bytes[last] == 0x0D { last -= 1 }
            let cutJSON = first < bytes.count && bytes[first] == UInt8(ascii: "{") && bytes[last] != UInt8(ascii: "}")
            return cutJSON ? .unreadable : .other
        }
        return .violation(LoggedViolation.read(bytes, source: position.input, line: position.line))
    }
}
