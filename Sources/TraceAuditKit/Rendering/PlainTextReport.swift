/// A report as plain text for the e-mail's text/plain part: lines of at most 72 characters, numbers
/// with thousands separators, instants to the second, database values escaped as on a terminal and
/// shortened with an ellipsis. Each section is one function returning its lines (nil to skip).
struct PlainTextReport {
    let report: AuditReport
    /// The violation rows listed, newest first.
    let rows: [Violation]
    let context: ReportContext

    /// The widest line.
    static let width = 72

    /// The whole text, ending with a newline.
    var text: String {
        sections.compactMap { $0 }.map { $0.joined(separator: "\n") + "\n" }.joined(separator: "\n")
    }

    private var sections: [[String]?] {
        // What the reader acts on first: the verdict, the types, the ids; then the days.
        [verdict(), freshness(), violationsByType(), newestViolations(), daily(), trend(), undated(), legacy(), footer()]
    }

    // MARK: Sections

    func verdict() -> [String] {
        var lines = wrap("\(ReportHeadline.verdict(report)): \(report.policy.table.description) - \(ReportHeadline.summary(report))")
        lines.append("")
        lines += wrap("Policy: succeeded jobs created on or after \(Figures.instant(report.policy.cutoff)) UTC must have a trace_id.")
        lines += wrap("Source: \(report.policy.table.description) in \(context.target); window: \(Figures.window(report.window)).")
        lines.append("")
        var figures = [("Violations", Figures.count(report.violationCount))]
        if let percent = ReportHeadline.compliancePercent(report) { figures.append((report.window.isOpen ? "Traced since cutoff" : "Traced in the window", percent + "%")) }
        if report.command != .violations { figures.append(("Succeeded jobs", Figures.count(report.distribution.total))) }
        figures.append(("Undated without trace", Figures.count(report.undated.missingTrace)))
        lines += figures.map { "  " + pad($0.0 + ":", 24) + $0.1 }
        if report.byType.isEmpty, report.beforeWindow?.hasViolations == true, let before = Figures.beforeWindow(report, time: utc) {
            lines.append("")
            lines += wrap(before + ".")
        }
        return lines
    }

    func daily() -> [String]? {
        guard report.command == .check || report.command == .daily else { return nil }
        let days = report.command == .check ? Array(report.daily.prefix(HTMLReport.checkDays)) : report.daily
        guard !days.isEmpty, !Figures.trendShows(report, days) else { return nil }
        return dayTable("Daily compliance (UTC days, newest first)", days, partial: "the window cuts it")
    }

    /// The last UTC days whatever the window (the daily mail's window is one day), newest first.
    func trend() -> [String]? {
        guard !report.trend.isEmpty else { return nil }
        var lines = dayTable("Last \(report.trend.count) days (UTC days, newest first)", report.trend, partial: "the audit read part of it")
        if let scope = Figures.trendScope(report) { lines += wrap(scope) }
        return lines
    }

    /// Days as a table with the marks explained below it: `<` a day with violations, `(partial)`
    /// a day whose counts cover part of it (`partial` says why, besides the time of the report).
    private func dayTable(_ title: String, _ days: [DailyCompliance], partial: String) -> [String] {
        var lines = [title, ""]
        lines.append(pad("Day", 12) + left("Succeeded", 12) + left("Without trace", 15) + left("Traced", 10))
        for day in days {
            lines.append(pad(day.day.description, 12) + left(Figures.count(day.totalSucceeded), 12)
                + left(Figures.count(day.withoutTrace), 15) + left(day.compliancePercentForPeople.map { $0 + "%" } ?? "no jobs", 10)
                + (day.withoutTrace > 0 ? "  <" : "") + (day.partial ? "  (partial)" : ""))
        }
        lines.append("")
        lines += wrap("< marks a day with violations."
            + (days.contains(where: \.partial)
                ? " (partial): the day includes the time of the report, or \(partial); its counts cover part of it." : ""))
        return lines
    }

    func freshness() -> [String]? {
        let freshness = report.freshness
        guard report.command != .violations else { return nil }
        let text = Figures.freshness(freshness)
        return wrap(text + ".")
    }

