/// `--format junit`: JUnit XML with one testcase per check, read by the test-report steps of CI
/// systems. Violations and undated jobs without a trace are failures whose text lists the first
/// rows; the other checks pass and report their numbers as output. A failure to check is an error.
final class JUnitWriter: ReportWriter {
    /// Rows a failure message lists.
    static let rowsShown = 10

    private let sink: TextSink
    private let context: ReportContext
    private var rows: [Violation] = []

    init(sink: TextSink, context: ReportContext) {
        self.sink = sink
        self.context = context
    }

    func rowLimit(requested: Int?) -> Int? { min(requested ?? JUnitWriter.rowsShown, JUnitWriter.rowsShown) }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        rows.append(violation)
    }

    /// A testcase: its name, its failure (message and text) if it failed, and its output.
    struct Case {
        var name: String
        var failure: (message: String, text: String)?
        var output: String

        init(name: String, failure: (message: String, text: String)? = nil, output: String) {
            self.name = name
            self.failure = failure
            self.output = output
        }
    }

    func end(_ report: AuditReport) throws {
        let cutoff = report.policy.cutoff.description
        let n = Counting.number
        let types = report.byType.map { entry in
            "\(entry.type ?? "NULL"): \(n(entry.violations))" + (entry.succeeded.map { " of \(n($0)) succeeded" } ?? "")
                + (entry.ratePercentText.map { " (\($0)%)" } ?? "")
        }
        let undatedIds = report.undatedIds.isEmpty ? "" : "ids (highest first): " + report.undatedIds.map { $0 ?? "NULL" }.joined(separator: ", ")
            + (report.undatedTruncated ? " … \(n(report.undated.missingTrace - report.undatedIds.count)) more" : "")
        var cases = [
            Case(
                name: "violations",
                failure: report.newViolations <= report.gate.maxViolations ? nil : (
                    "\(n(report.violationCount)) succeeded \(Counting.noun(report.violationCount, "job", "jobs")) created since \(cutoff) \(Counting.noun(report.violationCount, "has", "have")) no trace_id"
                        + (report.gate.hasBaseline || report.gate.maxViolations > 0
                            ? " (\(report.gate.hasBaseline ? "\(report.newViolations) not in the baseline" : "\(report.violationCount)") against --max-violations \(report.gate.maxViolations))" : ""),
                    rows.map(JUnitWriter.describe).joined(separator: "\n")
                        + (report.violationCount > rows.count ? "\n… \(n(report.violationCount - rows.count)) more" : "")),
                output: ([Counting.counted(report.violationCount, "violation", "violations") + (report.baselineText.map { "; " + $0 } ?? "")] + types)
                    .joined(separator: "\n")),
            Case(
                name: "undated",
                failure: report.undated.missingTrace == 0 || !report.undatedDecidesVerdict ? nil : (
                    "\(n(report.undated.missingTrace)) succeeded \(Counting.noun(report.undated.missingTrace, "job", "jobs")) without a trace \(Counting.noun(report.undated.missingTrace, "has", "have")) a NULL or unreadable created_at", undatedIds),
                output: ["\(n(report.undated.missingTrace)) undated without trace"
                    + (report.undated.missingTrace > 0 && !report.undatedDecidesVerdict
                        ? " (warning: they belong to no window and do not decide this window's verdict; the whole-table check fails on them)" : ""),
                    undatedIds].filter { !$0.isEmpty }.joined(separator: "\n")),
        ]
        if let minimum = report.gate.minCompliancePercent {
            cases.append(Case(
                name: "min_compliance",
                failure: report.decidedBy == .minCompliance ? (report.decisionText, "") : nil,
                output: "compliance \(report.complianceAgainstMinimum.map { $0.compliance + "%" } ?? "n/a (no succeeded jobs)"), minimum \(report.complianceAgainstMinimum?.minimum ?? AuditReport.percent(minimum))%"))
        }
        if report.command != .violations {
            let freshness = report.freshness
            let newest = freshness.newestSucceeded.map { newest in
                "newest succeeded job \(newest) (age \(freshness.ageMicroseconds.map(Freshness.secondsText) ?? "?") s)"
            } ?? "no succeeded job in the window"
            cases.append(Case(
                name: "freshness",
                failure: freshness.failureMessage.map { ($0, "") },
                output: newest + ", \(freshness.succeededJobs) succeeded jobs in the window"
                    + (freshness.maxAge.map { ", --max-age \(Freshness.secondsText($0)) s" } ?? "")
                    + (freshness.minJobs.map { ", --min-jobs \($0)" } ?? "")))
        }
        if report.command == .check || report.command == .legacy {
            cases.append(Case(name: "legacy", output: "\(report.legacy.missingTrace) of \(report.legacy.total) succeeded jobs before \(cutoff) have no trace (tolerated)"))
        }
        if report.command == .check || report.command == .distribution {
            cases.append(Case(name: "distribution", output: "has_trace \(report.distribution.hasTrace), missing_trace \(report.distribution.missingTrace)"))
        }
        if report.command == .check || report.command == .daily {
            let days = report.daily.map { "\($0.day)\($0.partial ? " (partial)" : "") total \($0.totalSucceeded) with \($0.withTrace) without \($0.withoutTrace) compliance \($0.compliancePercentText.map { $0 + "%" } ?? "n/a")" }
            cases.append(Case(name: "daily", output: days.joined(separator: "\n")))
        }
        write(cases, error: nil)
    }

    func failed(_ error: TraceAuditError) -> Bool {
        write([Case(name: "audit", output: "")], error: error)
        return true
    }

    private func write(_ cases: [Case], error: TraceAuditError?) {
        sink.write(JUnitWriter.document(cases, error: error, context: context))
    }

    /// The XML document for `cases`; with `error`, every case carries it as an `<error>`: its
    /// line as the message, and the line then the failure's facts (kind, SQLSTATE, statement…) as
    /// the text.
    static func document(_ cases: [Case], error: TraceAuditError?, context: ReportContext) -> String {
        let attr = { (value: String) in Escape.xml(value, attribute: true) }
        let text = { (value: String) in Escape.xml(value, attribute: false) }
        let failures = cases.filter { $0.failure != nil }.count
        let errors = error == nil ? 0 : 1
        let seconds = String(Double(Instant.now.microseconds - context.startedAt.microseconds) / 1_000_000)
        let timestamp = String(context.startedAt.description.prefix(19))
        let suite = "trace-ID policy: \(context.policy.table)"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"traceaudit\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" time=\"\(seconds)\">\n"
        xml += "  <testsuite name=\"\(attr(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"\(seconds)\" timestamp=\"\(timestamp)\">\n"
        xml += "    <properties>\n"
        for (name, value) in [
            ("command", context.command.rawValue), ("cutoff", context.policy.cutoff.description), ("source", context.target),
            ("table", context.policy.table.description), ("window", context.window.isOpen ? "all" : TableWriter.describe(context.window)),
            ("version", context.version),
        ] {
            xml += "      <property name=\"\(name)\" value=\"\(attr(value))\"/>\n"
        }
        xml += "    </properties>\n"
        for testcase in cases {
            xml += "    <testcase classname=\"traceaudit.\(attr(context.policy.table.description))\" name=\"\(testcase.name)\" time=\"0\">\n"
            if let error {
                let line = FailureText.line(error)
                let facts = FailureText.facts(error).map { "\n\($0.name): \($0.value)" }.joined()
                xml += "      <error type=\"CouldNotCheck\" message=\"\(attr(line))\">\(text(line + facts))</error>\n"
            }
            if let failure = testcase.failure {
                xml += "      <failure type=\"PolicyViolation\" message=\"\(attr(failure.message))\">\(text(failure.text))</failure>\n"
            }
            if !testcase.output.isEmpty {
                xml += "      <system-out>\(text(testcase.output))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    static func describe(_ violation: Violation) -> String {
        "id=\(violation.id ?? "NULL") type=\(violation.type ?? "NULL") created_at=\(violation.createdAt) correlation_id=\(violation.correlationId ?? "NULL") trace_id=\(violation.traceId == nil ? "NULL" : "''")"
            + (violation.acknowledged ? " acknowledged" : "")
    }
}
