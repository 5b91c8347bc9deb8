/// What an audit found: the policy's checks, computed from one consistent read of the table.
///
/// Findings are a normal result, not an error: a report with violations is still a successful
/// audit, and `passed` says whether the policy holds.
public struct AuditReport: Hashable, Sendable {
    /// The policy audited.
    public var policy: Policy
    /// Exact number of violations: succeeded jobs on or after the cutoff without a trace.
    public var violationCount: Int
    /// The newest violations, newest first, at most the requested limit.
    public var violations: [Violation]
    /// Succeeded jobs before the cutoff (legacy), by trace presence; missing traces are tolerated.
    public var legacy: TraceCount
    /// Succeeded jobs on or after the cutoff, by trace presence.
    public var distribution: TraceCount
    /// Post-cutoff succeeded jobs per UTC day, newest day first.
    public var daily: [DailyCompliance]
    /// Succeeded jobs whose created_at is NULL or unreadable, by trace presence. Those without a
    /// trace cannot be shown to be legacy, so they fail the audit like violations.
    public var undated: TraceCount

    /// True when no violation and no undated job without a trace exists.
    public var passed: Bool { violationCount == 0 && undated.missingTrace == 0 }

    /// True when more violations exist than `violations` lists.
    public var truncated: Bool { violations.count < violationCount }
}