    func violationsByType() -> [String]? {
        guard !report.byType.isEmpty else { return nil }
        let rates = report.byType.contains { $0.succeeded != nil }
        var lines = ["Violations by job type", ""]
        if rates { lines.append("  " + pad("Type", 32) + left("Violations", 12) + left("Succeeded", 12) + left("Rate", 10)) }
        for entry in report.byType {
            var line = "  " + pad(cell(entry.type, 30), 32) + left(Figures.count(entry.violations), 12)
            if rates {
                line += left(entry.succeeded.map(Figures.count) ?? "", 12) + left(entry.ratePercentForPeople.map { $0 + "%" } ?? "", 10)
            }
            lines.append(line)
        }
        if let first = report.diagnosis.first, let last = report.diagnosis.last {
            lines.append("")
            lines += wrap(Figures.firstLabel(report) + " \(utc(first)), latest \(utc(last)).")
        }
        if let before = Figures.beforeWindow(report, time: utc) { lines += wrap(before + ".") }
        return lines
    }

    /// Each row as a block: when and what type, then the job id and the correlation id whole, on
    /// lines of their own (a reader acts on them; an id is never cut, even past 72 characters).
    func newestViolations() -> [String]? {
        guard report.command.listsViolations, !rows.isEmpty else { return nil }
        var lines = ["Newest violations", ""]
        for row in rows {
            lines.append("  " + pad(Figures.instant(row.createdAt) + " UTC", 25) + cell(row.type, 45))
            lines.append("    job id:         " + TableWriter.wholeCell(row.id))
            if report.columns.correlationId {
                lines.append("    correlation id: " + TableWriter.wholeCell(row.correlationId))
            }
        }
        if report.violationCount > rows.count {
            lines.append("")
            lines += wrap("\(Figures.count(report.violationCount - rows.count)) more not listed: traceaudit violations --all")
        }
        return lines
    }

    func undated() -> [String]? {
        guard report.undated.total > 0 else { return nil }
        var lines = ["Undated jobs", ""] + wrap(
            "\(Figures.counted(report.undated.total, "succeeded job")) with a NULL or unreadable created_at, \(Figures.count(report.undated.missingTrace)) of them without a trace"
                + (report.undated.missingTrace == 0 ? "."
                    : report.undatedDecidesVerdict ? ": they cannot be shown to be legacy, so they fail the audit."
                    : ": they belong to no window, so they do not decide this report's verdict."))
        if !report.undatedIds.isEmpty {
            lines += wrap("Ids without a trace: " + report.undatedIds.map { TerminalText.clipped($0 ?? "NULL", to: TableWriter.idLimit) }.joined(separator: ", ")
                + (report.undatedTruncated ? ", … (\(Figures.count(report.undated.missingTrace - report.undatedIds.count)) more)" : ""))
        }
        return lines
    }

    func legacy() -> [String]? {
        guard report.command != .violations, report.legacy.total > 0 else { return nil }
        return ["Legacy (before the cutoff, tolerated)", ""] + wrap(
            "\(Figures.counted(report.legacy.total, "succeeded job")), \(Figures.count(report.legacy.missingTrace)) without a trace.")
    }

    func footer() -> [String] {
        var text = "-- \nGenerated \(Figures.instant(context.startedAt)) UTC by traceaudit \(context.version)"
        if let engine = context.engine { text += " from \(engine.rawValue)" }
        return [text + "."]
    }

    // MARK: Pieces

    /// `2026-11-28 14:03:07 UTC`.
    private func utc(_ instant: Instant) -> String { Figures.instant(instant) + " UTC" }

    /// A database value escaped and shortened to `limit` characters.
    private func cell(_ value: String?, _ limit: Int) -> String {
        guard let value else { return "NULL" }
        return TerminalText.clipped(Escape.terminal(value), to: limit)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.unicodeScalars.count))
    }

    private func left(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.unicodeScalars.count)) + text
    }

    private func wrap(_ prose: String) -> [String] { Self.wrap(prose) }

    /// Prose (values in it escaped) wrapped at word boundaries into lines of `width`; a word
    /// longer than a line (an id) stays whole.
    static func wrap(_ prose: String, width: Int = width) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in Escape.terminal(prose).split(separator: " ") {
            let word = String(word)
            if !line.isEmpty && line.unicodeScalars.count + 1 + word.unicodeScalars.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}
