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
    /// trace cannot be shown to be legacy, so they fail a whole-table audit like violations; they
    /// belong to no window, so a windowed audit reports them without failing on them.
    public var undated: TraceCount
    /// The optional columns the table has: the violation rows show only these.
    public var columns: JobColumns = .all
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?
    /// For `daily --days N`: the days asked for; `daily` may also hold later days with jobs.
    public var dailyDays: ClosedRange<Int64>? = nil
    /// The thresholds and the baseline that decide the verdict; by default zero violations.
    public var gate = AuditGate()

    /// True when no undated job without a trace exists (whole-table runs only), the freshness
    /// check (when asked for) holds, and the violations pass the gate: by default, when there is
    /// no violation at all.
    public var passed: Bool {
        switch decidedBy {
        case .policy, .baseline: return true
        case .undated, .freshness, .minCompliance: return false
        case .maxViolations: return newViolations <= gate.maxViolations
        }
    }
    /// Violations per job type, most first, each with the type's succeeded jobs since the cutoff
    /// in the window and the rate.
    public var byType: [TypeCompliance] = []
    /// The ids of undated succeeded jobs without a trace, at most `violationLimit`: SQLite lists
    /// the highest rowids first, PostgreSQL the highest ids first. nil for NULL ids.
    public var undatedIds: [String?] = []
    /// The newest succeeded job and `--max-age`/`--min-jobs`.
    public var freshness: Freshness
    /// With a window that starts after the cutoff (check, violations, daily): whether violations
    /// began before it, and the first of all; nil when not looked for.
    public var beforeWindow: BeforeWindow? = nil
    /// An e-mail report of check or daily: the last `AuditRequest.trendLength` UTC days, newest
    /// first, whatever the window; empty when not read.
    public var trend: [DailyCompliance] = []

    /// Whether undated jobs without a trace decide the verdict: only when the whole table is read.
    public var undatedDecidesVerdict: Bool { window.isOpen }

    /// True when more undated jobs without a trace exist than the ids listed.
    public var undatedTruncated: Bool { undatedIds.count < undated.missingTrace }

    /// True when more violations exist than the rows listed.
    public var truncated: Bool {
        guard let violationLimit else { return false }
        return violationLimit < violationCount
    }

    /// The number of violation rows listed.
    public var listedViolations: Int { min(violationCount, violationLimit ?? violationCount) }
}
