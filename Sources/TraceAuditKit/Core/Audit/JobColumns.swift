/// The columns of `executor_jobs` that reports show when the table has them (and the audit's role
/// may read them); the policy needs none of them. A report leaves out a column the table lacks:
/// null in JSON, no column in tables.
public struct JobColumns: Hashable, Sendable {
    /// `updated_at`: when the job last changed.
    public var updatedAt: Bool
    /// `correlation_id`: the key to the job's logs.
    public var correlationId: Bool

    public init(updatedAt: Bool, correlationId: Bool) {
        self.updatedAt = updatedAt
        self.correlationId = correlationId
    }

    /// Both columns, as `traceaudit sql` lists the statements before any table is seen.
    public static let all = JobColumns(updatedAt: true, correlationId: true)

    /// The columns every check needs, in the order messages name them.
    static let required = ["id", "type", "status", "created_at", "trace_id"]

    /// The optional columns for which `present` holds.
    init(present: (String) -> Bool) {
        self.init(updatedAt: present("updated_at"), correlationId: present("correlation_id"))
    }
}
