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
    private var pending: [[ViolationColumn: String]] = []
    private var layout: ViolationTableLayout?
    /// The optional columns the table has; the violations table leaves out the others.
    private var columns = JobColumns.all
    /// With a baseline, the rows end with whether it lists them.
    private var marksAcknowledged = false

    init(sink: TextSink, style: Style, context: ReportContext) {
        self.sink = sink
        self.style = style
        self.context = context
    }

    /// The line width the report fits.
    private var width: Int { context.width }

    /// `text` wrapped to the width at word boundaries, `label` (its start) in bold.
    private func prose(_ text: String, label: String = "", indent: String = "", hanging: String = "  ") -> String {
        let wrapped = TerminalText.wrapped(label + text, width: width, indent: indent, hanging: hanging)
        guard !label.isEmpty, wrapped.hasPrefix(indent + label) else { return wrapped }
        return indent + style.bold(label) + wrapped.dropFirst(indent.count + label.count)
    }

    func begin(_ report: AuditReport) throws {
        var heading = context.command.rawValue + " · " + cell(report.policy.table.description) + " in " + cell(context.target)
            + " · cutoff " + Counting.time(report.policy.cutoff)
        if !report.window.isOpen { heading += " · " + TableWriter.describe(report.window) }
        var out = prose(" " + heading, label: "traceaudit")
        out += context.sourceLines(standby: report.standby)
        out += "\n" + verdict(report) + "\n"
        if report.gate.isSet && report.decidedBy != .policy {
            out += prose("decided by " + Escape.terminal(report.decisionText), indent: "  ", hanging: "    ")
        }
        if let baseline = report.baselineText { out += prose(Escape.terminal(baseline), indent: "  ", hanging: "    ") }
        columns = report.columns
        marksAcknowledged = report.gate.hasBaseline
        let before = Figures.beforeWindow(report, time: Counting.time, id: Escape.terminal).map { prose($0 + ".", indent: "  ", hanging: "    ") }
        let listsViolations = report.command.listsViolations && report.violationCount > 0
        if !listsViolations, report.beforeWindow?.hasViolations == true, let before { out += before }
        if listsViolations {
            var text = ": \(Counting.number(report.violationCount)) succeeded " + plural(report.violationCount, "job", "jobs")
                + " created since the cutoff without a trace_id"
            if let first = report.diagnosis.first, let last = report.diagnosis.last {
                // In a window, the first violation it saw need not be the first of all.
                let scope = report.window.isOpen ? "" : " in the window"
                text += ", first\(scope) " + Counting.time(first) + ", last\(scope) " + Counting.time(last)
            }
            out += "\n" + prose(text, label: "Violations")
            if let before { out += before }
            out += byType(report) + "\n"
            if report.command == .violations {
                out += prose(
                    "Next: find each job's logs by correlation_id and check that its type's code path sets trace_id before marking"
                        + " the job succeeded (the orchestrator logs POLICY_VIOLATION for each).", indent: "  ", hanging: "  ")
                out += "\n"
            }
        }
        sink.write(out)
    }

    /// Violations per type with the type's succeeded jobs and rate (the total is unknown to
    /// `violations`, whose scan reads violations only).
    private func byType(_ report: AuditReport) -> String {
        let withTotals = report.byType.contains { $0.succeeded != nil }
        var columns: [TextTable.Column] = [.init(header: "TYPE"), .init(header: "VIOLATIONS", alignRight: true)]
        if withTotals { columns += [.init(header: "OF_SUCCEEDED", alignRight: true), .init(header: "RATE", alignRight: true)] }
        var types = TextTable(columns: columns, width: width)
        types.rows = report.byType.map { entry in
            [cell(entry.type), Counting.number(entry.violations)]
                + (withTotals ? [entry.succeeded.map(Counting.number) ?? "—", entry.ratePercentForPeople.map { $0 + "%" } ?? "—"] : [])
        }
        return types.render(style: style)
    }

    func violation(_ violation: Violation) throws {
        var row: [ViolationColumn: String] = [
            .id: TableWriter.wholeCell(violation.id), .type: cell(violation.type), .createdAt: Counting.time(violation.createdAt),
            .traceId: violation.traceId == nil ? "NULL" : "''",
        ]
        if columns.updatedAt { row[.updatedAt] = violation.updatedAt.map(TableWriter.time) ?? "NULL" }
        if columns.correlationId { row[.correlationId] = cell(violation.correlationId) }
        if marksAcknowledged { row[.baseline] = violation.acknowledged ? "acknowledged" : "new" }
        if let layout {
            sink.write(layout.line(row, style: style))
            return
        }
        pending.append(row)
        if pending.count == TableWriter.alignmentRows { flushPending() }
    }

    /// A recorded time for people: an instant to the second, other text as stored (escaped).
    static func time(_ recorded: RecordedTime) -> String {
        switch recorded {
        case .instant(let instant): return Counting.time(instant)
        case .unreadable(let text): return cell(text)
        }
    }

    /// The violations table, fitted to the width from the rows held.
    private func flushPending() {
        guard !pending.isEmpty else { return }
        var available: [ViolationColumn] = [.id, .type, .createdAt]
        if columns.updatedAt { available.append(.updatedAt) }
        if columns.correlationId { available.append(.correlationId) }
        available.append(.traceId)
        if marksAcknowledged { available.append(.baseline) }
        let layout = ViolationTableLayout(fitting: pending, columns: available, width: width)
        sink.write(layout.header(style: style) + pending.map { layout.line($0, style: style) }.joined())
        self.layout = layout
        pending = []
    }

    func end(_ report: AuditReport) throws {
        flushPending()
        var out = ""
        if report.command.listsViolations && report.truncated {
            let more = report.violationCount - report.listedViolations
            out += prose("… \(Counting.number(more)) more; raise --limit or use --all to list them", indent: "  ", hanging: "  ")
        }
        out += undated(report)
        out += freshness(report)
        if report.command == .check || report.command == .legacy {
            out += "\n" + prose(" (succeeded before the cutoff; missing traces tolerated)", label: "Legacy")
            var legacy = TextTable(columns: [
                .init(header: "MISSING_TRACE", alignRight: true), .init(header: "OF_SUCCEEDED", alignRight: true),
            ], width: width)
            legacy.rows = [[Counting.number(report.legacy.missingTrace), Counting.number(report.legacy.total)]]
            out += legacy.render(style: style)
        }
        if report.command == .check || report.command == .distribution {
            out += "\n" + prose(" (succeeded since the cutoff)", label: "Distribution")
            var distribution = TextTable(columns: [
                .init(header: "HAS_TRACE", alignRight: true), .init(header: "MISSING_TRACE", alignRight: true),
            ], width: width)
            distribution.rows = [[Counting.number(report.distribution.hasTrace), Counting.number(report.distribution.missingTrace)]]
            out += distribution.render(style: style)
        }
        if report.command == .check || report.command == .daily {
            out += "\n" + prose(" (UTC days since the cutoff, newest first)", label: "Daily compliance")
            let shown = report.command == .check ? Array(report.daily.prefix(TableWriter.checkDays)) : report.daily
            if shown.isEmpty {
                out += "  no succeeded jobs since the cutoff\n"
            } else {
                var daily = TextTable(columns: [
                    .init(header: "DAY", shrinks: false), .init(header: "TOTAL", alignRight: true),
                    .init(header: "WITH_TRACE", alignRight: true), .init(header: "WITHOUT_TRACE", alignRight: true),
                    .init(header: "COMPLIANCE", alignRight: true),
                ], width: width)
                daily.rows = shown.map { day in
                    [
                        day.day.description + (day.partial ? " (partial)" : ""), Counting.number(day.totalSucceeded),
                        Counting.number(day.withTrace), Counting.number(day.withoutTrace),
                        day.compliancePercentForPeople.map { $0 + "%" } ?? "—",
                    ]
                }
                out += daily.render(style: style)
                if shown.contains(where: \.partial) {
                    out += prose(
                        "(partial): the day includes the time of the audit, or the window cuts it; its counts cover part of it."
                            + " For complete days, use --day yesterday or --since/--until at midnight UTC.", indent: "  ", hanging: "  ")
                }
                if let range = report.dailyDays, case let later = shown.filter({ $0.day.number > range.upperBound }), !later.isEmpty {
                    out += prose(
                        "\(later.count) " + plural(later.count, "day", "days") + " after today (\(later.last!.day)"
                            + (later.count > 1 ? " to \(later[0].day)" : "") + "): jobs dated in the future, counted in the verdict",
                        indent: "  ", hanging: "  ")
                }
                if shown.count < report.daily.count {
                    let earlier = report.daily.count - shown.count
                    out += prose(
                        "… \(Counting.number(earlier)) earlier " + plural(earlier, "day", "days") + "; see traceaudit daily --days N",
                        indent: "  ", hanging: "  ")
                }
            }
        }
        sink.write(out)
    }

    /// Undated jobs: how many, whether they decide the verdict, and the ids of those without a trace.
    private func undated(_ report: AuditReport) -> String {
        let undated = report.undated
        guard undated.missingTrace > 0 || (report.command == .check && undated.total > 0) else { return "" }
        var text: String
        if report.command == .violations {
            text = ": \(Counting.number(undated.missingTrace)) succeeded " + plural(undated.missingTrace, "job", "jobs")
                + " without a trace " + plural(undated.missingTrace, "has", "have") + " a NULL or unreadable created_at"
        } else {
            text = ": \(Counting.number(undated.total)) succeeded " + plural(undated.total, "job has", "jobs have")
                + " a NULL or unreadable created_at; \(Counting.number(undated.missingTrace)) of them "
                + plural(undated.missingTrace, "lacks", "lack") + " a trace"
        }
        if undated.missingTrace > 0 {
            text += report.undatedDecidesVerdict
                ? " and " + plural(undated.missingTrace, "fails", "fail") + " the audit (fix created_at to classify "
                    + plural(undated.missingTrace, "it", "them") + ")"
                : "; warning: " + plural(undated.missingTrace, "it belongs", "they belong")
                    + " to no window, so " + plural(undated.missingTrace, "it does", "they do")
                    + " not decide this window's verdict, but the whole-table check fails on "
                    + plural(undated.missingTrace, "it", "them") + " (fix created_at)"
        }
        var out = "\n" + prose(text, label: "Undated")
        if !report.undatedIds.isEmpty {
            let more = undated.missingTrace - report.undatedIds.count
            out += prose(
                "ids without a trace (highest first): " + report.undatedIds.map(TableWriter.wholeCell).joined(separator: ", ")
                    + (more > 0 ? " … \(Counting.number(more)) more; raise --limit or use --all" : ""),
                indent: "  ", hanging: "    ")
        }
        return out
    }

    /// The newest succeeded job and its age, and the freshness check when asked for.
    private func freshness(_ report: AuditReport) -> String {
        guard report.command != .violations else { return "" }
        let freshness = report.freshness
        var text: String
        if let newest = freshness.newestSucceeded, let age = freshness.ageMicroseconds {
            text = ": newest succeeded job created " + Counting.time(newest) + " ("
                + (age >= 0 ? Freshness.humanSpan(age) + " ago" : Freshness.humanSpan(-age) + " in the future") + "), "
                + Counting.counted(freshness.succeededJobs, "succeeded job", "succeeded jobs") + " in the window"
        } else {
            text = ": no succeeded job in the window; no traffic is no evidence of compliance"
        }
        if let message = freshness.failureMessage {
            text += "; FAIL: " + message
        } else if freshness.isChecked {
            text += "; within " + [
                freshness.maxAge.map { "--max-age " + Freshness.humanSpan($0) },
                freshness.minJobs.map { "--min-jobs " + Counting.number($0) },
            ].compactMap { $0 }.joined(separator: " and ")
        }
        return "\n" + prose(text, label: "Traffic")
    }

    /// `PASS`/`FAIL` and the counts that decide it, wrapped to the width.
    func verdict(_ report: AuditReport) -> String {
        var parts = [Counting.counted(report.violationCount, "violation", "violations")]
        parts.append(Counting.number(report.undated.missingTrace) + " undated without trace"
            + (report.undated.missingTrace > 0 && !report.undatedDecidesVerdict ? " (not in the verdict)" : ""))
        if report.command != .violations {
            let share = DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution)
            let scope = report.window.isOpen ? "since the cutoff" : "since the cutoff in the window"
            parts.append(
                report.distribution.total == 0
                    ? "no succeeded jobs \(scope)"
                    : "\(share.compliancePercentForPeople ?? "100.00")% of \(Counting.counted(report.distribution.total, "succeeded job", "succeeded jobs")) \(scope) "
                        + plural(report.distribution.total, "has", "have") + " a trace")
        }
        if report.freshness.isChecked && !report.freshness.passed { parts.append("freshness check failed") }
        let wrapped = TerminalText.wrapped(parts.joined(separator: " · "), width: width, indent: "      ", hanging: "      ")
        let word = report.passed ? style.green("PASS") : style.red("FAIL")
        return word + "  " + String(wrapped.dropFirst(6).dropLast())
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

    /// A job id made safe for a terminal and not shortened (a reader copies it); NULL for nil. Only
    /// a value longer than `idLimit`, hostile data rather than an id anyone copies, is cut, so
    /// that it cannot flood the terminal (JSON, CSV and `--format ids` carry it whole).
    static func wholeCell(_ value: String?) -> String {
        value.map { TerminalText.clipped(Escape.terminal($0), to: idLimit) } ?? "NULL"
    }

    /// The longest id shown whole: far beyond any real one (a UUID is 36 characters).
    static let idLimit = 1024

    /// A database value made safe and short for a terminal; NULL for nil.
    static func cell(_ value: String?) -> String {
        guard let value else { return "NULL" }
        return TerminalText.clipped(Escape.terminal(value), to: cellLimit)
    }

    func plural(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? one : many
    }
}
