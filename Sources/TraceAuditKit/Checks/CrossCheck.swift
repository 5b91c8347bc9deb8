/// The logs checked against the table: what became of each logged job, and the violations in the
/// table that no log entry in the span the logs cover mentions: "not found in the logs"
/// (unlogged), because a path skipped the runtime check or because the platform dropped or cut the
/// line (`PlatformLogLimits`), or "not matched" when an entry without a job id, logged near when
/// the job succeeded, may be the one. A violation that succeeded where no log covers (between two
/// inputs, or where a fetch returned nothing: `LogCoverage`) is "not covered": the logs cannot say
/// whether it was logged, and it still fails the run.
public struct CrossCheck: Sendable {
    /// What the table says now of a job the logs name.
    public enum State: String, CaseIterable, Sendable {
        /// Succeeded, created since the cutoff, still without a trace.
        case stillViolation = "still_violation"
        /// Succeeded and now has a trace: fixed, or retried.
        case nowHasTrace = "now_has_trace"
        /// Its status is no longer `succeeded`.
        case noLongerSucceeded = "no_longer_succeeded"
        /// Succeeded without a trace, but created before the cutoff (or with no readable created_at).
        case outsidePolicy = "outside_policy"
        /// No job with that id in the table.
        case notFound = "not_found"
    }

    /// The span searched for unlogged violations, by when each job succeeded.
    public var window: TimeWindow
    /// The column that tells when a job succeeded.
    var clock: ReadinessClock
    /// Logged jobs per state (each job once).
    public var states: [State: Int] = [:]
    /// A few job ids per state, to look at.
    public var examples: [State: [String]] = [:]
    /// Entries that name no job id, so cannot be looked up.
    public var entriesWithoutId = 0
    /// Violations in the table in the window that no log entry mentions: not found in the logs.
    public var unloggedCount = 0
    /// The unlogged violations, at most the limit.
    public var unlogged: [Violation] = []
    /// Violations no entry names by id but that an entry without a job id, logged within
    /// `LikelyCauses.slack` of when the job succeeded (or undated), may stand for.
    public var notMatchedCount = 0
    /// The violations not matched, at most the limit.
    public var notMatched: [Violation] = []
    /// Violations in the window that succeeded outside every span the logs cover: not covered by
    /// the logs, so neither found nor missing in them.
    public var notCoveredCount = 0
    /// The violations not covered, at most the limit.
    public var notCovered: [Violation] = []
    /// The optional columns the table has, which the unlogged rows show.
    public var columns = JobColumns.all
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?

    static let examplesKept = 5

    /// Looks up every logged job and searches the window for unlogged violations, jobs that
    /// succeeded in it (by the plan's clock) without a trace and without a log entry, in the
    /// source's current snapshot.
    static func run(
        _ findings: LogFindings, session: AuditSession, plan: AuditPlan, request: AuditRequest, window: TimeWindow,
        coverage: LogCoverage
    ) throws -> CrossCheck {
        var check = CrossCheck(window: window, clock: plan.successClock)
        check.columns = plan.columns
        check.entriesWithoutId = findings.entriesWithoutId
        var seen: Set<String> = []
        let ids = findings.jobIds.sorted()
        for start in stride(from: 0, to: ids.count, by: 50_000) {
            let batch = Array(ids[start..<min(start + 50_000, ids.count)])
            try session.jobs(batch, table: request.policy.table) { job in
                guard seen.insert(job.id).inserted else { return }
                check.note(state(of: job, cutoff: request.policy.cutoff, status: request.policy.succeededStatus), id: job.id)
            }
        }
        for id in ids where !seen.contains(id) { check.note(.notFound, id: id) }

        try session.violationsSucceeded(plan, in: window) { violation in
            guard !(violation.id.map(findings.jobIds.contains) ?? false) else { return }
            // A job that finished after the logs end could not have been logged yet.
            if case .instant(let updated) = violation.updatedAt, let until = window.until, updated >= until { return }
            let succeeded: Instant
            if case .instant(let updated) = violation.updatedAt { succeeded = max(updated, violation.createdAt) } else { succeeded = violation.createdAt }
            let keeps = { (kept: Int) in request.violationLimit.map { kept < $0 } ?? true }
            if findings.mayBeUnnamedEntry(succeeded) {
                check.notMatchedCount += 1
                if keeps(check.notMatched.count) { check.notMatched.append(violation) }
            } else if !coverage.contains(succeeded) {
                check.notCoveredCount += 1
                if keeps(check.notCovered.count) { check.notCovered.append(violation) }
            } else {
                check.unloggedCount += 1
                if keeps(check.unlogged.count) { check.unlogged.append(violation) }
            }
        }
        return check
    }

    /// The violations in the table the logs do not show, each of which fails the run.
    var failing: Int { unloggedCount + notMatchedCount + notCoveredCount }

    static func state(of job: FoundJob, cutoff: Instant, status: String) -> State {
        guard job.status == status else { return .noLongerSucceeded }
        guard job.missingTrace else { return .nowHasTrace }
        guard let created = job.createdAt, created >= cutoff else { return .outsidePolicy }
        return .stillViolation
    }

    mutating func note(_ state: State, id: String) {
        states[state, default: 0] += 1
        if examples[state, default: []].count < CrossCheck.examplesKept { examples[state, default: []].append(id) }
    }
}
