/// What to audit and how much of it to bring back.
public struct AuditRequest: Hashable, Sendable {
    /// The policy: cutoff and table.
    public var policy: Policy
    /// The most violation rows to return, newest first; nil for all. The count is always exact.
    public var violationLimit: Int?

    /// A request; by default the policy's own values and 50 rows.
    public init(policy: Policy = Policy(), violationLimit: Int? = 50) {
        self.policy = policy
        self.violationLimit = violationLimit
    }
}

/// A database that can answer the policy's checks: a SQLite snapshot or a PostgreSQL server.
protocol AuditSource {
    /// Runs every check on one consistent read of the table.
    func audit(_ request: AuditRequest) throws(TraceAuditError) -> AuditReport
}

/// The columns of `executor_jobs` that the checks read.
let requiredColumns = ["id", "type", "status", "created_at", "updated_at", "trace_id", "correlation_id"]
