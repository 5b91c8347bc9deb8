/// Readiness as an e-mail and as a page, on the machinery of the checks' (`EmailWriter.message`,
/// `HTMLPage`, `PlainTextReport.wrap`): the subject carries the verdict and the date it can flip.
extension ReadinessReport {
    /// `[traceaudit] NOT READY for strict mode: ready at 2026-12-14 if clean`,
    /// `[traceaudit] READY for strict mode since 2026-12-01`.
    func subject(prefix: String) -> String {
        var text = (prefix.isEmpty ? "" : prefix + " ") + verdict + " for strict mode"
        if let readySince {
            text += " since " + (readySince == readySince.day.start ? readySince.day.description : Counting.time(readySince))
        } else if let readyAt {
            text += ": ready at " + (readyAt == readyAt.day.start ? readyAt.day.description : Counting.time(readyAt)) + " if clean"
        } else {
            text += ": waiting alone will not make it ready"
        }
        return text
    }

    func email(context: ReportContext) -> String {
        EmailWriter.message(
            subject: subject(prefix: context.mail.subjectPrefix), verdict: ready ? "READY" : "NOT-READY", text: plainText(context: context),
            html: html(context: context, medium: .mail), context: context, mail: context.mail)
    }

    /// The e-mail's text part: lines of at most 72 characters (ids and types are never cut: a
    /// type too long for its column stands on a line of its own).
    func plainText(context: ReportContext) -> String {
        /// Wrapped within 72 columns with `indent` spaces before each line.
        func wrap(_ text: String, indent: Int = 0, hanging: Int? = nil) -> [String] {
            let hanging = hanging ?? indent
            return PlainTextReport.wrap(text, width: PlainTextReport.width - max(indent, hanging)).enumerated().map {
                String(repeating: " ", count: $0.offset == 0 ? indent : hanging) + $0.element
            }
        }
        var sections: [[String]] = []
        sections.append(wrap("\(verdict): \(policy.table.description) - \(summary)") + [""] + wrap(flipLine + ".")
            + wrap("Source: \(policy.table.description) in \(context.target); as of \(Counting.time(now)); \(clockLine)."))
        var checklist = ["Criteria", ""]
        for criterion in criteria {
            checklist += wrap("\(Self.mark(criterion.state)) \(criterion.title): \(Self.stateText(criterion.state))")
            checklist += criterion.evidence.flatMap { wrap($0, indent: 4, hanging: 6) }
        }
        sections.append(checklist)
        var dayTable = TextTable(
            columns: [.init(header: "Day", shrinks: false), .init(header: "Succeeded", alignRight: true), .init(header: "Violations", alignRight: true)]
                + (logCoverage != nil ? [.init(header: "Logged", alignRight: true)] : []) + [.init(header: "Status")],
            width: PlainTextReport.width)
        dayTable.rows = days.map { day in
            [day.day.description + (day.partial ? " today" : ""), Counting.number(day.succeeded), Counting.number(day.violations)]
                + (logCoverage != nil ? [day.logged.map(Counting.number) ?? "-"] : []) + [humanStatus(day)]
        }
        sections.append(["Days (UTC, newest first)", ""] + lines(dayTable))
        if !paths.isEmpty {
            var pathLines = ["Paths (job types seen since \(pathsSince))", ""]
            for state in PathState.allCases {
                let members = paths(state)
                pathLines += wrap("\(state.rawValue.prefix(1).uppercased() + state.rawValue.dropFirst()): \(Counting.number(members.count))")
                for path in members {
                    pathLines += wrap("\(path.label): \(Counting.number(path.succeededInWindow)) succeeded, "
                        + "\(Counting.number(path.tracedInWindow)) traced, \(Counting.counted(path.violationsInWindow, "violation", "violations")); last seen \(path.lastSeen)",
                        indent: 2, hanging: 4)
                }
            }
            sections.append(pathLines)
        }
        if !ready { sections.append(["Why NOT READY", ""] + reasons.flatMap { wrap("- " + $0, indent: 0, hanging: 2) }) }
        if !nextSteps.isEmpty { sections.append(["Next:", ""] + nextSteps.flatMap { wrap("- " + $0, indent: 0, hanging: 2) }) }
        sections.append(["-- ", "Generated \(Counting.time(context.startedAt)) by traceaudit \(context.version)" + (context.engine.map { " from \($0.rawValue)" } ?? "") + "."])
        return sections.map { $0.joined(separator: "\n") + "\n" }.joined(separator: "\n")
    }

