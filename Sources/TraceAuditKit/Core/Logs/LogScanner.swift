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
        for name in names { try scan(LogInput(name, path: paths[name]), allowEmpty: allowEmpty, into: &findings, each: each) }
        findings.close()
    }

    /// Scans inputs already open (bytes in memory, say); see `scan(_:allowEmpty:into:each:)`.
    static func scan(
        _ inputs: [LogInput], allowEmpty: Bool = false, into findings: inout LogFindings, each: ((LoggedViolation) throws -> Void)? = nil
    ) throws(TraceAuditError) {
        for input in inputs { try scan(input, allowEmpty: allowEmpty, into: &findings, each: each) }
        findings.close()
    }

    /// Reads one response body of the Supabase Management API's logs endpoint
    /// (`GET /v1/projects/{ref}/analytics/endpoints/logs.all`: `{"result": [ … ], "error": null}`)
    /// into `findings`, each row a record; `window` names the request, for messages. A body that
    /// is not such a response, or that reports an error, fails; an empty `result` is no failure.
    /// Call `findings.close()` once every body is read.
    static func readManagementAPIResponse(
        _ body: [UInt8], window: String, into findings: inout LogFindings, each: ((LoggedViolation) throws -> Void)? = nil
    ) throws(TraceAuditError) {
        let isResponse = body.withUnsafeBufferPointer { bytes -> Bool in
            var skimmer = JSONSkimmer(bytes: bytes)
            let members = skimmer.members()
            return skimmer.complete && members.contains { member in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[member.key]), as: UTF8.self) == "result"
                    && (bytes[member.value.lowerBound] == UInt8(ascii: "[") || bytes[member.value.lowerBound] == UInt8(ascii: "n"))
            }
        }
        guard isResponse else {
            throw .failed(.local(.logInput, "the Management API's answer for \(window) is not a logs response ({\"result\": [...]}): \(String(decoding: body.prefix(200), as: UTF8.self))"))
        }
        try scan(LogInput(name: window, bytes: body), allowEmpty: true, into: &findings, each: each)
    }

    /// Reads one input into `findings`: each entry waits up to `PendingEntries.lookAhead` records
    /// for a cause logged after it, then counts and goes to `each`.
    private static func scan(
        _ input: LogInput, allowEmpty: Bool, into findings: inout LogFindings, each: ((LoggedViolation) throws -> Void)?
    ) throws(TraceAuditError) {
        let name = input.name
        let before = findings.records
        do {
            var assembler = RecordAssembler()
            var causes = LikelyCauses()
            var pending = PendingEntries()
            func counted(_ entry: LoggedViolation) throws {
                if let entry = findings.add(entry) { try each?(entry) }
            }
            func handle(_ line: RecordAssembler.Line) throws {
                if findings.records & 0x3FFF == 0 { try Interruption.shared.check() }
                let number = findings.records
                let (reading, timestamp) = read(line)
                findings.noteRecord(timestamp: timestamp, input: line.position.input)
                switch reading {
                case .violation(var entry):
                    if !entry.readable && (entry.when.map(findings.window.contains) ?? true) { findings.noteUnreadable(line.position) }
                    entry.likelyCause = causes.cause(for: entry, number: number)
                    pending.append(entry, record: number)
                case .other:
                    if let noted = causes.note(line.bytes, at: line.position, number: number, time: timestamp) { pending.attach(noted) }
                case .unreadable: findings.noteUnreadable(line.position)
                }
                try pending.release(by: number, counted)
            }
            try LogRecords.read(input) { position, record in try assembler.take(position, record, handle) }
            try assembler.finish(handle)
            try pending.release(by: nil, counted)
        } catch let error as TraceAuditError {
            throw error
        } catch let interrupted as Interrupted {
            throw TraceAuditError(interrupted)
        } catch {
            throw .failed(.local(.logInput, "cannot read log \(name): \(error)", target: name))
        }
        if findings.records == before && !allowEmpty {
            throw .failed(.local(.logInput,
                "no log records read from \(name); an empty log proves nothing (did the command writing it fail?); give --allow-empty if it may be empty", target: name))
        }
    }

    /// A line's reading and its log time (the same instant its entry carries, when it is one): the
    /// envelope's, else the record's own (see `LoggedViolation.read`), never a job's field.
    static func read(_ line: RecordAssembler.Line) -> (LoggedViolation.Reading, Instant?) {
        if line.isCut {
            let timestamp = line.time ?? LogTimestamp.sniff(line.bytes)
            guard line.cutHoldsMarker else { return (.unreadable, timestamp) }
            var entry = LoggedViolation(source: line.position.input, line: line.position.line)
            entry.readable = false
            entry.loggedAt = timestamp
            entry.index = line.position.index
            entry.origin = line.origin
            return (.violation(entry), timestamp)
        }
        let reading = reading(line.bytes, line.position)
        guard case .violation(var entry) = reading else { return (reading, line.time ?? LogTimestamp.sniff(line.bytes)) }
        // The envelope's time (kubectl, the container runtime) is when the line was logged,
        // whatever the application's own fields say.
        entry.loggedAt = line.time ?? entry.loggedAt
        entry.index = line.position.index
        entry.origin = line.origin
        return (.violation(entry), entry.loggedAt)
    }

    /// A record's reading, with the fast path for the lines that matter least: a record without
    /// the marker is another log line, unless it is JSON that was cut off.
    static func reading(_ bytes: UnsafeBufferPointer<UInt8>, _ position: LogRecords.Position) -> LoggedViolation.Reading {
        if LoggedViolation.find(LoggedViolation.marker, in: bytes, from: 0) == nil && !LoggedViolation.holdsEscapedMarker(bytes) {
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
