/// `logs --supabase`: the fetched records, kept in a private temporary file (a JSON array, the
/// shape of Studio's JSON download) that the log reader reads like any log file, and removed when
/// the run ends. The span the reader and the cross-check use is the span fetched; what the logs
/// cover is what the store returned (`SupabaseLogFetch.Fetched.coverage`).
final class SupabaseLogFile {
    let folder: String
    let path: String
    /// What was fetched.
    let fetched: SupabaseLogFetch.Fetched

    /// Fetches `source`'s records over `window` widened to whole minutes (the parser has done so
    /// already; an open side is the 24 hours before `now`).
    init(_ source: SupabaseSource, window: TimeWindow, environment: [String: String], now: Instant) throws(TraceAuditError) {
        let temporary = OS.temporaryFolder(environment)
        guard let folder = OS.makeTemporaryFolder(temporary + "/traceaudit-supabase-XXXXXX") else {
            throw .failed(.local(.outputFile, "cannot make a temporary folder in \(temporary) for the fetched logs: \(OS.lastErrorText); set TMPDIR"))
        }
        let path = folder + "/\(source.project)-\(source.function).json"
        self.folder = folder
        self.path = path
        let descriptor = OS.createExclusively(path, mode: 0o600)
        guard descriptor >= 0 else {
            OS.removeFolder(folder)
            throw .failed(.local(.outputFile, "cannot write the fetched logs to \(path): \(OS.lastErrorText)", target: path))
        }
        defer { OS.close(descriptor) }
        var client = HTTPClient(timeout: .milliseconds(source.timeoutMilliseconds), environment: environment)
        client.userAgent = "traceaudit (logs --supabase)"
        let fetch = SupabaseLogFetch(
            project: source.project, function: source.function, baseURL: source.baseURL,
            token: environment["SUPABASE_ACCESS_TOKEN"] ?? "", client: client)
        var first = true
        func write(_ text: String) throws(TraceAuditError) {
            guard Self.write(descriptor, text) else { throw .failed(.local(.outputFile, "cannot write the fetched logs to \(path): \(OS.lastErrorText)", target: path)) }
        }
        do {
            try write("[\n")
            let fetched = try fetch.fetch(SupabaseLogQuery.span(window, now: now)) { records throws(TraceAuditError) in
                for record in records {
                    var text = first ? "" : ",\n"
                    Self.serialize(record, into: &text)
                    try write(text)
                    first = false
                }
            }
            try write("\n]\n")
            self.fetched = fetched
        } catch {
            OS.remove(path)
            OS.removeFolder(folder)
            throw error
        }
    }

    deinit {
        OS.remove(path)
        OS.removeFolder(folder)
    }

    /// The options that read the fetched file, named `label`, over the fetched span. The
    /// cross-check searches that whole span, covered or not: a violation where the store returned
    /// nothing is "not covered by the logs" (it fails, never passes unseen), and the report says
    /// what the logs cover (`fetched.coverage`).
    func options(_ options: LogsOptions, label: String) -> LogsOptions {
        var reading = options
        reading.logs.logFiles = [label]
        reading.logs.logPaths = [label: path]
        reading.report.request.window = fetched.span
        // No record in the span is an answer here, not a failed command: the span was fetched whole.
        reading.logs.allowEmpty = true
        return reading
    }

    /// The fetched records as readiness' evidence: their POLICY_VIOLATION entries by day, read
    /// as `label`, and what the fetch covers: only the days the store returned records for.
    func readinessLogs(label: String) throws(TraceAuditError) -> ReadinessLogs {
        var findings = LogFindings(limit: 0, window: .all, collectsJobIds: false)
        // No record in the span is an answer here, not a failed command; the coverage says what it proves.
        try LogScanner.scan([label], paths: [label: path], allowEmpty: true, into: &findings)
        return ReadinessLogs(entriesByDay: findings.byDay, coverage: fetched.coverage)
    }

    /// A record as compact JSON (numbers as the API wrote them), for the log reader.
    static func serialize(_ node: JSONNode, into text: inout String) {
        switch node {
        case .object(let members):
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += "," }
                Escape.json(key, into: &text)
                text += ":"
                serialize(value, into: &text)
            }
            text += "}"
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "," }
                serialize(item, into: &text)
            }
            text += "]"
        case .string(let string): Escape.json(string, into: &text)
        case .number(let number): text += number
        case .bool(let flag): text += flag ? "true" : "false"
        case .null: text += "null"
        }
    }

    private static func write(_ descriptor: Int32, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = OS.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && OS.lastError == OS.interruptedCall { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
