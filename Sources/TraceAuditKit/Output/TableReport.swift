/// The `--format table` report for people: a verdict line, then each check as an aligned table.
enum TableReport {
    /// Longest value shown in a cell; JSON carries the full value.
    static let cellLimit = 60

    static func render(_ report: AuditReport, context: AuditContext, style: Style) -> String {
        var out = style.bold("traceaudit") + " · " + cell(report.policy.table.description) + " in "
            + cell(context.target) + " · cutoff " + report.policy.cutoff.description + "\n\n"
        out += verdict(report, style: style) + "\n"

        if report.violationCount > 0 {
            out += "\n" + style.bold("Violations") + ": \(report.violationCount) succeeded "
                + plural(report.violationCount, "job", "jobs") + " created since the cutoff without a trace_id"
                + (report.violations.isEmpty ? "" : ", newest first") + "\n"
            var table = TextTable(columns: [
                .init(header: "ID"), .init(header: "TYPE"), .init(header: "CREATED_AT"), .init(header: "UPDATED_AT"),
                .init(header: "CORRELATION_ID"), .init(header: "TRACE_ID"),
            ])
            table.rows = report.violations.map { violation in
                [
                    cell(violation.id), cell(violation.type), violation.createdAt.description,
                    cell(violation.updatedAt?.description), cell(violation.correlationId),
                    violation.traceId == nil ? "NULL" : "''",
                ]
            }
            if !report.violations.isEmpty { out += table.render(style: style) }
            if report.truncated {
                let more = report.violationCount - report.violations.count
                out += "  … \(more) more; raise --limit to list them\n"
            }
        }

        if report.undated.total > 0 {
            out += "\n" + style.bold("Undated") + ": \(report.undated.total) succeeded "
                + plural(report.undated.total, "job has", "jobs have") + " a NULL or unreadable created_at; "
                + "\(report.undated.missingTrace) of them lack a trace"
                + (report.undated.missingTrace > 0 ? " and fail the audit (fix created_at to classify them)" : "")
                + "\n"
        }

        out += "\n" + style.bold("Legacy") + " (succeeded before the cutoff; missing traces tolerated)\n"
        var legacy = TextTable(columns: [.init(header: "MISSING_TRACE", alignRight: true), .init(header: "OF_SUCCEEDED", alignRight: true)])
        legacy.rows = [[String(report.legacy.missingTrace), String(report.legacy.total)]]
        out += legacy.render(style: style)

        out += "\n" + style.bold("Distribution") + " (succeeded since the cutoff)\n"
        var distribution = TextTable(columns: [.init(header: "HAS_TRACE", alignRight: true), .init(header: "MISSING_TRACE", alignRight: true)])
        distribution.rows = [[String(report.distribution.hasTrace), String(report.distribution.missingTrace)]]
        out += distribution.render(style: style)

        out += "\n" + style.bold("Daily compliance") + " (UTC days since the cutoff, newest first)\n"
        if report.daily.isEmpty {
            out += "  no succeeded jobs since the cutoff\n"
        } else {
            var daily = TextTable(columns: [
                .init(header: "DAY"), .init(header: "TOTAL", alignRight: true),
                .init(header: "WITH_TRACE", alignRight: true), .init(header: "WITHOUT_TRACE", alignRight: true),
                .init(header: "COMPLIANCE", alignRight: true),
            ])
            daily.rows = report.daily.map { day in
                [
                    day.day.description, String(day.totalSucceeded), String(day.withTrace), String(day.withoutTrace),
                    day.compliancePercentText + "%",
                ]
            }
            out += daily.render(style: style)
        }
        return out
    }

    /// `PASS`/`FAIL` and the counts that decide it, in one line.
    static func verdict(_ report: AuditReport, style: Style) -> String {
        let share = DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution)
        let coverage = report.distribution.total == 0
            ? "no succeeded jobs since the cutoff"
            : "\(share.compliancePercentText)% of \(report.distribution.total) succeeded jobs since the cutoff have a trace"
        let counts = "\(report.violationCount) " + plural(report.violationCount, "violation", "violations")
            + ", \(report.undated.missingTrace) undated without trace"
        return (report.passed ? style.green("PASS") : style.red("FAIL")) + "  " + counts + " · " + coverage
    }

    /// A database value made safe and short for a terminal; NULL for nil.
    static func cell(_ value: String?) -> String {
        guard let value else { return "NULL" }
        return TerminalText.clipped(TerminalText.escaped(value), to: cellLimit)
    }

    static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? one : many
    }
}