    /// A text table's lines, without the final newline.
    private func lines(_ table: TextTable) -> [String] {
        table.render(style: Style(enabled: false)).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// The page (`--format html`) or the e-mail's HTML part.
    func html(context: ReportContext, medium: HTMLPage.Medium) -> String {
        var head = HTMLPage.verdictHeading(
            source: "traceaudit readiness · \(policy.table.description) in \(context.target) · as of \(Figures.instant(now)) UTC", passed: ready,
            verdict: verdict, headline: summary)
        head += "<p id=\"flip\" style=\"margin:10px 0 0 0;font-size:14px;color:\(HTMLPage.Palette.text);font-weight:600;\">\(Escape.html(flipLine)).</p>\n"
        head += HTMLPage.note(clockLine + ".")

        var checklist = HTMLPage.heading("The policy's criteria")
        checklist += HTMLPage.tableStart(id: "criteria", ["", "Criterion", "State", "Evidence"], numeric: [false, false, false, false])
        for criterion in criteria {
            let evidence = criterion.evidence.map(Escape.html).joined(separator: "<br>")
            checklist += "<tr id=\"criterion-\(criterion.id)\">" + HTMLPage.cells([
                (Self.mark(criterion.state), criterion.state == .notMet), (criterion.title, false),
                (Self.stateText(criterion.state), criterion.state == .notMet),
            ]) + "<td style=\"\(HTMLPage.CSS.cell)font-size:12px;color:\(HTMLPage.Palette.muted);\">\(evidence)</td></tr>\n"
        }
        checklist += "</table>\n"

        let logs = logCoverage != nil
        var dayTable = HTMLPage.heading("Days (UTC, newest first)")
        let numeric = [false, true, true] + (logs ? [true, false] : []) + [false]
        dayTable += HTMLPage.tableStart(id: "days", ["Day", "Succeeded", "Violations"] + (logs ? ["Logged", "Logs"] : []) + ["Status"], numeric: numeric)
        for day in days {
            let broken = day.problem(allowEmptyDays: allowEmptyDays) != nil
            var cells: [(text: String, alert: Bool)] = [
                (day.day.description + (day.partial ? " (today)" : ""), false), (Counting.number(day.succeeded), false),
                (Counting.number(day.violations), day.violations > 0),
            ]
            if logs {
                cells.append((day.logged.map(Counting.number) ?? "—", (day.logged ?? 0) > 0))
                cells.append((day.logsCovered == true ? "covered" : "not covered", day.logsCovered == false))
            }
            cells.append((humanStatus(day), broken))
            dayTable += HTMLPage.row(cells, numeric: numeric, nowrap: [true])
        }
        dayTable += "</table>\n"

        var pathTable: String?
        if !paths.isEmpty {
            var out = HTMLPage.heading("Paths (job types seen since \(pathsSince))")
            out += HTMLPage.note(PathState.allCases.map { "\(Counting.number(paths($0).count)) \($0.rawValue)" }.joined(separator: ", ") + ".")
            let numeric = [false, false, true, true, true, false]
            out += HTMLPage.tableStart(id: "paths", ["Path (job type)", "Last seen", "Succeeded", "Traced", "Violations", "State"], numeric: numeric)
            for path in paths {
                out += HTMLPage.row([
                    (path.label, false), (path.lastSeen.description, false), (Counting.number(path.succeededInWindow), false),
                    (Counting.number(path.tracedInWindow), false), (Counting.number(path.violationsInWindow), path.violationsInWindow > 0),
                    (path.state.rawValue, !path.verified),
                ], numeric: numeric, nowrap: [false, true])
            }
            pathTable = out + "</table>\n"
        }
        let why = ready ? nil : HTMLPage.heading("Why NOT READY") + HTMLPage.list(id: "reasons", reasons)
        let next = nextSteps.isEmpty ? nil : HTMLPage.heading("Next") + HTMLPage.list(id: "next", nextSteps)
        let footer = HTMLPage.note("Generated \(Figures.instant(context.startedAt)) UTC by traceaudit \(context.version)"
            + (context.engine.map { " from \($0.rawValue)" } ?? "") + ".")
        return HTMLPage.document(
            title: "traceaudit \(verdict) for strict mode \(policy.table.description): \(flipLine)", medium: medium,
            sections: [head, checklist, dayTable, pathTable, why, next, footer].compactMap { $0 })
    }
}
