/// A report as HTML for people: the `html` format's page and the e-mail's HTML part.
///
/// Both media use inline styles and tables only (mail clients strip `<head>` styles and SVG); the
/// page adds an inline SVG chart of daily compliance and a Content-Security-Policy that forbids
/// every request. Each section is one function returning its HTML, or nil when the report has
/// nothing for it: a new number in `AuditReport` is a new function and a line in `sections`.
/// Every value from the database, argv or the environment goes through `Escape.html`.
struct HTMLReport {
    typealias Medium = HTMLPage.Medium

    let report: AuditReport
    /// The violation rows listed, newest first.
    let rows: [Violation]
    let context: ReportContext
    let medium: Medium

    /// The most days the chart and the daily table show for `check` (`daily` shows the days asked for).
    static let checkDays = 30
    /// The most types and days in the type × day view.
    static let grid = (types: 8, days: 14)

    /// The page's policy: no request of any kind, inline styles only.
    static let contentSecurityPolicy = HTMLPage.contentSecurityPolicy

    /// The whole document.
    var document: String {
        let title = "traceaudit \(ReportHeadline.verdict(report)) \(report.policy.table.description): \(ReportHeadline.summary(report))"
        return HTMLPage.document(title: title, medium: medium, sections: sections.compactMap { $0 })
    }

    /// The sections in reading order.
    private var sections: [String?] {
        // What the reader acts on first: the verdict, the types, the ids; then the days.
        [verdict(), keyFigures(), beforeWindow(), freshness(), violationsByType(), newestViolations(), typeByDay(), dailyTable(),
         dailyChart(), trendTable(), undated(), legacy(), footer()]
    }

    // MARK: Sections

    /// The verdict and the headline, with the policy and where the numbers come from.
    func verdict() -> String {
        var out = HTMLPage.verdictHeading(
            source: "traceaudit \(report.command.rawValue) · \(report.policy.table.description) in \(context.target)", passed: report.passed,
            verdict: ReportHeadline.verdict(report), headline: ReportHeadline.summary(report))
        out += "<p style=\"margin:10px 0 0 0;font-size:14px;color:\(Palette.muted);\">Policy: succeeded jobs created on or after "
        out += "\(Escape.html(Figures.instant(report.policy.cutoff))) UTC must have a trace_id."
        out += " Window: " + Escape.html(Figures.window(report.window)) + ".</p>\n"
        return out
    }

    /// The numbers that decide the verdict, side by side.
    func keyFigures() -> String {
        var cells: [(label: String, value: String, alert: Bool, id: String)] = [
            ("Violations", Figures.count(report.violationCount), report.violationCount > 0, "violations")
        ]
        if let percent = ReportHeadline.compliancePercent(report) {
            cells.append((report.window.isOpen ? "Traced since cutoff" : "Traced in the window", percent + "%", report.distribution.missingTrace > 0, "compliance"))
        }
        if report.command != .violations {
            cells.append(("Succeeded jobs", Figures.count(report.distribution.total), false, "succeeded"))
        }
        cells.append(("Undated without trace", Figures.count(report.undated.missingTrace), report.undated.missingTrace > 0, "undated"))
        var out = "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:8px 0 4px 0;\"><tr>\n"
        for cell in cells {
            out += "<td valign=\"top\" width=\"25%\" style=\"padding:10px 12px;border:1px solid \(Palette.rule);border-radius:6px;\">"
            out += "<div style=\"font-size:12px;color:\(Palette.muted);\">\(Escape.html(cell.label))</div>"
            out += "<div id=\"figure-\(cell.id)\" style=\"font-size:24px;font-weight:600;color:\(cell.alert ? Palette.fail : Palette.text);\">\(Escape.html(cell.value))</div></td>\n"
        }
        return out + "</tr></table>\n"
    }

    /// The days shown, oldest first.
    private var days: [DailyCompliance] {
        guard report.command == .check || report.command == .daily else { return [] }
        let shown = report.command == .check ? Array(report.daily.prefix(Self.checkDays)) : report.daily
        return shown.reversed()
    }

