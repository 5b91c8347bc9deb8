/// The options of the table's checks (check, violations, legacy, distribution, daily).
public struct TableCheckOptions: Hashable, Sendable {
    public var check: TableCheck
    public var database: DatabaseOptions
    /// The policy, the window (with `daily --days`, the days), and how many violation rows to list.
    public var request = AuditRequest()
    public var destination = ReportDestination()
    /// Print nothing when the audit passes (`--quiet`).
    public var quiet = false
    /// Exit 0 even when violations are found (`--warn-only`); a failure to check still exits 3.
    public var warnOnly = false
    /// The thresholds of a gradual rollout (`--max-violations`, `--min-compliance`).
    public var gate = AuditGate()
    /// Violations acknowledged when the gate was adopted (`--baseline FILE`), read when the run starts.
    public var baselinePath: String?

    public init(_ check: TableCheck, database: DatabaseOptions) {
        self.check = check
        self.database = database
    }
}
