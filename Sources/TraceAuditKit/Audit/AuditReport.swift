/// What an audit found: the policy's checks, computed from one consistent read of the table.
///
/// Findings are a normal result, not an error: a report with violations is still a successful
/// audit, and `passed` says whether the policy holds. Which sections were computed depends on the
/// command (`sections`); the verdict is always computed.
public struct AuditReport: Hashable, Sendable {
    /// The policy audited.
    public var policy: Policy
    /// The span of created_at looked at.
    public var window: TimeWindow
    /// The command that made the report.
    public var command: AuditCommand
    /// Exact number of violations: succeeded jobs on or after the cutoff without a trace.
    public var violationCount: Int
    /// Which types and when, for the violations counted.
    public var diagnosis: ViolationDiagnosis
    /// How many rows were asked for; nil for all.
    public var violationLimit: Int?
    /// Succeeded jobs before the cutoff (legacy), by trace presence; missing traces are tolerated.
    public var legacy: TraceCount
    /// Succeeded jobs on or after the cutoff, by trace presence.
    public var distribution: TraceCount
    /// Post-cutoff succeeded jobs per UTC day, newest day first.
    public var daily: [DailyCompliance]
    /// Succeeded jobs whose created_at is NULL or unreadable, by trace presence. Those without a
    /// trace cannot be shown to be legacy, so they fail the audit like violations.
    public var undated: TraceCount
    /// The optional columns the table has: the violation rows show only these.
    public var columns: JobColumns = .all
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?
    /// For `daily --days N`: the days asked for; `daily` may also hold later days with jobs.
    public var dailyDays: ClosedRange<Int64>? = nil
    /// The thresholds and the baseline that decide the verdict; by default zero violations.
    public var gate = AuditGate()

    /// True when no undated job without a trace exists and the violations pass the gate: by
    /// default, when there is no violation at all.
    public var passed: Bool {
        switch decidedBy {
        case .policy, .baseline: return true
        case .undated, .minCompliance: return false
        case .maxViolations: return newViolations <= gate.maxViolations
        }
    }

    /// True when more violations exist than the rows listed.
    public var truncated: Bool {
        guard let violationLimit else { return false }
        return violationLimit < violationCount
    }

    /// The number of violation rows listed.
    public var listedViolations: Int { min(violationCount, violationLimit ?? violationCount) }
}