    /// The lowest compliance the chart's bars show, a multiple of 10, so a drop from 100% to 94% is visible.
    private var axisFloor: Int { Self.axisFloor(days) }

    /// The lowest compliance bars for `days` show.
    private static func axisFloor(_ days: [DailyCompliance]) -> Int {
        let lowest = days.compactMap(\.complianceHundredths).min() ?? 10_000
        return min(90, max(0, (lowest / 100 - 1) / 10 * 10))
    }

    /// A day's bar length out of `width`, on the axis from `floor` (the chart's by default) to 100%.
    private func barLength(_ day: DailyCompliance, width: Int, floor: Int? = nil) -> Int {
        guard let hundredths = day.complianceHundredths else { return 0 }
        let floor = (floor ?? axisFloor) * 100
        return max(0, (hundredths - floor) * width / (10_000 - floor))
    }

    /// The page's chart of daily compliance (inline SVG; the mail shows bars in the table instead).
    func dailyChart() -> String? {
        guard medium == .page, !days.isEmpty else { return nil }
        let width = 664, height = 200, left = 44, top = 10, plot = 150
        let step = Double(width - left) / Double(days.count)
        let barWidth = max(2.0, step * 0.7)
        var out = ""
        out += "<svg id=\"daily-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Traced share of succeeded jobs per UTC day\" style=\"max-width:\(width)px;\">\n"
        for percent in [axisFloor, (axisFloor + 100) / 2, 100] {
            let y = top + plot - (percent - axisFloor) * plot / (100 - axisFloor)
            out += "<line x1=\"\(left)\" x2=\"\(width)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"\(Palette.rule)\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"\(Palette.muted)\">\(percent)%</text>\n"
        }
        for (index, day) in days.enumerated() {
            let x = Double(left) + Double(index) * step + (step - barWidth) / 2
            let length = barLength(day, width: plot)
            let label = Escape.html(day.day.description + ": " + (day.compliancePercentForPeople.map { $0 + "% traced, " } ?? "no jobs, ")
                + Figures.counted(day.withoutTrace, "violation"))
            if day.totalSucceeded == 0 {
                out += "<rect x=\"\(format(x))\" y=\"\(top + plot - 2)\" width=\"\(format(barWidth))\" height=\"2\" fill=\"\(Palette.muted)\"><title>\(label)</title></rect>\n"
            } else {
                let color = day.withoutTrace > 0 ? Palette.fail : Palette.pass
                out += "<rect x=\"\(format(x))\" y=\"\(top + plot - length)\" width=\"\(format(barWidth))\" height=\"\(max(length, 1))\" fill=\"\(color)\"><title>\(label)</title></rect>\n"
            }
            if index == 0 || index == days.count - 1 || (days.count > 8 && index % max(1, days.count / 6) == 0 && days.count - 1 - index >= days.count / 8) {
                // The last label ends at its bar (and the first starts at its bar) so the edge never clips it.
                let anchor = index == days.count - 1 && days.count > 1 ? ("end", x + barWidth) : index == 0 && days.count > 1 ? ("start", x) : ("middle", x + barWidth / 2)
                out += "<text x=\"\(format(min(Double(width) - 1, anchor.1)))\" y=\"\(top + plot + 18)\" text-anchor=\"\(anchor.0)\" font-size=\"11\" fill=\"\(Palette.muted)\">\(day.day.description.dropFirst(5))\(day.partial ? "*" : "")</text>\n"
            }
        }
        out += "<text x=\"\(left)\" y=\"\(height - 4)\" font-size=\"11\" fill=\"\(Palette.muted)\">Share of succeeded jobs with a trace; red days have violations. The axis starts at \(axisFloor)%.</text>\n"
        return out + "</svg>\n"
    }

