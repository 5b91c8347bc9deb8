/// The `logs` command's result: the entries found, and, with `--db`, the cross-check.
///
/// Logged violations fail the run, and so do the table's violations the logs do not show
/// (unlogged, or not matched to an entry without a job id).
public struct LogReport: Sendable {
    /// The policy the table was checked against.
    public var policy: Policy
    /// The log inputs, as given.
    public var inputs: [String]
    /// What the logs say.
    public var findings: LogFindings
    /// The cross-check with the table, when `--db` was given.
    public var crossCheck: CrossCheck?
    /// What the logs cover when their source says (a fetch: where the API returned records of
    /// the function); nil: from their first to their last record.
    public var coverage: LogCoverage?

    /// True when no entry was logged and the table holds no violation the logs do not show.
    public var passed: Bool { findings.count == 0 && (crossCheck?.unloggedCount ?? 0) == 0 && (crossCheck?.notMatchedCount ?? 0) == 0 }

    /// Reads the logs and, with a source, cross-checks them in one snapshot of the table. With a
    /// `stream` (`--all`), each entry goes to it as it is read and only the few it needs are kept.
    static func run(
        _ request: AuditRequest, logs: LogsRequest, session: AuditSession?, stream: (any LogEntryWriter)? = nil
    ) throws(TraceAuditError) -> LogReport {
        var findings = LogFindings(limit: stream?.kept ?? request.violationLimit, window: request.window, collectsJobIds: session != nil)
        try LogScanner.scan(
            logs.logFiles, paths: logs.logPaths, allowEmpty: logs.allowEmpty, into: &findings,
            each: stream.map { stream in { stream.entry($0) } })
        var report = LogReport(policy: request.policy, inputs: logs.logFiles, findings: findings)
        guard let session else { return report }
        let window = request.window.isOpen ? findings.covered : request.window
        guard let window else {
            throw .failed(.local(.logInput,
                "cannot tell which span the logs cover (no line has a timestamp), so unlogged violations cannot be searched; give --since and --until"))
        }
        let plan = AuditPlan(
            request, dialect: session.dialect, timeoutMilliseconds: session.timeoutMilliseconds,
            maxParallelWorkers: session.maxParallelWorkers)
        report.crossCheck = try session.read(plan) { plan, standby in
            var check = try CrossCheck.run(findings, session: session, plan: plan, request: request, window: window)
            check.standby = standby
            return check
        }
        return report
    }
}
