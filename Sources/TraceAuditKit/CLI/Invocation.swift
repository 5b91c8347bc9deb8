/// What one command line asks traceaudit to do.
public enum Invocation: Hashable, Sendable {
    /// Run an audit.
    case audit(AuditOptions)
    /// Print the SQL an audit would run, without connecting (`traceaudit sql`).
    case showSQL(AuditOptions)
    /// Print help, for the whole tool or one topic (a command, or `sql`).
    case help(topic: String?)
    /// Print the version.
    case version
}

/// The settings of one audit run.
public struct AuditOptions: Hashable, Sendable {
    /// The subcommand.
    public var command: AuditCommand = .check
    /// The database to read; nil only for `logs` without `--db`.
    public var target: DatabaseTarget?
    /// The report's format.
    public var format: OutputFormat = .table
    /// The policy, the window and how many violation rows to bring back.
    public var request = AuditRequest()
    /// The longest a PostgreSQL statement may run, in milliseconds (`--timeout`, default 300 s).
    public var timeoutMilliseconds = 300_000
    /// Write the report to this file atomically instead of standard output (`--output`).
    public var outputPath: String?
    /// Print nothing when the audit passes (`--quiet`).
    public var quiet = false
    /// Exit 0 even when violations are found (`--warn-only`); a failure to check still exits 3.
    public var warnOnly = false
    /// Log files (`-` for standard input) for `logs`, or `readiness --logs`.
    public var logFiles: [String] = []
    /// `--allow-empty`: a log input with no records is not a failure to check.
    public var allowEmpty = false
    /// `readiness --days N`: the complete days required clean.
    public var readinessDays = 7
    /// `readiness --require-traffic`: days without succeeded jobs are not clean.
    public var requireTraffic = false

    /// Options with every default but the target.
    public init(target: DatabaseTarget?) {
        self.target = target
    }
}