    /// Daily compliance as numbers, newest day first, with a bar made of table cells.
    func dailyTable() -> String? {
        guard !days.isEmpty, !Figures.trendShows(report, days) else { return nil }
        return dayTable("Daily compliance (UTC days)", id: "daily", days.reversed(), partial: "the window cuts it")
    }

    /// The last UTC days whatever the window (the daily mail's window is one day), newest first.
    func trendTable() -> String? {
        guard !report.trend.isEmpty else { return nil }
        var out = dayTable("Last \(report.trend.count) days (UTC days)", id: "trend", report.trend, partial: "the audit read part of it")
        if let scope = Figures.trendScope(report) { out += note(scope) }
        return out
    }

    /// `days` (newest first) as a table, in the mail with bars on their own axis, and the partial
    /// mark explained (`partial` says why a day may be partial besides the time of the report).
    private func dayTable(_ title: String, id: String, _ days: [DailyCompliance], partial: String) -> String {
        let floor = Self.axisFloor(days)
        var out = heading(title)
        let bar = medium == .mail ? ["From \(floor)% to 100%"] : []
        out += tableStart(id: id, ["Day", "Succeeded", "Without trace", "Traced"] + bar, numeric: [false, true, true, true, false])
        for day in days {
            let bar = medium == .mail ? tableBar(day, floor: floor) : ""
            out += row([
                (day.day.description + (day.partial ? " (partial)" : ""), false), (Figures.count(day.totalSucceeded), false),
                (Figures.count(day.withoutTrace), day.withoutTrace > 0),
                (day.compliancePercentForPeople.map { $0 + "%" } ?? "no jobs", day.withoutTrace > 0),
            ], numeric: [false, true, true, true], nowrap: [true], extra: bar)
        }
        out += "</table>\n"
        if days.contains(where: \.partial) {
            out += note(
                "(partial): the day includes the time of the report, or \(partial); its counts cover part of it"
                    + (medium == .page && id == "daily" ? " (marked * in the chart)." : "."))
        }
        return out
    }

    /// A bar of two table cells, for mail clients without SVG.
    private func tableBar(_ day: DailyCompliance, floor: Int) -> String {
        let width = 160
        let length = barLength(day, width: width, floor: floor)
        var out = "<td style=\"\(Style.cell)\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" width=\"\(width)\" style=\"width:\(width)px;\"><tr>"
        if day.totalSucceeded == 0 {
            out += "<td width=\"\(width)\" height=\"10\" style=\"background:\(Palette.rule);font-size:0;line-height:0;\">&nbsp;</td>"
        } else {
            if length > 0 {
                out += "<td width=\"\(length)\" height=\"10\" style=\"background:\(Palette.pass);font-size:0;line-height:0;\">&nbsp;</td>"
            }
            if length < width {
                out += "<td width=\"\(width - length)\" height=\"10\" style=\"background:\(day.withoutTrace > 0 ? Palette.fail : Palette.pass);font-size:0;line-height:0;\">&nbsp;</td>"
            }
        }
        return out + "</tr></table></td>"
    }

    /// With a window that starts after the cutoff and no violation in it: that violations began
    /// before it (with violations in it, `violationsByType` says so under the first).
    func beforeWindow() -> String? {
        guard report.byType.isEmpty, report.beforeWindow?.hasViolations == true else { return nil }
        return beforeWindowNote()
    }

    /// What lies before the window, the id kept on one line (a reader copies it whole).
    private func beforeWindowNote() -> String? {
        guard let html = Figures.beforeWindow(
            report, time: { Escape.html(Figures.instant($0) + " UTC") }, id: { oneLine(Escape.html($0)) }, words: Escape.html)
        else { return nil }
        return noteHTML(id: "before-window", html + ".")
    }

    /// Evidence of traffic: the newest succeeded job and its age, and `--max-age`/`--min-jobs`.
    func freshness() -> String? {
        let freshness = report.freshness
        guard report.command != .violations else { return nil }
        let text = Figures.freshness(freshness)
        let alert = !freshness.passed
        return "<p id=\"freshness\" style=\"margin:6px 0;font-size:13px;color:\(alert ? Palette.fail : Palette.muted);\(alert ? "font-weight:600;" : "")\">\(Escape.html(text + "."))</p>\n"
    }

