/// Reads log inputs record by record into `LogFindings`.
enum LogScanner {
    /// Scans every input in order.
    static func scan(_ names: [String], into findings: inout LogFindings) throws(TraceAuditError) {
        for name in names {
            let input = try LogInput(name)
            do {
                try LogRecords.read(input) { position, bytes in
                    if findings.records & 0x3FFF == 0 { try Interruption.shared.check() }
                    guard let bytes else { return findings.addOverlong(at: position) }
                    findings.add(reading(bytes, position), at: position, timestamp: LogTimestamp.sniff(bytes))
                }
            } catch let error as TraceAuditError {
                throw error
            } catch {
                throw .cannotCheck("cannot read log \(name): \(error)")
            }
        }
        findings.close()
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
