/// What `logs --supabase` asks the Supabase Management API, as its documentation describes it
/// (docs/logs-supabase.md cites each fact): `GET /v1/projects/{ref}/analytics/endpoints/logs.all`
/// with `sql`, `iso_timestamp_start` and `iso_timestamp_end`, a range of at most 24 hours that the
/// API rounds to the minute, at most 1000 rows a query; the answer `{"result": [...], "error": …}`.
enum SupabaseLogQuery {
    /// The most rows one query returns (the endpoint's `max_limit`); a window that returns this
    /// many may hold more, so it is split.
    static let rowLimit = 1000
    /// The longest range one query may cover.
    static let longestWindow: Int64 = 24 * 3600 * 1_000_000
    static let minute: Int64 = 60 * 1_000_000

    /// The markers selected: the policy's violation and its known causes, for the likely-cause lines.
    static let markers = ["POLICY_VIOLATION", "ownership_lost", "trace_id_update_failed"]

    /// The query for one function's records that carry a marker, oldest first (BigQuery dialect,
    /// the `function_logs` source, `metadata` unnested to filter on the function's id). The
    /// columns are those of Studio's JSON download, which the log reader reads.
    static func sql(functionID: String) -> String {
        let id = functionID.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let matches = markers.map { "regexp_contains(event_message, '\($0)')" }.joined(separator: " or ")
        return """
            select id, timestamp, event_message, metadata
            from function_logs
            cross join unnest(metadata) as m
            where m.function_id = '\(id)'
              and (\(matches))
            order by timestamp asc
            limit \(rowLimit)
            """
    }

    /// The query that tells whether the log store still holds anything of the function in a
    /// window: how many of its records (of any kind, not only the markers) and the oldest one's
    /// time. One row, `records` 0 and `first` null when there are none. Its answers make the
    /// fetch's coverage (`LogCoverage.fetched`): a window past the plan's log retention answers
    /// the marker query with nothing, exactly as a quiet one does.
    static func firstRecordSQL(functionID: String) -> String {
        let id = functionID.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return """
            select count(*) as records, min(timestamp) as first
            from function_logs
            cross join unnest(metadata) as m
            where m.function_id = '\(id)'
            """
    }

    /// A span of whole minutes cut at each UTC midnight, oldest first: the parts whose records
    /// `firstRecordSQL` counts, so that each day's evidence is its own.
    static func dayParts(_ span: TimeWindow) -> [TimeWindow] {
        guard let start = span.since, let end = span.until else { return [] }
        var parts: [TimeWindow] = []
        var from = start
        while from < end {
            let to = min(UTCDay(number: from.day.number + 1).start, end)
            parts.append(TimeWindow(since: from, until: to))
            from = to
        }
        return parts
    }

    /// The span fetched for `window`: its bounds widened to whole minutes (the API rounds its
    /// bounds to the minute), the 24 hours before `now` for a side left open.
    static func span(_ window: TimeWindow, now: Instant) -> TimeWindow {
        let until = window.until ?? now
        let since = window.since ?? Instant(microseconds: until.microseconds - longestWindow) ?? until
        let start = floor(since.microseconds)
        let end = max(ceil(until.microseconds), start + minute)
        return TimeWindow(since: Instant(microseconds: start), until: Instant(microseconds: end))
    }

    /// A span of whole minutes (`span(_:now:)`) cut into windows of at most 24 hours, oldest first.
    static func windows(_ span: TimeWindow) -> [TimeWindow] {
        guard let start = span.since?.microseconds, let end = span.until?.microseconds else { return [] }
        var windows: [TimeWindow] = []
        var from = start
        while from < end {
            let to = min(from + longestWindow, end)
            windows.append(TimeWindow(since: Instant(microseconds: from), until: Instant(microseconds: to)))
            from = to
        }
        return windows
    }

    /// A window cut in two at a whole minute; nil for a window of one minute.
    static func halves(_ window: TimeWindow) -> (TimeWindow, TimeWindow)? {
        guard let since = window.since?.microseconds, let until = window.until?.microseconds, until - since >= 2 * minute else { return nil }
        let middle = floor(since + (until - since) / 2)
        let cut = Instant(microseconds: middle)
        return (TimeWindow(since: window.since, until: cut), TimeWindow(since: cut, until: window.until))
    }

    /// An instant as the API takes it: `2026-02-07T11:00:00Z` (whole minutes here).
    static func iso(_ instant: Instant?) -> String { instant?.description ?? "" }

    /// The request for one window.
    static func url(base: String, project: String, sql: String, window: TimeWindow) -> String {
        base + "/v1/projects/\(percentEncoded(project))/analytics/endpoints/logs.all?sql=\(percentEncoded(sql))"
            + "&iso_timestamp_start=\(percentEncoded(iso(window.since)))&iso_timestamp_end=\(percentEncoded(iso(window.until)))"
    }

    /// The request that finds a function's id from its slug: `GET /v1/projects/{ref}/functions/{slug}`.
    static func functionURL(base: String, project: String, function: String) -> String {
        base + "/v1/projects/\(percentEncoded(project))/functions/\(percentEncoded(function))"
    }

    /// `text` with every byte but RFC 3986's unreserved characters percent-encoded.
    static func percentEncoded(_ text: String) -> String { Redaction.percentEncoded(text) }

    private static func floor(_ microseconds: Int64) -> Int64 {
        microseconds - ((microseconds % minute) + minute) % minute
    }

    private static func ceil(_ microseconds: Int64) -> Int64 {
        let down = floor(microseconds)
        return down == microseconds ? down : down + minute
    }
}
