/// The options of `logs`.
public struct LogsOptions: Hashable, Sendable {
    /// The logs to read; `logs.logFiles` is empty only with `supabase`.
    public var logs: LogsRequest
    /// `--supabase REF`: the logs are fetched from the Supabase Management API (`logFiles` is empty).
    public var supabase: SupabaseSource?
    /// The table to cross-check the logs with: only with `--db`.
    public var database: DatabaseOptions?
    /// The request's window bounds the entries; its limit is how many entries to list.
    public var report = ReportOptions()

    public init(logFiles: [String], database: DatabaseOptions?) {
        logs = LogsRequest(logFiles: logFiles)
        self.database = database
    }
}
