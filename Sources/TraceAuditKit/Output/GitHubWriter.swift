/// `--format github`: GitHub Actions workflow commands, so that the failure shows on the run page:
/// one `::error` annotation per violation (up to 10), one for undated jobs, and a summary with the
/// total (`::notice` when the audit passes). Values are escaped as the runner requires, so a value
/// cannot start a command of its own.
final class GitHubWriter: ReportWriter {
    /// Annotations for single violations.
    static let rowsShown = 10

    private let sink: TextSink
    private var shown = 0
    private var columns = JobColumns.all

    init(sink: TextSink) {
        self.sink = sink
    }

    func rowLimit(requested: Int?) -> Int? { min(requested ?? GitHubWriter.rowsShown, GitHubWriter.rowsShown) }

    func begin(_ report: AuditReport) throws {
        columns = report.columns
    }

    func violation(_ violation: Violation) throws {
        shown += 1
        var message = "Job \(violation.id ?? "NULL") (\(violation.type ?? "NULL")) succeeded without trace_id; created_at \(violation.createdAt)"
        if columns.correlationId { message += ", correlation_id \(violation.correlationId ?? "NULL")" }
        sink.write("::error title=\(Escape.githubProperty("Trace-ID policy violation"))::\(Escape.githubMessage(message))\n")
    }

    func end(_ report: AuditReport) throws {
        if report.undated.missingTrace > 0 {
            sink.write("::error title=\(Escape.githubProperty("traceaudit: undated jobs"))::\(Escape.githubMessage("\(report.undated.missingTrace) succeeded jobs without a trace have a NULL or unreadable created_at"))\n")
        }
        if report.passed {
            sink.write("::notice title=traceaudit::\(Escape.githubMessage("PASS: no succeeded job created since \(report.policy.cutoff) lacks a trace_id in \(report.policy.table)"))\n")
        } else {
            let listed = shown < report.violationCount ? " (\(shown) shown)" : ""
            sink.write("::error title=traceaudit::\(Escape.githubMessage("FAIL: \(report.violationCount) succeeded jobs created since \(report.policy.cutoff) have no trace_id\(listed); \(report.undated.missingTrace) undated without trace"))\n")
        }
    }
}
