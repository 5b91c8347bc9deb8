/// The options of `readiness`.
public struct ReadinessOptions: Hashable, Sendable {
    public var database: DatabaseOptions
    /// The policy; readiness always reads the whole table, so the window stays open.
    public var request = AuditRequest()
    public var destination = ReportDestination()
    /// Log files (`--logs`, `-` for standard input) whose POLICY_VIOLATION entries also break days.
    public var logFiles: [String] = []
    /// The complete days required clean (`--days`, default 7).
    public var readinessDays = 7
    /// A `--logs` input with no log records passes (`--allow-empty`); by default it cannot be checked.
    public var allowEmpty = false
    /// Days without succeeded jobs are not clean (`--require-traffic`).
    public var requireTraffic = false
    /// Print nothing when ready (`--quiet`).
    public var quiet = false
    /// Exit 0 even when not ready (`--warn-only`).
    public var warnOnly = false

    public init(database: DatabaseOptions) {
        self.database = database
    }
}
