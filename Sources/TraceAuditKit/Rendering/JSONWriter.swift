/// The `--format json` report: one object, the `ReportEnvelope` then the checks, documented in docs/formats.md. Violation
/// rows are written as they arrive, so `violations --all` streams in flat memory.
final class JSONWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private var suffix = ""
    private var rows = 0
    private static let placeholder = "\u{0}rows\u{0}"

    init(sink: TextSink, context: ReportContext) {
        self.sink = sink
        self.context = context
    }

    func begin(_ report: AuditReport) throws {
        let text = JSONWriter.value(report, context: context).serialized()
        let parts = text.split(separator: JSONWriter.placeholder, maxSplits: 1, omittingEmptySubsequences: false)
        sink.write(String(parts[0]) + "[")
        suffix = parts.count > 1 ? String(parts[1]) : ""
    }

    func violation(_ violation: Violation) throws {
        sink.write((rows == 0 ? "\n      " : ",\n      ") + JSONWriter.row(violation).serialized(indent: 3))
        rows += 1
    }

    func end(_ report: AuditReport) throws {
        sink.write((rows == 0 ? "]" : "\n    ]") + suffix + "\n")
    }

    static func value(_ report: AuditReport, context: ReportContext) -> JSONValue {
        let computesAll = report.command != .violations
        var context = context
        context.window = report.window
        return ReportEnvelope.report(context, standby: report.standby, [
            ("cutoff", .string(report.policy.cutoff.description)),
            ("passed", .bool(report.passed)),
            ("violations", .object([
                ("count", .integer(report.violationCount)),
                ("truncated", .bool(report.command.listsViolations && report.truncated)),
                ("limit", report.command.listsViolations ? (report.violationLimit.map(JSONValue.integer) ?? .null) : .integer(0)),
                ("first", .optional(report.diagnosis.first?.description)),
                ("last", .optional(report.diagnosis.last?.description)),
                ("first_scope", .string(report.window.isOpen ? "table" : "window")),
                ("before_window", report.beforeWindow.map(beforeWindow) ?? .null),
                ("true_first", report.beforeWindow?.trueFirst.map(job) ?? .null),
                ("by_type", .array(report.byType.map(type))),
                ("rows", .raw(placeholder)),
            ])),
            ("legacy", computesAll ? .object([
                ("missing_trace", .integer(report.legacy.missingTrace)),
                ("total_succeeded", .integer(report.legacy.total)),
            ]) : .null),
            ("distribution", computesAll ? .object([
                ("has_trace", .integer(report.distribution.hasTrace)),
                ("missing_trace", .integer(report.distribution.missingTrace)),
            ]) : .null),
            ("daily", computesAll ? .array(report.daily.map(day)) : .null),
            ("undated", .object([
                ("missing_trace", .integer(report.undated.missingTrace)),
                ("has_trace", computesAll ? .integer(report.undated.hasTrace) : .null),
                ("ids", .array(report.undatedIds.map(JSONValue.optional))),
                ("ids_truncated", .bool(report.undatedTruncated)),
                ("decides_verdict", .bool(report.undatedDecidesVerdict)),
            ])),
            ("verdict", .object([
                ("passed", .bool(report.passed)),
                ("decided_by", .string(report.decidedBy.rawValue)),
                ("reason", .string(report.decisionText)),
                ("max_violations", .integer(report.gate.maxViolations)),
                ("min_compliance_percent", (report.complianceAgainstMinimum?.minimum ?? report.gate.minCompliancePercent.map { AuditReport.percent($0) }).map(JSONValue.number) ?? .null),
                ("compliance_percent", (report.complianceAgainstMinimum?.compliance ?? report.compliancePercent.map { AuditReport.percent($0) }).map(JSONValue.number) ?? .null),
            ])),
            ("baseline", report.gate.hasBaseline ? .object([
                ("acknowledged", .integer(report.gate.acknowledged)),
                ("new", .integer(report.newViolations)),
                ("stale", .array(report.gate.stale.map(JSONValue.string))),
                ("outside_window", .array(report.gate.outsideWindow.map(JSONValue.string))),
                ("duplicate_ids", .array(report.gate.duplicateIds.map(JSONValue.string))),
            ]) : .null),
            ("freshness", computesAll ? freshness(report.freshness) : .null),
        ])
    }

    /// Whether violations began before the window, and the first of all when they did.
    static func beforeWindow(_ before: BeforeWindow) -> JSONValue {
        if case .violated(let first) = before { return .object([("violations", .bool(true)), ("first", job(first))]) }
        return .object([("violations", .bool(false)), ("first", .null)])
    }

    /// A violation as the job to look at: id, type, created_at and correlation_id.
    static func job(_ violation: Violation) -> JSONValue {
        .object([
            ("id", .optional(violation.id)), ("type", .optional(violation.type)), ("created_at", .string(violation.createdAt.description)),
            ("correlation_id", .optional(violation.correlationId)),
        ])
    }

    static func type(_ entry: TypeCompliance) -> JSONValue {
        .object([
            ("type", .optional(entry.type)),
            ("count", .integer(entry.violations)),
            ("succeeded", entry.succeeded.map(JSONValue.integer) ?? .null),
            ("rate_percent", entry.ratePercentText.map(JSONValue.number) ?? .null),
        ])
    }

    static func freshness(_ freshness: Freshness) -> JSONValue {
        .object([
            ("newest_succeeded_at", .optional(freshness.newestSucceeded?.description)),
            ("succeeded_jobs", .integer(freshness.succeededJobs)),
            ("max_age_seconds", freshness.maxAge.map { .number(Freshness.secondsText($0)) } ?? .null),
            ("min_jobs", freshness.minJobs.map(JSONValue.integer) ?? .null),
            ("checked", .bool(freshness.isChecked)),
            ("passed", .bool(freshness.passed)),
            ("message", .optional(freshness.failureMessage)),
        ])
    }

    /// A violation row; a column the table lacks is null.
    static func row(_ violation: Violation) -> JSONValue {
        .object([
            ("id", .optional(violation.id)),
            ("type", .optional(violation.type)),
            ("created_at", .string(violation.createdAt.description)),
            ("updated_at", .optional(violation.updatedAt?.description)),
            ("correlation_id", .optional(violation.correlationId)),
            ("trace_id", .optional(violation.traceId)),
            ("acknowledged", .bool(violation.acknowledged)),
        ])
    }

    static func day(_ day: DailyCompliance) -> JSONValue {
        .object([
            ("day", .string(day.day.description)),
            ("total_succeeded", .integer(day.totalSucceeded)),
            ("with_trace", .integer(day.withTrace)),
            ("without_trace", .integer(day.withoutTrace)),
            ("compliance_percent", day.compliancePercentText.map(JSONValue.number) ?? .null),
            ("partial", .bool(day.partial)),
        ])
    }
}
