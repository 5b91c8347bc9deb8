/// What to audit and how much of it to bring back.
public struct AuditRequest: Hashable, Sendable {
    /// The policy: cutoff and table.
    public var policy: Policy
    /// The span of created_at looked at.
    public var window: TimeWindow
    /// The most violation rows to return, newest first; nil for all. The count is always exact.
    public var violationLimit: Int?
    /// For `daily --days N`: the days to list, with zero for days without jobs.
    public var dailyDays: ClosedRange<Int64>?

    /// A request; by default the policy's own values, the whole table and 50 rows.
    public init(policy: Policy = Policy(), window: TimeWindow = .all, violationLimit: Int? = 50) {
        self.policy = policy
        self.window = window
        self.violationLimit = violationLimit
    }

    /// The earliest created_at a violation can have: the cutoff, or the window's start if later.
    var violationsSince: Instant {
        max(policy.cutoff, window.since ?? policy.cutoff)
    }
}

/// A database that can answer the policy's checks: a SQLite snapshot or a PostgreSQL server.
///
/// The driver (`Auditor`) calls `scan` and `violations` inside `withSnapshot`, so that every number
/// comes from one consistent read.
protocol AuditSource {
    /// What to call the target in reports and messages, never with a password.
    var display: String { get }
    /// The dialect of its SQL.
    var dialect: Dialect { get }
    /// Checks that `table` has the columns the audit reads, opens one consistent read, runs `body`
    /// in it and ends it. Engine failures come out as `TraceAuditError.cannotCheck`.
    func withSnapshot<T>(of table: TableName, _ body: () throws -> T) throws(TraceAuditError) -> T
    /// The single scan: everything but the violation rows. With `violationsOnly`, only the jobs
    /// whose trace is missing are read (legacy, distribution and daily then stay empty).
    func scan(_ request: AuditRequest, violationsOnly: Bool) throws -> AuditTally
    /// The violation rows, newest first, at most `limit`, handed over one at a time. `tally` is
    /// what `scan` returned, in case the engine found the rows during it.
    func violations(_ request: AuditRequest, limit: Int?, after tally: AuditTally, each: (Violation) throws -> Void) throws
    /// The jobs with these ids (as text), in any order; ids not in the table are not handed over.
    func jobs(_ ids: [String], table: TableName, each: (FoundJob) throws -> Void) throws
    /// The table's size, indexes and the engine's plans for the checks, for `doctor`.
    func doctor(_ request: AuditRequest, now: Instant) throws(TraceAuditError) -> DoctorReport
}

extension AuditRequest {
    /// The checks `doctor` plans: every check, the last day, and the violations check.
    func doctorPlans(now: Instant) -> [(check: String, request: AuditRequest, violationsOnly: Bool)] {
        var lastDay = self
        lastDay.window = TimeWindow(since: now.adding(microseconds: -Instant.microsecondsPerDay))
        var whole = self
        whole.window = .all
        return [("check (every check)", whole, false), ("check --since 1d", lastDay, false), ("violations", whole, true)]
    }
}

/// A job looked up by id for the log cross-check.
struct FoundJob {
    var id: String
    var status: String?
    var missingTrace: Bool
    var createdAt: Instant?
}

/// The columns of `executor_jobs` that the checks read.
let requiredColumns = ["id", "type", "status", "created_at", "updated_at", "trace_id", "correlation_id"]
