extension QueryPlan {
    /// The policy's own checks as a reader of the policy expects them, for `traceaudit sql --policy`:
    /// Test 1 (the violations), Test 2 (the legacy count), Test 3 (the distribution), the daily
    /// compliance per UTC day, then the undated jobs no other query holds. Each is one read-only
    /// statement whose one parameter is the cutoff; none runs in an audit, which reads the table
    /// once (see `AuditPlan`), but each counts what the audit counts.
    ///
    /// PostgreSQL: the cutoff as ISO 8601 with `Z`, which a `timestamptz` reads as that instant and
    /// a `timestamp` as that UTC wall-clock time. SQLite: the cutoff as the UTC text that
    /// `policy-jobs.sql` makes of every created_at, so that text order is time order.
    static func policy(_ policy: Policy, _ dialect: Dialect) -> [PlannedStatement] {
        let queries: [Query]
        let cutoff: SQLValue
        switch dialect {
        case .sqlite:
            queries = [Query.SQLite.policyViolations, Query.SQLite.policyLegacy, Query.SQLite.policyDistribution, Query.SQLite.policyDaily, Query.SQLite.policyUndated]
            cutoff = .text(policy.cutoff.sqlTimestamp)
        case .postgresql:
            queries = [
                Query.PostgreSQL.policyViolations, Query.PostgreSQL.policyLegacy, Query.PostgreSQL.policyDistribution, Query.PostgreSQL.policyDaily,
                Query.PostgreSQL.policyUndated,
            ]
            cutoff = .text(policy.cutoff.description)
        }
        return queries.map { PlannedStatement($0, table: policy.table, [cutoff]) }
    }

    /// `{{policy_jobs}}`: the statement of `Queries/sqlite/policy-jobs.sql` without its comment,
    /// indented under the `WITH` that names it.
    static let policyJobs: String = {
        let lines = Query.SQLite.policyJobs.text.split(separator: "\n").filter { !$0.hasPrefix("--") }
        return "\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n"
    }()
}
