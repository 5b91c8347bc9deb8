/// The step outputs a GitHub Actions step gets when `GITHUB_OUTPUT` is set, so later steps can use
/// the numbers (`steps.<id>.outputs.violations`): `verdict` (pass or fail), `violations`,
/// `new_violations` (not in the baseline; all of them without one) and `compliance` (the traced
/// share in percent, two decimals; absent for `violations`, which does not count it, and when no
/// job succeeded). One `name=value` line each, as the runner reads them.
enum GitHubOutput {
    static func lines(_ report: AuditReport) -> String {
        var out = "verdict=\(report.passed ? "pass" : "fail")\n"
        out += "violations=\(report.violationCount)\n"
        out += "new_violations=\(report.newViolations)\n"
        if let compliance = report.compliancePercent { out += "compliance=\(AuditReport.percent(compliance))\n" }
        return out
    }

    /// Appends the lines to the file `GITHUB_OUTPUT` names, when it names one; a file that cannot
    /// be written is an error (exit 3): a later step would read stale numbers.
    static func append(_ report: AuditReport, environment: [String: String]) throws(TraceAuditError) {
        guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return }
        let descriptor = OS.openForAppending(path)
        guard descriptor >= 0 else { throw .failed(.local(.outputFile, "cannot write GITHUB_OUTPUT \(Escape.terminal(path)): \(OS.lastErrorText)")) }
        defer { OS.close(descriptor) }
        let bytes = Array(lines(report).utf8)
        let written = bytes.withUnsafeBytes { OS.write(descriptor, $0.baseAddress!, $0.count) }
        guard written == bytes.count else { throw .failed(.local(.outputFile, "cannot write GITHUB_OUTPUT \(Escape.terminal(path)): \(OS.lastErrorText)")) }
    }
}
