/// The options of the table's checks (check, violations, legacy, distribution, daily).
public struct TableCheckOptions: Hashable, Sendable {
    public var check: TableCheck
    public var database: DatabaseOptions
    public var report = ReportOptions()
    /// The thresholds of a gradual rollout (`--max-violations`, `--min-compliance`).
    public var gate = AuditGate()
    /// Violations acknowledged when the gate was adopted (`--baseline FILE`), read when the run starts.
    public var baselinePath: String?

    public init(_ check: TableCheck, database: DatabaseOptions) {
        self.check = check
        self.database = database
    }
}