    /// Violations by job type, most first, with each type's succeeded jobs and violation rate
    /// when the report has them.
    func violationsByType() -> String? {
        guard !report.byType.isEmpty else { return nil }
        let rates = report.byType.contains { $0.succeeded != nil }
        var out = heading("Violations by job type")
        out += tableStart(
            id: "by-type", ["Type", "Violations"] + (rates ? ["Succeeded", "Violation rate"] : []), numeric: [false, true, true, true])
        for entry in report.byType {
            var cells = [(entry.type ?? "NULL", false), (Figures.count(entry.violations), true)]
            if rates {
                cells.append((entry.succeeded.map(Figures.count) ?? "", false))
                cells.append((entry.ratePercentForPeople.map { $0 + "%" } ?? "", false))
            }
            out += row(cells, numeric: [false, true, true, true])
        }
        out += "</table>\n"
        if let first = report.diagnosis.first, let last = report.diagnosis.last {
            out += note(Figures.firstLabel(report) + " \(Figures.instant(first)) UTC, latest \(Figures.instant(last)) UTC.")
        }
        if let before = beforeWindowNote() { out += before }
        return out
    }

    /// When each type's violations started, day by day: from the rows, so only when every
    /// violation is listed (else it would undercount; `--all` lists them all).
    func typeByDay() -> String? {
        guard report.command.listsViolations, report.violationCount > 0 else { return nil }
        guard rows.count == report.violationCount else {
            return heading("Violations by type and day") + note(
                "Shown when every violation is listed: this report lists \(Figures.count(rows.count)) of \(Figures.count(report.violationCount)); run with --all.")
        }
        var counts: [String?: [UTCDay: Int]] = [:]
        var firstSeen: [String?: Instant] = [:]
        for row in rows {
            counts[row.type, default: [:]][row.createdAt.day, default: 0] += 1
            firstSeen[row.type] = min(firstSeen[row.type] ?? row.createdAt, row.createdAt)
        }
        let allDays = Set(rows.map(\.createdAt.day)).sorted()
        let lastDay = allDays.last?.number ?? 0
        let shownDays = (max(allDays.first?.number ?? 0, lastDay - Int64(Self.grid.days) + 1)...lastDay).map(UTCDay.init(number:))
        let types = report.diagnosis.byType.prefix(Self.grid.types).map(\.type)
        let most = max(1, counts.values.flatMap(\.values).max() ?? 1)
        var out = heading("Violations by type and day")
        out += "<table id=\"type-by-day\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;font-size:12px;\">\n<tr><th style=\"\(Style.header)\">Type</th><th style=\"\(Style.header)\">\(report.window.isOpen ? "First seen (UTC)" : "First in the window (UTC)")</th>"
        for day in shownDays { out += "<th style=\"\(Style.header)text-align:center;\">\(Escape.html(String(day.description.dropFirst(5))))</th>" }
        out += "</tr>\n"
        for type in types {
            out += "<tr><td style=\"\(Style.cell)\">\(Escape.html(type ?? "NULL"))</td>"
            out += "<td style=\"\(Style.cell)white-space:nowrap;\">\(firstSeen[type].map { Escape.html(Figures.instant($0)) } ?? "")</td>"
            for day in shownDays {
                let count = counts[type]?[day] ?? 0
                let shade = count == 0 ? "#ffffff" : Palette.heat(count * 4 / most)
                out += "<td style=\"\(Style.cell)text-align:center;background:\(shade);color:\(count * 4 / most >= 2 ? "#ffffff" : Palette.text);\">\(count == 0 ? "" : Figures.count(count))</td>"
            }
            out += "</tr>\n"
        }
        out += "</table>\n"
        if allDays.first.map({ $0 < shownDays[0] }) == true || report.diagnosis.byType.count > types.count {
            out += note("The last \(shownDays.count) days up to the latest violation, and the \(types.count) types with the most.")
        }
        return out
    }

