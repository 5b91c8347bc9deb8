/// What the `logs` check reads besides the policy and window of its `AuditRequest`.
public struct LogsRequest: Hashable, Sendable {
    /// The log files, `-` for standard input.
    public var logFiles: [String]
    /// The file each of `logFiles` is read from, when it is not the name itself (the fetched
    /// records of `--supabase`, shown as `supabase:REF/FUNCTION`).
    public var logPaths: [String: String] = [:]
    /// An input with no log records passes (`--allow-empty`); by default it cannot be checked.
    public var allowEmpty = false

    public init(logFiles: [String]) {
        self.logFiles = logFiles
    }
}
