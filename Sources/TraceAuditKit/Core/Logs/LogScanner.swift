/// Reads log inputs record by record into `LogFindings`.
enum LogScanner {
    /// Scans every input in order, handing each entry that counts to `each` as it is read. An
    /// input that gives no record at all fails the scan (an empty pipe is more often a failed
    /// command than a quiet system) unless `allowEmpty`.
    /// `paths` reads an input named in `names` from another file (`logs --supabase`'s fetched records).
    static func scan(
        _ names: [String], paths: [String: String] = [:], allowEmpty: Bool = false, into findings: inout LogFindings,
        each: ((LoggedViolation) throws -> Void)? = nil
    ) throws(TraceAuditError) {
        for name in names {
            let input = try LogInput(name, path: paths[name])
            let before = findings.records
            do {
                var assembler = RecordAssembler()
                var causes = LikelyCauses()
                func handle(_ line: RecordAssembler.Line) throws {
                    if findings.records & 0x3FFF == 0 { try Interruption.shared.check() }
                    var (reading, timestamp) = read(line)
                    switch reading {
                    case .violation(var entry):
                        entry.likelyCause = causes.cause(for: entry, number: findings.records)
                        reading = .violation(entry)
                    case .other: causes.note(line.bytes, at: line.position, number: findings.records)
                    case .unreadable: break
                    }
                    if let entry = findings.add(reading, at: line.position, timestamp: timestamp) { try each?(entry) }
                }
                try LogRecords.read(input) { position, record in try assembler.take(position, record, handle) }
                try assembler.finish(handle)
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

    /// A line's reading and its time (the same instant its entry carries, when it is one).
    static func read(_ line: RecordAssembler.Line) -> (LoggedViolation.Reading, Instant?) {
        if line.isCut {
            let timestamp = LogTimestamp.sniff(line.bytes) ?? line.time
            guard line.cutHoldsMarker else { return (.unreadable, timestamp) }
            var entry = LoggedViolation(source: line.position.input, line: line.position.line)
            entry.readable = false
            entry.loggedAt = timestamp
            entry.index = line.position.index
            entry.origin = line.origin
            return (.violation(entry), timestamp)
        }
        let reading = reading(line.bytes, line.position)
        guard case .violation(var entry) = reading else { return (reading, LogTimestamp.sniff(line.bytes) ?? line.time) }
        entry.loggedAt = entry.loggedAt ?? line.time
        entry.index = line.position.index
        entry.origin = line.origin
        return (.violation(entry), entry.loggedAt)
    }

    /// A record's reading, with the fast path for the lines that matter least: a record without
    /// the marker is another log line, unless it is JSON that was cut off.
    static func reading(_ bytes: UnsafeBufferPointer<UInt8>, _ position: LogRecords.Position) -> LoggedViolation.Reading {
        if LoggedViolation.find(LoggedViolation.marker, in: bytes, from: 0) == nil {
            var first = 0
            while first < bytes.count, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            var last = bytes.count - 1
            while last > first, bytes[last] == 0x20 || bytes[last] == 0x09 || bytes[last] == 0x0D || bytes[last] == 0x0A { last -= 1 }
            let cutJSON = first < bytes.count && bytes[first] == UInt8(ascii: "{") && bytes[last] != UInt8(ascii: "}")
            return cutJSON ? .unreadable : .other
        }
        return .violation(LoggedViolation.read(bytes, source: position.input, line: position.line))
    }
}
