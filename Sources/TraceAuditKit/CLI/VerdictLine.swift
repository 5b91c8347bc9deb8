/// The verdict of a table check in one line, for standard error when the reports went to files
/// (`traceaudit: FAIL: …`), so that a CI log says why the step failed.
enum VerdictLine {
    static func text(for report: AuditReport) -> String {
        let scope = "in \(report.policy.table) since \(report.policy.cutoff)"
        var text: String
        if report.violationCount == 0 && report.undated.missingTrace == 0 {
            text = "every succeeded job created \(scope) has a trace_id"
        } else {
            var parts: [String] = []
            if report.violationCount > 0 || report.undated.missingTrace == 0 {
                parts.append("\(report.violationCount) \(report.violationCount == 1 ? "violation" : "violations") (succeeded jobs created \(scope) without trace_id)")
            }
            if report.undated.missingTrace > 0 {
                parts.append("\(report.undated.missingTrace) succeeded \(report.undated.missingTrace == 1 ? "job" : "jobs") without trace_id and without a readable created_at"
                    + (report.undatedDecidesVerdict ? "" : " (in no window: not in this window's verdict)"))
            }
            text = parts.joined(separator: "; ")
        }
        if (report.gate.isSet && report.decidedBy != .policy && report.decidedBy != .undated) || report.decidedBy == .freshness {
            text += "; decided by " + report.decisionText
        }
        if let baseline = report.baselineText { text += "; " + baseline }
        return (report.passed ? "PASS: " : "FAIL: ") + text
    }
}
