/// `--format github`: GitHub Actions workflow commands, so that the verdict shows on the run page.
///
/// The runner keeps only the first ten annotations of each kind per step (and fifty per job), so
/// the summary comes first (`::error`, `::warning` under `--warn-only`, `::notice` when the audit
/// passes), then one for undated jobs, then one per violation, at most ten annotations in all;
/// a violation the baseline acknowledges is a `::notice`, a new one `::error`.
/// Every annotation has a `title`. Values are escaped as the runner requires, so a value cannot
/// start a command of its own.
final class GitHubWriter: ReportWriter {
    /// The most annotations one run writes: the runner shows ten of a kind per step.
    static let annotationsShown = 10

    private let sink: TextSink
    private var columns = JobColumns.all
    private let level: String
    private var requested: Int?
    /// Violation annotations still allowed after the summary and the undated one.
    private var rowsLeft = 0

    init(sink: TextSink, warnOnly: Bool = false) {
        self.sink = sink
        level = warnOnly ? "warning" : "error"
    }

    func rowLimit(requested: Int?) -> Int? {
        self.requested = requested
        return min(requested ?? GitHubWriter.annotationsShown, GitHubWriter.annotationsShown)
    }

    func begin(_ report: AuditReport) throws {
        columns = report.columns
        let undated = report.undated.missingTrace
        let before = report.beforeWindow?.hasViolations == true ? Figures.beforeWindow(report, time: { $0.description }) : nil
        rowsLeft = GitHubWriter.annotationsShown - 1 - (undated > 0 ? 1 : 0) - (before != nil ? 1 : 0)
        rowsLeft = min(rowsLeft, report.violationCount, requested ?? rowsLeft)
        let decided = (report.gate.isSet && report.decidedBy != .policy) || report.decidedBy == .freshness
        let gate = (decided ? "; decided by " + report.decisionText : "") + (report.baselineText.map { "; " + $0 } ?? "")
        if report.passed {
            let found = report.violationCount == 0
                ? "no succeeded job created since \(report.policy.cutoff) lacks a trace_id in \(report.policy.table)"
                : "\(report.violationCount) succeeded jobs created since \(report.policy.cutoff) have no trace_id in \(report.policy.table)"
            annotate("notice", title: "traceaudit: PASS", "PASS: " + found + gate)
            rowsLeft = 0
            return
        }
        let listed = rowsLeft < report.violationCount ? " (\(rowsLeft) shown; all of them: traceaudit violations --all)" : ""
        annotate(
            level, title: "traceaudit: FAIL",
            "FAIL: \(report.violationCount) succeeded jobs created since \(report.policy.cutoff) have no trace_id in \(report.policy.table)\(listed); \(undated) undated without trace\(gate)")
        if undated > 0 {
            annotate(level, title: "traceaudit: undated jobs", "\(undated) succeeded jobs without a trace have a NULL or unreadable created_at")
        }
        // The window's violations need not be the first: say where they began.
        if let before { annotate("notice", title: "traceaudit: before the window", before) }
    }

    func violation(_ violation: Violation) throws {
        guard rowsLeft > 0 else { return }
        rowsLeft -= 1
        var message = "Job \(violation.id ?? "NULL") (\(violation.type ?? "NULL")) succeeded without trace_id; created_at \(violation.createdAt)"
        if columns.correlationId { message += ", correlation_id \(violation.correlationId ?? "NULL")" }
        // An acknowledged row does not fail the gate: a notice, so the red annotations are the new ones.
        if violation.acknowledged {
            annotate("notice", title: "Acknowledged trace-ID violation (baseline)", message)
        } else {
            annotate(level, title: "Trace-ID policy violation", message)
        }
    }

    func end(_ report: AuditReport) throws {}

    private func annotate(_ kind: String, title: String, _ message: String) {
        sink.write(GitHubWriter.annotation(kind, title: title, message))
    }

    /// One workflow command, escaped.
    static func annotation(_ kind: String, title: String, _ message: String) -> String {
        "::\(kind) title=\(Escape.githubProperty(title))::\(Escape.githubMessage(message))\n"
    }

    /// A finished report's annotations under the same rules: the summary first (`::notice` when
    /// it passed, else `::error`, or `::warning` under `--warn-only`), then the details, ten in all.
    static func annotations(
        passed: Bool, warnOnly: Bool, summaryTitle: String, summary: String, details: [(title: String, message: String)]
    ) -> String {
        let level = passed ? "notice" : warnOnly ? "warning" : "error"
        return annotation(level, title: summaryTitle, summary)
            + details.prefix(annotationsShown - 1).map { annotation(level, title: $0.title, $0.message) }.joined()
    }
}
