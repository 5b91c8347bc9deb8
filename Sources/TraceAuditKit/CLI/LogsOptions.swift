/// The options of `logs`.
public struct LogsOptions: Hashable, Sendable {
    /// The log files, `-` for standard input; empty only with `supabase`.
    public var logFiles: [String]
    /// The file each of `logFiles` is read from, when it is not the name itself (the fetched
    /// records of `--supabase`, shown as `supabase:REF/FUNCTION`).
    public var logPaths: [String: String] = [:]
    /// `--supabase REF`: the logs are fetched from the Supabase Management API (`logFiles` is empty).
    public var supabase: SupabaseSource?
    /// The table to cross-check the logs with: only with `--db`.
    public var database: DatabaseOptions?
    /// The policy, the window the entries are bounded by, and how many entries to list.
    public var request = AuditRequest()
    public var destination = ReportDestination()
    /// Print nothing when the check passes (`--quiet`).
    public var quiet = false
    /// Exit 0 even when violations are found (`--warn-only`).
    public var warnOnly = false
    /// An input with no log records passes (`--allow-empty`); by default it cannot be checked.
    public var allowEmpty = false

    public init(logFiles: [String], database: DatabaseOptions?) {
        self.logFiles = logFiles
        self.database = database
    }
}
