/// Fetches one edge function's records that carry a marker from the Supabase Management API,
/// window by window (`SupabaseLogQuery`), with the personal access token as a bearer token. A
/// window that returns the row limit is split until none does; a window that still fails after the
/// client's retries ends the fetch (exit 3, naming the window). What the fetch covers comes from
/// the records the store still holds, day by day (`LogCoverage.fetched`), never from the span
/// asked for. The token appears in no message.
struct SupabaseLogFetch {
    /// The project's reference (`abcdefghijklmnopqrst`).
    var project: String
    /// The function's slug (`orchestrator`).
    var function: String
    /// The API's base URL, without a trailing slash (SUPABASE_API_URL, default https://api.supabase.com).
    var baseURL: String
    /// SUPABASE_ACCESS_TOKEN.
    var token: String
    var client: HTTPClient

    /// What was fetched: the span asked for (widened to whole minutes), the time the answers are
    /// evidence for, and how many windows and records it took.
    struct Fetched: Equatable {
        /// The span the windows asked for.
        var span: TimeWindow
        /// What the logs cover: the parts of the span in which the log store returned records of
        /// the function (`LogCoverage.fetched`), never the span itself.
        var coverage = LogCoverage([], source: .fetched)
        var windows = 0
        var records = 0
    }

    /// Fetches `span` (whole minutes: `SupabaseLogQuery.span`): first, for each UTC day of it, how
    /// much the store still holds of the function (the coverage), then the marker records window
    /// by window, handing each window's records (oldest first) to `records` as it arrives.
    func fetch(_ span: TimeWindow, records: ([JSONNode]) throws(TraceAuditError) -> Void) throws(TraceAuditError) -> Fetched {
        let functionID = try resolveFunction()
        var fetched = Fetched(span: span)
        let probe = SupabaseLogQuery.firstRecordSQL(functionID: functionID)
        var parts: [LogCoverage.FetchedPart] = []
        for part in SupabaseLogQuery.dayParts(span) {
            let first = try firstRecord(part, sql: probe)
            parts.append(LogCoverage.FetchedPart(window: part, firstRecord: first))
        }
        fetched.coverage = LogCoverage.fetched(parts)
        let sql = SupabaseLogQuery.sql(functionID: functionID)
        var pending = Array(SupabaseLogQuery.windows(span).reversed())
        while let window = pending.popLast() {
            let rows = try fetchWindow(window, sql: sql)
            if rows.count >= SupabaseLogQuery.rowLimit {
                guard let (first, second) = SupabaseLogQuery.halves(window) else {
                    throw .cannotCheck(
                        "\(describe(window)): one minute holds \(SupabaseLogQuery.rowLimit) or more matching records, the most one query returns, so some cannot be fetched; read a log drain instead")
                }
                pending.append(second)
                pending.append(first)
                continue
            }
            fetched.windows += 1
            fetched.records += rows.count
            try records(rows)
        }
        return fetched
    }

    /// The time of the oldest record of any kind the store holds of the function in `part`, nil
    /// when it holds none; an answer that cannot say is exit 3, never "none".
    func firstRecord(_ part: TimeWindow, sql: String) throws(TraceAuditError) -> Instant? {
        let rows = try fetchWindow(part, sql: sql)
        guard let row = rows.first else { return nil }
        let count: Int?
        switch row["records"] {
        case .number(let text)?, .string(let text)?: count = Int(text)
        default: count = nil
        }
        guard let count, count >= 0 else {
            throw .cannotCheck("could not tell how much \(describe(part)) hold: the API answered without a count of records")
        }
        guard count > 0 else { return nil }
        guard let first = row["first"].flatMap(LogTimestamp.instant) else {
            throw .cannotCheck("could not tell how much \(describe(part)) hold: the API answered \(count) records without the oldest one's time")
        }
        return first
    }

