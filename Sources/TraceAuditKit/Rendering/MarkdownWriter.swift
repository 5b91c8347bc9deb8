/// `--format markdown`: a report for a pull request's step summary (`>> $GITHUB_STEP_SUMMARY`)
/// or an e-mail body: the verdict, then GitHub-flavored tables. No color codes; database values
/// are escaped so that they cannot add markup, links or HTML.
final class MarkdownWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private var rows: [Violation] = []
    /// The most stale baseline ids listed (JSON lists them all).
    static let staleShown = 50

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
        let n = Counting.number
        var out = "## traceaudit \(report.command.rawValue): \(verdict)\n\n"
        out += "Policy: succeeded jobs created on or after `\(Counting.time(report.policy.cutoff))` must have a `trace_id`.  \n"
        out += "Source: \(Escape.markdown(report.policy.table.description)) in \(Escape.markdown(context.target))"
        if !report.window.isOpen { out += " · " + TableWriter.describe(report.window) }
        out += "\n\n| Check | Result |\n|---|---|\n"
        out += "| Violations | \(report.violationCount == 0 ? "0" : "**\(n(report.violationCount))**") |\n"
        let undatedCell = report.undated.missingTrace == 0
            ? "0" : report.undatedDecidesVerdict ? "**\(n(report.undated.missingTrace))**" : "\(n(report.undated.missingTrace)) (warning: in no window, not in this verdict)"
        out += "| Undated without trace | \(undatedCell) |\n"
        if let first = report.diagnosis.first, let last = report.diagnosis.last {
            let scope = report.window.isOpen ? "" : " in the window"
            out += "| First\(scope), last\(scope) | `\(Counting.time(first))`, `\(Counting.time(last))` |\n"
        }
        if let before = Figures.beforeWindow(report, time: { "`" + Counting.time($0) + "`" }, id: { "`" + Escape.markdown($0) + "`" }) {
            out += "| Before the window | \(before) |\n"
        }
        if report.gate.hasBaseline {
            var stale = "\(n(report.gate.stale.count)) stale"
            if !report.gate.stale.isEmpty {
                let shown = report.gate.stale.prefix(MarkdownWriter.staleShown).map(Escape.markdown).joined(separator: ", ")
                let more = report.gate.stale.count - MarkdownWriter.staleShown
                stale += " (no longer violations, remove them: \(shown)\(more > 0 ? ", … \(n(more)) more" : ""))"
            }
            out += "| Baseline | \(n(report.gate.acknowledged)) acknowledged, \(n(report.newViolations)) new, \(stale) |\n"
        }
        if report.gate.isSet && report.decidedBy != .policy { out += "| Decided by | \(Escape.markdown(report.decisionText)) |\n" }
        if report.command != .violations {
            out += "| Legacy without trace (tolerated) | \(n(report.legacy.missingTrace)) of \(n(report.legacy.total)) |\n"
            let share = DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution).compliancePercentForPeople.map { " (\($0)% traced)" } ?? ""
            let scope = report.window.isOpen ? "Since the cutoff" : "Since the cutoff, in the window"
            out += "| \(scope) | \(n(report.distribution.hasTrace)) with trace, \(n(report.distribution.missingTrace)) without\(share) |\n"
            out += "| Newest succeeded job | \(MarkdownWriter.traffic(report.freshness)) |\n"
            if report.freshness.isChecked {
                let result = report.freshness.failureMessage.map { "**FAIL**: " + Escape.markdown($0) } ?? "pass"
                out += "| Freshness (--max-age, --min-jobs) | \(result) |\n"
            }
        }
        if report.command.listsViolations && report.violationCount > 0 {
            let withTotals = report.byType.contains { $0.succeeded != nil }
            out += "\n### Violations by type\n\n" + (withTotals
                ? "| type | violations | of succeeded | rate |\n|---|---:|---:|---:|\n" : "| type | violations |\n|---|---:|\n")
            for entry in report.byType {
                out += "| \(Escape.markdown(entry.type ?? "NULL")) | \(n(entry.violations)) |"
                if withTotals {
                    out += " \(entry.succeeded.map(n) ?? "—") | \(entry.ratePercentForPeople.map { $0 + "%" } ?? "—") |"
                }
                out += "\n"
            }
        }
        if report.command.listsViolations && !rows.isEmpty {
            let columns = report.columns
            let marks = report.gate.hasBaseline
            let headers = ["id", "type", "created_at"] + (columns.updatedAt ? ["updated_at"] : [])
                + (columns.correlationId ? ["correlation_id"] : []) + ["trace_id"] + (marks ? ["baseline"] : [])
            out += "\n### Violations (newest first)\n\n| " + headers.joined(separator: " | ") + " |\n|"
                + String(repeating: "---|", count: headers.count) + "\n"
            for row in rows {
                let updated: String
                switch row.updatedAt {
                case .instant(let instant)?: updated = Counting.time(instant)
                case .unreadable(let text)?: updated = text
                case nil: updated = "NULL"
                }
                var cells = [row.id ?? "NULL", row.type ?? "NULL", Counting.time(row.createdAt)]
                if columns.updatedAt { cells.append(updated) }
                if columns.correlationId { cells.append(row.correlationId ?? "NULL") }
                cells.append(row.traceId == nil ? "NULL" : "''")
                if marks { cells.append(row.acknowledged ? "acknowledged" : "new") }
                out += "| " + cells.map(Escape.markdown).joined(separator: " | ") + " |\n"
            }
            if report.violationCount > rows.count {
                out += "\n… \(n(report.violationCount - rows.count)) more: `traceaudit violations --all`\n"
            }
        }
        if !report.undatedIds.isEmpty {
            out += "\n### Undated jobs without a trace (highest id first)\n\n"
            out += report.undatedDecidesVerdict
                ? "Their created_at is NULL or unreadable, so they fail the audit; fix created_at to classify them.\n\n"
                : "**Warning**: their created_at is NULL or unreadable; they belong to no window, so they do not decide this window's verdict, but the whole-table check fails on them.\n\n"
            out += "| id |\n|---|\n" + report.undatedIds.map { "| \(Escape.markdown($0 ?? "NULL")) |\n" }.joined()
            if report.undatedTruncated {
                out += "\n… \(n(report.undated.missingTrace - report.undatedIds.count)) more: raise `--limit` or use `--all`\n"
            }
        }
        if report.command == .check || report.command == .daily {
            let days = report.command == .check ? Array(report.daily.prefix(TableWriter.checkDays)) : report.daily
            if !days.isEmpty {
                out += "\n### Daily compliance (UTC days, newest first)\n\n| day | total | with trace | without trace | compliance |\n|---|---:|---:|---:|---:|\n"
                for day in days {
                    out += "| \(day.day)\(day.partial ? " (partial)" : "") | \(n(day.totalSucceeded)) | \(n(day.withTrace)) | \(n(day.withoutTrace)) | \(day.compliancePercentForPeople.map { $0 + "%" } ?? "—") |\n"
                }
                if days.contains(where: \.partial) {
                    out += "\n(partial): the day includes the time of the audit, or the window cuts it.\n"
                }
            }
        }
        sink.write(out)
    }

    /// The newest succeeded job's created_at and age, to the second.
    static func traffic(_ freshness: Freshness) -> String {
        guard let newest = freshness.newestSucceeded, let age = freshness.ageMicroseconds else {
            return "none in the window (no traffic is no evidence of compliance)"
        }
        return "`\(Counting.time(newest))` (" + (age >= 0 ? Freshness.humanSpan(age) + " ago" : Freshness.humanSpan(-age) + " in the future")
            + "), " + Counting.counted(freshness.succeededJobs, "succeeded job", "succeeded jobs") + " in the window"
    }
}
