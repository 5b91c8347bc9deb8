/// The `logs` command's result: the entries found, and, with `--db`, the cross-check.
///
/// Logged violations fail the run, and so do the table's violations the logs do not show
/// (unlogged, not matched to an entry without a job id, or not covered by the logs).
public struct LogReport: Sendable {
    /// The policy the table was checked against.
    public var policy: Policy
    /// The log inputs, as given.
    public var inputs: [String]
    /// What the logs say.
    public var findings: LogFindings
    /// The cross-check with the table, when `--db` was given.
    public var crossCheck: CrossCheck?
    /// What the logs cover, as readiness counts it (`LogCoverage`): each input from its first to
    /// its last record (`records`), or where a fetch's API returned records of the function
    /// (`fetched`); the time between two inputs is not covered.
    public var coverage: LogCoverage

    /// True when no entry was logged and the table holds no violation the logs do not show.
    public var passed: Bool { findings.count == 0 && (crossCheck?.failing ?? 0) == 0 }

    /// Reads the logs and, with a source, cross-checks them in one snapshot of the table. With a
    /// `stream` (`--all`), each entry goes to it as it is read and only the few it needs are kept.
    /// `coverage` is what the source says the logs cover (a fetch); nil: the records say.
    static func run(
        _ request: AuditRequest, logs: LogsRequest, session: AuditSession?, stream: (any LogEntryWriter)? = nil,
        coverage: LogCoverage? = nil
    ) throws(TraceAuditError) -> LogReport {
        var findings = LogFindings(limit: stream?.kept ?? request.violationLimit, window: request.window, collectsJobIds: session != nil)
        try LogScanner.scan(
            logs.logFiles, paths: logs.logPaths, allowEmpty: logs.allowEmpty, into: &findings,
            each: stream.map { stream in { stream.entry($0) } })
        let coverage = coverage ?? findings.coverage
        var report = LogReport(policy: request.policy, inputs: logs.logFiles, findings: findings, coverage: coverage)
        guard let session else { return report }
        let window = request.window.isOpen ? coverage.bounds : request.window
        guard let window else {
            throw .failed(.local(.logInput,
                "cannot tell which span the logs cover (no line has a timestamp), so unlogged violations cannot be searched; give --since and --until"))
        }
        let plan = AuditPlan(
            request, dialect: session.dialect, timeoutMilliseconds: session.timeoutMilliseconds,
            maxParallelWorkers: session.maxParallelWorkers)
        report.crossCheck = try session.read(plan) { plan, standby in
            var check = try CrossCheck.run(findings, session: session, plan: plan, request: request, window: window, coverage: coverage)
            check.standby = standby
            return check
        }
        return report
    }
}