    /// The function's id, from its slug.
    func resolveFunction() throws(TraceAuditError) -> String {
        let request = HTTPRequest(url: SupabaseLogQuery.functionURL(base: baseURL, project: project, function: function), headers: headers)
        let response: HTTPResponse
        do {
            response = try client.send(request)
        } catch {
            if error.kind == .status && error.status == 404 {
                throw .cannotCheck("project \(project) has no edge function \(function) (\(request.host) answered HTTP 404); check --function and the project ref")
            }
            throw explained(error, doing: "could not look up edge function \(function) of project \(project)")
        }
        let body = response.body.withUnsafeBufferPointer { JSONNode.parse($0) }
        guard let id = body?["id"]?.text, !id.isEmpty else {
            throw .cannotCheck("could not look up edge function \(function) of project \(project): \(request.host) answered without the function's id")
        }
        return id
    }

    /// The records of one window, or why there are none.
    private func fetchWindow(_ window: TimeWindow, sql: String) throws(TraceAuditError) -> [JSONNode] {
        let request = HTTPRequest(url: SupabaseLogQuery.url(base: baseURL, project: project, sql: sql, window: window), headers: headers)
        let response: HTTPResponse
        do {
            response = try client.send(request)
        } catch {
            throw explained(error, doing: "could not fetch \(describe(window))")
        }
        guard let body = response.body.withUnsafeBufferPointer({ JSONNode.parse($0) }), case .array(let rows)? = body["result"] else {
            if let message = Self.errorMessage(response.body) {
                throw .cannotCheck("could not fetch \(describe(window)): the API answered an error: \(message)")
            }
            throw .cannotCheck("could not fetch \(describe(window)): \(request.host) answered something other than {\"result\": [...]}")
        }
        if let error = body["error"], error != .null {
            throw .cannotCheck("could not fetch \(describe(window)): the API answered an error: \(Self.errorMessage(response.body) ?? "(no message)")")
        }
        return rows
    }

    private var headers: [HTTPHeader] {
        [HTTPHeader("Authorization", "Bearer \(token)"), HTTPHeader("Accept", "application/json")]
    }

    /// `the orchestrator logs from … to …`.
    func describe(_ window: TimeWindow) -> String {
        "the \(function) logs from \(SupabaseLogQuery.iso(window.since)) to \(SupabaseLogQuery.iso(window.until))"
    }

    /// The failure as a person needs it: what the status means for this API, then the client's line.
    func explained(_ failure: HTTPFailure, doing what: String) -> TraceAuditError {
        guard case .status = failure.kind, let status = failure.status else {
            if case .interrupted = failure.kind { return failure.traceAuditError }
            return .cannotCheck("\(what): \(failure.message)")
        }
        let detail = failure.body.flatMap(Self.errorMessage).map { ": \($0)" } ?? ""
        switch status {
        case 401:
            return .cannotCheck(
                "\(what): \(failure.host) refused SUPABASE_ACCESS_TOKEN (HTTP 401)\(detail); create a personal access token at https://supabase.com/dashboard/account/tokens")
        case 403:
            return .cannotCheck(
                "\(what): the token may not do this (HTTP 403)\(detail); it needs the project's analytics logs (analytics_logs_read) and edge functions (edge_functions_read)")
        default:
            return .cannotCheck("\(what): \(failure.message)\(detail)")
        }
    }

    /// The message of an error body (`{"message": …}`, `{"error": "…"}` or `{"error": {"message": …}}`),
    /// one line of at most 200 printable characters; nil when there is none.
    static func errorMessage(_ body: [UInt8]) -> String? {
        guard let node = body.withUnsafeBufferPointer({ JSONNode.parse($0) }) else { return nil }
        let text = node["message"]?.text ?? node["error"]?.text ?? node["error"]?["message"]?.text ?? node["msg"]?.text
        guard let text else { return nil }
        let line = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) }).prefix(200)
        return line.isEmpty ? nil : String(line)
    }
}
