/// The `--format table` report for people: a verdict line, then each check's section, aligned.
final class TableWriter: ReportWriter {
    /// Longest value shown in a cell; JSON carries the full value.
    static let cellLimit = 60
    /// Rows held to align the violations table; later rows are written with the same widths.
    static let alignmentRows = 1000
    /// Days shown by `check` (all of them are in JSON; `daily --days N` shows N).
    static let checkDays = 30

    private let sink: TextSink
    private let style: Style
    private let context: ReportContext
    private var pending: [[String]] = []
    private var table: TextTable?
    /// The optional columns the table has; the violations table leaves out the others.
    private var columns = JobColumns.all
    /// With a baseline, the rows end with whether it lists them.
    private var marksAcknowledged = false

    init(sink: TextSink, style: Style, context: ReportContext) {
        self.sink = sink
        self.style = style
        self.context = context
    }

    func begin(_ report: AuditReport) throws {
        var out = style.bold("traceaudit") + " " + context.command.rawValue + " · " + cell(report.policy.table.description)
            + " in " + cell(context.target) + " · cutoff " + report.policy.cutoff.description
        if !report.window.isOpen { out += " · " + TableWriter.describe(report.window) }
        out += "\n" + context.sourceLines(standby: report.standby)
        out += "\n" + verdict(report) + "\n"
        if report.gate.isSet && report.decidedBy != .policy { out += "  decided by " + Escape.terminal(report.decisionText) + "\n" }
        if let baseline = report.baselineText { out += "  " + Escape.terminal(baseline) + "\n" }
        columns = report.columns
        marksAcknowledged = report.gate.hasBaseline
        if report.command.listsViolations && report.violationCount > 0 {
            out += "\n" + style.bold("Violations") + ": \(report.violationCount) succeeded "
                + plural(report.violationCount, "job", "jobs") + " created since the cutoff without a trace_id"
            if let first = report.diagnosis.first, let last = report.diagnosis.last {
                out += ", first " + first.description + ", last " + last.description
            }
            out += "\n"
            if report.command == .violations {
                var types = TextTable(columns: [.init(header: "TYPE"), .init(header: "VIOLATIONS", alignRight: true)])
                types.rows = report.diagnosis.byType.map { [cell($0.type), String($0.count)] }
                out += types.render(style: style)
                out += "  Next: find each job's logs by correlation_id and check that its type's code path sets trace_id\n"
                out += "  before marking the job succeeded (the orchestrator logs POLICY_VIOLATION for each).\n\n"
            }
        }
        sink.write(out)
    }

    func violation(_ violation: Violation) throws {
        var row = [cell(violation.id), cell(violation.type), violation.createdAt.description]
        if columns.updatedAt { row.append(cell(violation.updatedAt?.description)) }
        if columns.correlationId { row.append(cell(violation.correlationId)) }
        row.append(violation.traceId == nil ? "NULL" : "''")
        if marksAcknowledged { row.append(violation.acknowledged ? "acknowledged" : "new") }
        if let table {
            sink.write(table.line(row, header: false, style: style))
            return
        }
        pending.append(row)
        if pending.count == TableWriter.alignmentRows { flushPending() }
    }

    private func flushPending() {
        guard !pending.isEmpty else { return }
        var headers = ["ID", "TYPE", "CREATED_AT"]
        if columns.updatedAt { headers.append("UPDATED_AT") }
        if columns.correlationId { headers.append("CORRELATION_ID") }
        var table = TextTable(columns: (headers + ["TRACE_ID"] + (marksAcknowledged ? ["BASELINE"] : [])).map { .init(header: $0) })
        table.rows = pending
        sink.write(table.render(style: style))
        table.rows = []
        self.table = table.fixingWidths(to: pending)
        pending = []
    }

