/// The trace-ID policy being audited: which jobs must carry a trace, from when, in which table.
///
/// A job must have a trace when it reached `status = 'succeeded'` and its `created_at` is on or after
/// `cutoff` (a job exactly at the cutoff is covered). A trace is missing when `trace_id` is NULL or
/// the empty string, as the orchestrator's `!trace_id` treats both.
public struct Policy: Hashable, Sendable {
    /// The first instant the policy covers; earlier jobs are legacy.
    public var cutoff: Instant
    /// The table of jobs.
    public var table: TableName
    /// The status whose jobs must carry a trace.
    public let succeededStatus = "succeeded"

    /// The policy's default cutoff, 2026-02-01T00:00:00Z.
    public static let defaultCutoff = Instant(year: 2026, month: 2, day: 1)!

    /// A policy; the defaults are the orchestrator's own.
    public init(cutoff: Instant = Policy.defaultCutoff, table: TableName = .executorJobs) {
        self.cutoff = cutoff
        self.table = table
    }
}
