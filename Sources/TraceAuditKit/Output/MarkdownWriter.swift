/// `--format markdown`: a report for a pull request's step summary (`>> $GITHUB_STEP_SUMMARY`)
/// or an e-mail body: the verdict, then GitHub-flavored tables. No color codes; database values
/// are escaped so that they cannot add markup, links or HTML.
final class MarkdownWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private var rows: [Violation] = []

    init(sink: TextSink, context: ReportContext) {
        self.sink = sink
        self.context = context
    }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        rows.append(violation)
    }

    func end(_ report: AuditReport) throws {
        let verdict = report.passed ? "✅ PASS" : "❌ FAIL"
        var out = "## traceaudit \(report.command.rawValue): \(verdict)\n\n"
        out += "Policy: succeeded jobs created on or after `\(report.policy.cutoff)` must have a `trace_id`.  \n"
        out += "Source: \(Escape.markdown(report.policy.table.description)) in \(Escape.markdown(context.target))"
        if !report.window.isOpen { out += " · " + TableWriter.describe(report.window) }
        out += "\n\n| Check | Result |\n|---|---|\n"
        out += "| Violations | \(report.violationCount == 0 ? "0" : "**\(report.violationCount)**") |\n"
        out += "| Undated without trace | \(report.undated.missingTrace == 0 ? "0" : "**\(report.undated.missingTrace)**") |\n"
        if report.gate.hasBaseline {
            out += "| Baseline | \(report.gate.acknowledged) acknowledged, \(report.newViolations) new, \(report.gate.stale.count) stale |\n"
        }
        if report.gate.isSet && report.decidedBy != .policy { out += "| Decided by | \(Escape.markdown(report.decisionText)) |\n" }
        if report.command != .violations {
            out += "| Legacy without trace (tolerated) | \(report.legacy.missingTrace) of \(report.legacy.total) |\n"
            let share = DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution).compliancePercentText.map { " (\($0)% traced)" } ?? ""
            out += "| Since the cutoff | \(report.distribution.hasTrace) with trace, \(report.distribution.missingTrace) without\(share) |\n"
        }
        if report.command.listsViolations && !rows.isEmpty {
            let columns = report.columns
            let marks = report.gate.hasBaseline
            let headers = ["id", "type", "created_at"] + (columns.updatedAt ? ["updated_at"] : [])
                + (columns.correlationId ? ["correlation_id"] : []) + ["trace_id"] + (marks ? ["baseline"] : [])
            out += "\n### Violations (newest first)\n\n| " + headers.joined(separator: " | ") + " |\n|"
                + String(repeating: "---|", count: headers.count) + "\n"
            for row in rows {
                var cells = [row.id ?? "NULL", row.type ?? "NULL", row.createdAt.description]
                if columns.updatedAt { cells.append(row.updatedAt?.description ?? "NULL") }
                if columns.correlationId { cells.append(row.correlationId ?? "NULL") }
                cells.append(row.traceId == nil ? "NULL" : "''")
                if marks { cells.append(row.acknowledged ? "acknowledged" : "new") }
                out += "| " + cells.map(Escape.markdown).joined(separator: " | ") + " |\n"
            }
            if report.violationCount > rows.count {
                out += "\n… \(report.violationCount - rows.count) more: `traceaudit violations --all`\n"
            }
        }
        if report.command == .violations && report.violationCount > 0 {
            out += "\n### By type\n\n| type | violations |\n|---|---:|\n"
            for entry in report.diagnosis.byType {
                out += "| \(Escape.markdown(entry.type ?? "NULL")) | \(entry.count) |\n"
            }
        }
        if report.command == .check || report.command == .daily {
            let days = report.command == .check ? Array(report.daily.prefix(TableWriter.checkDays)) : report.daily
            if !days.isEmpty {
                out += "\n### Daily compliance (UTC days, newest first)\n\n| day | total | with trace | without trace | compliance |\n|---|---:|---:|---:|---:|\n"
                for day in days {
                    out += "| \(day.day) | \(day.totalSucceeded) | \(day.withTrace) | \(day.withoutTrace) | \(day.compliancePercentText.map { $0 + "%" } ?? "—") |\n"
                }
            }
        }
        sink.write(out)
    }
}