    func end(_ report: AuditReport) throws {
        flushPending()
        var out = ""
        if report.command.listsViolations && report.truncated {
            out += "  … \(report.violationCount - report.listedViolations) more; raise --limit or use --all to list them\n"
        }
        if report.undated.missingTrace > 0 || (report.command == .check && report.undated.total > 0) {
            out += "\n" + style.bold("Undated") + ": "
            if report.command == .violations {
                out += "\(report.undated.missingTrace) succeeded " + plural(report.undated.missingTrace, "job", "jobs")
                    + " without a trace " + plural(report.undated.missingTrace, "has", "have")
                    + " a NULL or unreadable created_at and fail the audit (fix created_at to classify them)\n"
            } else {
                out += "\(report.undated.total) succeeded " + plural(report.undated.total, "job has", "jobs have")
                    + " a NULL or unreadable created_at; \(report.undated.missingTrace) of them lack a trace"
                    + (report.undated.missingTrace > 0 ? " and fail the audit (fix created_at to classify them)" : "") + "\n"
            }
        }
        if report.command == .check || report.command == .legacy {
            out += "\n" + style.bold("Legacy") + " (succeeded before the cutoff; missing traces tolerated)\n"
            var legacy = TextTable(columns: [
                .init(header: "MISSING_TRACE", alignRight: true), .init(header: "OF_SUCCEEDED", alignRight: true),
            ])
            legacy.rows = [[String(report.legacy.missingTrace), String(report.legacy.total)]]
            out += legacy.render(style: style)
        }
        if report.command == .check || report.command == .distribution {
            out += "\n" + style.bold("Distribution") + " (succeeded since the cutoff)\n"
            var distribution = TextTable(columns: [
                .init(header: "HAS_TRACE", alignRight: true), .init(header: "MISSING_TRACE", alignRight: true),
            ])
            distribution.rows = [[String(report.distribution.hasTrace), String(report.distribution.missingTrace)]]
            out += distribution.render(style: style)
        }
        if report.command == .check || report.command == .daily {
            out += "\n" + style.bold("Daily compliance") + " (UTC days since the cutoff, newest first)\n"
            let shown = report.command == .check ? Array(report.daily.prefix(TableWriter.checkDays)) : report.daily
            if shown.isEmpty {
                out += "  no succeeded jobs since the cutoff\n"
            } else {
                var daily = TextTable(columns: [
                    .init(header: "DAY"), .init(header: "TOTAL", alignRight: true),
                    .init(header: "WITH_TRACE", alignRight: true), .init(header: "WITHOUT_TRACE", alignRight: true),
                    .init(header: "COMPLIANCE", alignRight: true),
                ])
                daily.rows = shown.map { day in
                    [
                        day.day.description, String(day.totalSucceeded), String(day.withTrace), String(day.withoutTrace),
                        day.compliancePercentText.map { $0 + "%" } ?? "—",
                    ]
                }
                out += daily.render(style: style)
                if let range = report.dailyDays, case let later = shown.filter({ $0.day.number > range.upperBound }), !later.isEmpty {
                    out += "  \(later.count) " + plural(later.count, "day", "days") + " after today (\(later.last!.day)"
                        + (later.count > 1 ? " to \(later[0].day)" : "") + "): jobs dated in the future, counted in the verdict\n"
                }
                if shown.count < report.daily.count {
                    out += "  … \(report.daily.count - shown.count) earlier days; see traceaudit daily --days N\n"
                }
            }
        }
        sink.write(out)
    }

    /// `PASS`/`FAIL` and the counts that decide it, in one line.
    func verdict(_ report: AuditReport) -> String {
        var parts = ["\(report.violationCount) " + plural(report.violationCount, "violation", "violations")]
        parts.append("\(report.undated.missingTrace) undated without trace")
        if report.command != .violations {
            let share = DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution)
            parts.append(
                report.distribution.total == 0
                    ? "no succeeded jobs since the cutoff"
                    : "\(share.compliancePercentText ?? "100.00")% of \(report.distribution.total) succeeded jobs since the cutoff have a trace")
        }
        return (report.passed ? style.green("PASS") : style.red("FAIL")) + "  " + parts.joined(separator: " · ")
    }

    /// `since … until …` for a window.
    static func describe(_ window: TimeWindow) -> String {
        var parts: [String] = []
        if let since = window.since { parts.append("since " + since.description) }
        if let until = window.until { parts.append("until " + until.description) }
        return parts.joined(separator: " ")
    }

    /// A database value made safe and short for a terminal; NULL for nil.
    func cell(_ value: String?) -> String {
        TableWriter.cell(value)
    }

    /// A database value made safe and short for a terminal; NULL for nil.
    static func cell(_ value: String?) -> String {
        guard let value else { return "NULL" }
        return TerminalText.clipped(Escape.terminal(value), to: cellLimit)
    }

    func plural(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? one : many
    }
}