    /// The newest violation rows.
    func newestViolations() -> String? {
        guard report.command.listsViolations, !rows.isEmpty else { return nil }
        var out = heading("Newest violations")
        out += tableStart(id: "violations", ["Created (UTC)", "Job id", "Type", "Correlation id"], numeric: [false, false, false, false])
        for violation in rows {
            // Ids never wrap: a reader copies them whole.
            out += row([
                (Figures.instant(violation.createdAt), false), (violation.id ?? "NULL", false), (violation.type ?? "NULL", false),
                (violation.correlationId ?? "NULL", false),
            ], numeric: [false, false, false, false], nowrap: [true, true, false, true])
        }
        out += "</table>\n"
        if report.violationCount > rows.count {
            out += note("\(Figures.count(report.violationCount - rows.count)) more not listed: traceaudit violations --all.")
        }
        return out
    }

    /// Succeeded jobs without a readable created_at: they belong to no window.
    func undated() -> String? {
        guard report.undated.total > 0 else { return nil }
        var out = heading("Undated jobs") + note(
            "\(Figures.counted(report.undated.total, "succeeded job")) with a NULL or unreadable created_at, \(Figures.count(report.undated.missingTrace)) of them without a trace"
                + (report.undated.missingTrace == 0 ? "."
                    : report.undatedDecidesVerdict ? ": they cannot be shown to be legacy, so they fail the audit."
                    : ": they belong to no window, so they do not decide this report's verdict."))
        if !report.undatedIds.isEmpty {
            // Each id on one line: a reader copies it whole.
            out += noteHTML(id: "undated-ids", "Ids without a trace: " + report.undatedIds.map { oneLine(Escape.html($0 ?? "NULL")) }.joined(separator: ", ")
                + Escape.html(report.undatedTruncated ? ", … (\(Figures.count(report.undated.missingTrace - report.undatedIds.count)) more)" : ""))
        }
        return out
    }

    /// Jobs before the cutoff, whose missing traces are tolerated.
    func legacy() -> String? {
        guard report.command != .violations, report.legacy.total > 0 else { return nil }
        return heading("Legacy (before the cutoff, tolerated)") + note(
            "\(Figures.counted(report.legacy.total, "succeeded job")), \(Figures.count(report.legacy.missingTrace)) without a trace.")
    }

    /// When, from what, by which version.
    func footer() -> String {
        var text = "Generated \(Figures.instant(context.startedAt)) UTC by traceaudit \(context.version)"
        if let engine = context.engine { text += " from \(engine.rawValue)" }
        return "<p style=\"margin:12px 0 16px 0;font-size:12px;color:\(Palette.muted);\">\(Escape.html(text)).</p>\n"
    }

    // MARK: Pieces

    private func heading(_ text: String) -> String { HTMLPage.heading(text) }

    private func note(_ text: String) -> String { HTMLPage.note(text) }

    private func noteHTML(id: String, _ html: String) -> String { HTMLPage.note(html: html, id: id) }

    /// Escaped text that never breaks across lines (an id).
    private func oneLine(_ html: String) -> String { "<span style=\"white-space:nowrap;\">" + html + "</span>" }

    private func tableStart(id: String, _ headers: [String], numeric: [Bool]) -> String {
        HTMLPage.tableStart(id: id, headers, numeric: numeric)
    }

    private func row(_ cells: [(text: String, alert: Bool)], numeric: [Bool], nowrap: [Bool] = [], extra: String = "") -> String {
        HTMLPage.row(cells, numeric: numeric, extra: extra, nowrap: nowrap)
    }

    private func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return String(tenths / 10) + "." + String(tenths % 10)
    }

    private typealias Palette = HTMLPage.Palette
    private typealias Style = HTMLPage.CSS
}
