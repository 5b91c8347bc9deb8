extension LogReport {
    /// The report in `format`; `context` names the table's source when there is one.
    func rendered(_ format: OutputFormat, context: ReportContext, style: Style) -> String {
        switch format {
        case .table: return table(context, style)
        case .json: return json(context).serialized() + "\n"
        case .csv: return LogReport.csvHeader + findings.entries.map(LogReport.csvRecord).joined()
        case .junit:
            var cases = [
                JUnitWriter.Case(
                    name: "logged_violations",
                    failure: findings.count == 0 ? nil : ("\(findings.count) POLICY_VIOLATION entries in the logs", findings.entries.prefix(10).map(describe).joined(separator: "\n")),
                    output: "\(findings.count) entries in \(findings.records) records"),
                JUnitWriter.Case(name: "unreadable_records", output: "\(findings.unreadable) unreadable: \(findings.unreadablePlaces.joined(separator: ", "))"),
            ]
            if let crossCheck {
                cases.append(JUnitWriter.Case(
                    name: "unlogged_violations",
                    failure: crossCheck.unloggedCount == 0 ? nil : ("\(crossCheck.unloggedCount) violations in the table are not found in the logs", crossCheck.unlogged.prefix(10).map(JUnitWriter.describe).joined(separator: "\n")),
                    output: CrossCheck.State.allCases.map { "\($0.rawValue) \(crossCheck.states[$0] ?? 0)" }.joined(separator: "\n")))
                cases.append(JUnitWriter.Case(
                    name: "not_matched_violations",
                    failure: crossCheck.notMatchedCount == 0 ? nil : ("\(crossCheck.notMatchedCount) violations may be log entries without a job id", crossCheck.notMatched.prefix(10).map(JUnitWriter.describe).joined(separator: "\n")),
                    output: "\(crossCheck.entriesWithoutId) entries name no job id"))
                cases.append(JUnitWriter.Case(
                    name: "not_covered_violations",
                    failure: crossCheck.notCoveredCount == 0 ? nil : ("\(crossCheck.notCoveredCount) violations in the table succeeded where no log covers", crossCheck.notCovered.prefix(10).map(JUnitWriter.describe).joined(separator: "\n")),
                    output: coverage.spans.map { TableWriter.describe($0) }.joined(separator: "\n")))
            }
            return JUnitWriter.document(cases, error: nil, context: context)
        case .markdown: return markdown(context)
        case .github: return github(context)
        case .prometheus: return prometheus(context)
        case .slack, .pagerduty: return AlertWriter.rendered(AlertSummary(self), format, context: context)
        case .ids: return findings.entries.compactMap { IdsWriter.line($0.jobId) }.joined()
        case .email, .html: return ""  // Refused by the parser (AuditCommand.formats).
        }
    }

    /// The CSV header line.
    static let csvHeader = CSVWriter.record([
        "source", "line", "logged_at", "job_id", "type", "created_at", "correlation_id", "severity", "readable", "level", "index", "origin",
        "likely_cause", "likely_cause_at",
    ])

    /// One entry as a CSV line.
    static func csvRecord(_ entry: LoggedViolation) -> String {
        CSVWriter.record([
            entry.source, String(entry.line), entry.loggedAt?.description, entry.jobId, entry.type,
            entry.createdAt?.description, entry.correlationId, entry.severity, entry.readable ? "true" : "false",
            entry.level, entry.index.map(String.init), entry.origin, entry.likelyCause?.name, entry.likelyCause?.place,
        ])
    }

    /// The entries table for a line `width` wide, laid out for `entries` (the first rows, when
    /// they are streamed) as an `IdTableLayout`: below 120 columns the job's created_at and
    /// correlation id are left to the machine formats; the job id and the times are never
    /// shortened. To fit, a cause column that is all `—` goes first; then the correlation id and
    /// the cause, the type, and last the place (from its start: its `:line` stays) are shortened;
    /// then the correlation id, the cause and the place are left out in turn.
    static func entryTable(for entries: [LoggedViolation], width: Int) -> IdTableLayout {
        let wide = width >= 120
        let columns: [TextTable.Column] = [.init(header: "LOGGED_AT", shrinks: false), .init(header: "JOB_ID", shrinks: false), .init(header: "TYPE", shrinkOrder: 1)]
            + (wide ? [.init(header: "CREATED_AT", shrinks: false), .init(header: "CORRELATION_ID", minimum: 12)] : [])
            + [.init(header: "WHERE", shrinkOrder: 2, minimum: 12, keepsEnd: true), .init(header: "LIKELY CAUSE")]
        let shrinking: Set<String> = ["TYPE", "CORRELATION_ID", "WHERE", "LIKELY CAUSE"]
        var steps: [IdTableLayout.Step] = entries.allSatisfy({ $0.likelyCause == nil }) ? [.init(drop: "LIKELY CAUSE")] : []
        steps += [.init(shrink: shrinking), .init(shrink: shrinking, drop: "CORRELATION_ID"), .init(shrink: shrinking, drop: "LIKELY CAUSE"),
                  .init(shrink: shrinking, drop: "WHERE")]
        return IdTableLayout(fitting: entries.map(entryRow), columns: columns, id: "JOB_ID", steps: steps, width: width)
    }

    /// One entry as a row (values by column header), each cell escaped and clipped; times to the
    /// second (the machine formats keep the microseconds).
    static func entryRow(_ entry: LoggedViolation) -> [String: String] {
        let cell = { (value: String?) in value.map { TerminalText.clipped(Escape.terminal($0), to: TableWriter.cellLimit) } ?? "—" }
        return [
            "LOGGED_AT": entry.loggedAt.map(Counting.time) ?? "undated",
            "JOB_ID": entry.jobId.map { Escape.terminal($0) } ?? "—",
            "TYPE": cell(entry.type),
            "CREATED_AT": entry.createdAt.map(Counting.time) ?? "—",
            "CORRELATION_ID": cell(entry.correlationId),
            "WHERE": TerminalText.clippedKeepingEnd(Escape.terminal(shortPlace(entry.place)), to: TableWriter.cellLimit),
            "LIKELY CAUSE": cell(entry.likelyCause.map { "\($0.name) (\(shortPlace($0.place)))" }),
        ]
    }

    /// `ids` (escaped), as many as fit whole in `width`, then `+N more` for the rest of `count`
    /// jobs: an id is never cut.
    static func examples(_ ids: [String], count: Int, width: Int) -> String {
        var shown: [String] = []
        var used = 0
        for (index, id) in ids.enumerated() {
            let rest = count - index - 1
            let more = rest > 0 ? ", +\(Counting.number(rest)) more".unicodeScalars.count : 0
            let piece = (shown.isEmpty ? 0 : 2) + id.unicodeScalars.count
            guard used + piece + more <= width else { break }
            shown.append(id)
            used += piece
        }
        let rest = count - shown.count
        return (shown + (rest > 0 ? ["+" + Counting.number(rest) + " more"] : [])).joined(separator: ", ")
    }

    private func describe(_ entry: LoggedViolation) -> String {
        "\(entry.place) job_id=\(entry.jobId ?? "?") type=\(entry.type ?? "?") logged_at=\(entry.loggedAt?.description ?? "?") correlation_id=\(entry.correlationId ?? "?")"
    }

    var verdictCounts: String { verdictParts.joined(separator: " · ") }

    /// `head` then `parts` joined by ` · `, a new line (indented under the first part) wherever the
    /// next part would pass `width`; `visible` is how wide `head` shows (without its colors).
    static func wrapped(_ head: String, _ parts: [String], width: Int, visible: Int) -> String {
        var out = head
        var column = visible
        for (index, part) in parts.enumerated() {
            let piece = (index == 0 ? " " : " · ") + part
            if index > 0, column + piece.unicodeScalars.count > width {
                out += " ·\n" + String(repeating: " ", count: visible + 1) + part
                column = visible + 1 + part.unicodeScalars.count
            } else {
                out += piece
                column += piece.unicodeScalars.count
            }
        }
        return out + "\n"
    }

    var verdictParts: [String] {
        var parts = [Counting.counted(findings.count, "POLICY_VIOLATION entry", "POLICY_VIOLATION entries")]
        if let crossCheck {
            parts.append(Counting.number(crossCheck.unloggedCount) + " not found in the logs")
            if crossCheck.notMatchedCount > 0 { parts.append(Counting.number(crossCheck.notMatchedCount) + " not matched") }
            if crossCheck.notCoveredCount > 0 { parts.append(Counting.number(crossCheck.notCoveredCount) + " not covered by the logs") }
        }
        parts.append(Counting.counted(findings.unreadable, "unreadable record", "unreadable records"))
        return parts
    }

    /// The table report; `entriesStreamed` when the entries were written above it as they were read.
    func table(_ context: ReportContext, _ style: Style, entriesStreamed: Bool = false) -> String {
        let cell = { (value: String?) in value.map { TerminalText.clipped(Escape.terminal($0), to: TableWriter.cellLimit) } ?? "—" }
        let width = context.width
        var out = style.bold("traceaudit") + " logs · " + Counting.counted(findings.records, "record", "records")
            + " from " + Counting.counted(inputs.count, "input", "inputs") + "\n"
        for input in inputs { out += "  " + TerminalText.clipped(Escape.terminal(input), to: max(10, width - 2)) + "\n" }
        // One span a line, to fit the terminal.
        if coverage.source == .fetched && coverage.spans.isEmpty {
            out += "  logs cover no time: the API returned no record of the function\n  (past the plan's log retention, or no traffic)\n"
        } else {
            out += coverage.spans.map { "  logs cover " + TableWriter.describe($0) + "\n" }.joined()
            if coverage.source == .fetched {
                out += "  (only where the API returned records of the function)\n"
            } else if coverage.spans.count > 1 {
                out += "  (each input from its first to its last record; not the time between)\n"
            }
        }
        out += "\n" + LogReport.wrapped((passed ? style.green("PASS") : style.red("FAIL")) + " ", verdictParts, width: width, visible: 5)
        if !findings.unreadablePlaces.isEmpty {
            out += "  unreadable: " + findings.unreadablePlaces.map { cell($0) }.joined(separator: ", ")
                + (findings.unreadable > findings.unreadablePlaces.count ? ", …" : "") + "\n"
        }
        if findings.count > 0 {
            var types = TextTable(columns: [.init(header: "TYPE"), .init(header: "ENTRIES", alignRight: true)])
            types.width = context.width
            types.rows = findings.typesByCount.map { [cell($0.type), Counting.number($0.count)] }
            var days = TextTable(columns: [.init(header: "DAY"), .init(header: "ENTRIES", alignRight: true)])
            days.rows = findings.daysNewestFirst.map { [$0.day?.description ?? "undated", Counting.number($0.count)] }
            out += "\n" + style.bold("By type") + "\n" + types.render(style: style)
            out += "\n" + style.bold("By UTC day") + "\n" + days.render(style: style)
            if entriesStreamed {
                out += "\n" + style.bold("Entries") + ": all " + Counting.number(findings.count) + ", listed above as they were read\n"
            } else {
                let entries = LogReport.entryTable(for: findings.entries, width: context.width)
                out += "\n" + style.bold("Entries") + " (the latest " + Counting.number(findings.entries.count) + " of " + Counting.number(findings.count)
                    + " by log time)\n" + entries.render(findings.entries.map(LogReport.entryRow), style: style)
            }
        }
        if let crossCheck {
            // Wrapped, not cut: the table's name is what the reader checks.
            out += "\n" + style.bold("Cross-check") + TerminalText.wrapped(
                "Cross-check with " + Escape.terminal(policy.table.description), width: width, hanging: "  ").dropFirst("Cross-check".count)
            out += "  in " + TerminalText.clipped(Escape.terminal(context.target), to: max(10, context.width - 5)) + "\n"
            out += context.sourceLines(standby: crossCheck.standby)
            var states = TextTable(
                columns: [.init(header: "LOGGED JOB", shrinks: false), .init(header: "JOBS", alignRight: true), .init(header: "FOR EXAMPLE")],
                width: context.width)
            let counts = CrossCheck.State.allCases.map { Counting.number(crossCheck.states[$0] ?? 0) }
            let room = width - states.indent - 4 - max(states.columns[0].header.count, CrossCheck.State.allCases.map(\.rawValue.count).max() ?? 0)
                - max(states.columns[1].header.count, counts.map(\.count).max() ?? 0)
            states.rows = zip(CrossCheck.State.allCases, counts).map { state, count in
                [state.rawValue, count, LogReport.examples((crossCheck.examples[state] ?? []).map { Escape.terminal($0) }, count: crossCheck.states[state] ?? 0, width: room)]
            }
            out += states.render(style: style)
            if crossCheck.entriesWithoutId > 0 { out += "  " + Counting.counted(crossCheck.entriesWithoutId, "entry names", "entries name") + " no job id\n" }
            out += "\n" + style.bold("Not found in the logs") + ": " + Counting.number(crossCheck.unloggedCount)
                + " in the table with no log entry\n"
            out += "  succeeded " + TableWriter.describe(crossCheck.window) + "\n"
            if coverage.spans.count > 1 { out += "  within the spans the logs cover (above)\n" }
            out += "  when a job succeeded: its \(crossCheck.successClockText)\n"
            if crossCheck.unloggedCount > 0 {
                out += "  each is missing from the logs because\n" + PlatformLogLimits.reasons.map {
                    TerminalText.wrapped($0, width: context.width, indent: "  - ", hanging: "    ")
                }.joined()
            }
            out += violationRows(crossCheck.unlogged, crossCheck, style, context.width)
            if crossCheck.notMatchedCount > 0 || crossCheck.entriesWithoutId > 0 {
                out += "\n" + style.bold("Not matched") + ": " + Counting.number(crossCheck.notMatchedCount)
                    + " in the table may be an entry that names no job id\n"
                out += "  they succeeded within 5 minutes of such an entry (or it has no time)\n"
                out += violationRows(crossCheck.notMatched, crossCheck, style, context.width)
            }
            if crossCheck.notCoveredCount > 0 {
                out += "\n" + style.bold("Not covered by the logs") + ": " + Counting.number(crossCheck.notCoveredCount)
                    + " in the table succeeded where no log covers\n"
                out += TerminalText.wrapped(
                    "no input has records from when they succeeded, so the logs cannot say whether they were logged: read the logs of that time too",
                    width: context.width, indent: "  ", hanging: "  ")
                out += violationRows(crossCheck.notCovered, crossCheck, style, context.width)
            }
        }
        return out
    }

    /// A `file:line` place with the file's folders left out, for a narrow column (JSON and CSV keep
    /// the whole path).
    static func shortPlace(_ place: String) -> String {
        place.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? place
    }

    /// Violations from the table as rows, laid out as `violations` lays them out: the id is never
    /// shortened.
    private func violationRows(_ rows: [Violation], _ crossCheck: CrossCheck, _ style: Style, _ width: Int) -> String {
        guard !rows.isEmpty else { return "" }
        let cell = { (value: String?) in value.map { TerminalText.clipped(Escape.terminal($0), to: TableWriter.cellLimit) } ?? "—" }
        let columns: [ViolationColumn] = [.id, .type, .createdAt] + (crossCheck.columns.correlationId ? [.correlationId] : [])
        let values = rows.map { row -> [ViolationColumn: String] in
            [.id: row.id.map { Escape.terminal($0) } ?? "NULL", .type: cell(row.type), .createdAt: Counting.time(row.createdAt), .correlationId: cell(row.correlationId)]
        }
        let layout = ViolationTableLayout(fitting: values, columns: columns, width: width)
        return layout.header(style: style) + values.map { layout.line($0, style: style) }.joined()
    }

    /// One entry in JSON.
    static func entryJSON(_ entry: LoggedViolation) -> JSONValue {
            .object([
                ("source", .string(entry.source)), ("line", .integer(entry.line)), ("logged_at", .optional(entry.loggedAt?.description)),
                ("job_id", .optional(entry.jobId)), ("type", .optional(entry.type)), ("created_at", .optional(entry.createdAt?.description)),
                ("correlation_id", .optional(entry.correlationId)), ("severity", .optional(entry.severity)), ("readable", .bool(entry.readable)),
                ("level", .optional(entry.level)), ("index", entry.index.map(JSONValue.integer) ?? .null), ("origin", .optional(entry.origin)),
                ("likely_cause", .optional(entry.likelyCause?.name)), ("likely_cause_at", .optional(entry.likelyCause?.place)),
            ])
    }

    /// The JSON report. `entries` stands in for `logged.entries` when they are streamed; the keys
    /// that follow it are the ones known only after the logs are read.
    func json(_ context: ReportContext, entries: JSONValue? = nil) -> JSONValue {
        var crossCheckValue = JSONValue.null
        if let crossCheck {
            crossCheckValue = .object([
                ("source", context.sourceJSON(table: policy.table, standby: crossCheck.standby)),
                ("cutoff", .string(policy.cutoff.description)),
                ("window", .object([("since", .optional(crossCheck.window.since?.description)), ("until", .optional(crossCheck.window.until?.description))])),
                ("clock", .string(crossCheck.clock.column)),
                ("logged_jobs", .object(CrossCheck.State.allCases.map { ($0.rawValue, .integer(crossCheck.states[$0] ?? 0)) })),
                ("examples", .object(CrossCheck.State.allCases.map { ($0.rawValue, .array((crossCheck.examples[$0] ?? []).map(JSONValue.string))) })),
                ("entries_without_job_id", .integer(crossCheck.entriesWithoutId)),
                ("unlogged", .object([
                    ("count", .integer(crossCheck.unloggedCount)), ("rows", .array(crossCheck.unlogged.map(JSONWriter.row))),
                    ("possible_reasons", .array(PlatformLogLimits.reasons.map(JSONValue.string))),
                ])),
                ("not_matched", .object([("count", .integer(crossCheck.notMatchedCount)), ("rows", .array(crossCheck.notMatched.map(JSONWriter.row)))])),
                ("not_covered", .object([("count", .integer(crossCheck.notCoveredCount)), ("rows", .array(crossCheck.notCovered.map(JSONWriter.row)))])),
            ])
        }
        return ReportEnvelope.report(context, standby: crossCheck?.standby, [
            ("inputs", .array(inputs.map(JSONValue.string))),
            ("logged", .object([
                ("entries", entries ?? .array(findings.entries.map(LogReport.entryJSON))),
                ("count", .integer(findings.count)),
                ("by_type", .array(findings.typesByCount.map { .object([("type", .optional($0.type)), ("count", .integer($0.count))]) })),
                ("by_day", .array(findings.daysNewestFirst.map { .object([("day", .optional($0.day?.description)), ("count", .integer($0.count))]) })),
            ])),
            ("records", .integer(findings.records)),
            ("logs_cover", .object([("since", .optional(findings.firstLogged?.description)), ("until", .optional(findings.lastLogged?.description))])),
            ("coverage", .object([
                ("source", .string(coverage.source.rawValue)),
                ("covered", .array(coverage.spans.map { .object([("since", .string($0.since!.description)), ("until", .string($0.until!.description))]) })),
            ])),
            ("passed", .bool(passed)),
            ("unreadable", .object([("count", .integer(findings.unreadable)), ("first", .array(findings.unreadablePlaces.map(JSONValue.string)))])),
            ("cross_check", crossCheckValue),
        ])
    }

    private func markdown(_ context: ReportContext) -> String {
        let escape = Escape.markdown
        var out = "## traceaudit logs: \(passed ? "✅ PASS" : "❌ FAIL")\n\n\(verdictCounts) in \(findings.records) records of \(inputs.map(escape).joined(separator: ", ")).\n"
        if !findings.unreadablePlaces.isEmpty { out += "\nUnreadable: \(findings.unreadablePlaces.map(escape).joined(separator: ", "))\n" }
        if !findings.entries.isEmpty {
            out += "\n| logged_at | job_id | type | created_at | correlation_id |\n|---|---|---|---|---|\n"
            for entry in findings.entries {
                out += "| " + [entry.loggedAt?.description, entry.jobId, entry.type, entry.createdAt?.description, entry.correlationId]
                    .map { escape($0 ?? "—") }.joined(separator: " | ") + " |\n"
            }
        }
        if let crossCheck {
            out += "\n### Cross-check with \(escape(policy.table.description))\n\n| logged job | jobs |\n|---|---:|\n"
            for state in CrossCheck.State.allCases { out += "| \(state.rawValue) | \(crossCheck.states[state] ?? 0) |\n" }
            out += "\nNot found in the logs (succeeded by \(crossCheck.successClockText)): **\(Counting.number(crossCheck.unloggedCount))**; not matched: **\(Counting.number(crossCheck.notMatchedCount))**; not covered by the logs: **\(Counting.number(crossCheck.notCoveredCount))**\n"
            if crossCheck.unloggedCount > 0 { out += "\nPossible reasons: " + PlatformLogLimits.reasons.joined(separator: "; ") + ".\n" }
            let rows = { (rows: [Violation]) in
                "\n| id | type | created_at | correlation_id |\n|---|---|---|---|\n" + rows.map { row in
                    "| " + [row.id ?? "NULL", row.type ?? "NULL", row.createdAt.description, row.correlationId ?? "NULL"].map(escape).joined(separator: " | ") + " |\n"
                }.joined()
            }
            if !crossCheck.unlogged.isEmpty { out += rows(crossCheck.unlogged) }
            if !crossCheck.notCovered.isEmpty {
                out += "\nNot covered by the logs: succeeded where no log covers (the logs cover "
                    + coverage.spans.map { TableWriter.describe($0) }.joined(separator: ", ") + "):\n" + rows(crossCheck.notCovered)
            }
        }
        return out
    }

    private func github(_ context: ReportContext) -> String {
        let logged = findings.entries.suffix(GitHubWriter.annotationsShown).map { entry in
            (title: "POLICY_VIOLATION logged",
             message: "Job \(entry.jobId ?? "?") (\(entry.type ?? "?")) logged at \(entry.loggedAt?.description ?? "?") in \(entry.place)")
        }
        let silent = (crossCheck?.unlogged ?? []).prefix(GitHubWriter.annotationsShown).map { row in
            (title: "Trace-ID violation not found in the logs",
             message: "Job \(row.id ?? "NULL") (\(row.type ?? "NULL")) succeeded without trace_id at \(row.createdAt) and no log entry mentions it")
        }
        let uncovered = (crossCheck?.notCovered ?? []).prefix(GitHubWriter.annotationsShown).map { row in
            (title: "Trace-ID violation not covered by the logs",
             message: "Job \(row.id ?? "NULL") (\(row.type ?? "NULL")) succeeded without trace_id where no log read covers (created \(row.createdAt))")
        }
        return GitHubWriter.annotations(
            passed: passed, warnOnly: context.warnOnly, summaryTitle: "traceaudit logs",
            summary: (passed ? "PASS: " : "FAIL: ") + verdictCounts, details: Array(logged) + Array(silent) + Array(uncovered))
    }

    private func prometheus(_ context: ReportContext) -> String {
        var metrics = PrometheusWriter.Metrics(table: policy.table.description)
        metrics.add("logs_up", "Whether the last log check could run (1) or not (0).", 1)
        metrics.add("logged_violations", "POLICY_VIOLATION entries in the logs read.", Double(findings.count))
        metrics.add("log_unreadable_records", "Log records that could not be read.", Double(findings.unreadable))
        if let crossCheck {
            metrics.add("unlogged_violations", "Violations in the table not found in the logs (no entry in the span they cover).", Double(crossCheck.unloggedCount))
            metrics.add("not_matched_violations", "Violations in the table that an entry without a job id may stand for.", Double(crossCheck.notMatchedCount))
            metrics.add("not_covered_violations", "Violations in the table that succeeded where no log read covers.", Double(crossCheck.notCoveredCount))
            metrics.add("logged_jobs", "Logged jobs by what the table says of them now.", CrossCheck.State.allCases.map { ("state=\"" + Escape.prometheusLabel($0.rawValue) + "\"", Double(crossCheck.states[$0] ?? 0)) })
        }
        metrics.add("logs_last_run_timestamp_seconds", "When the last log check ran, in seconds since the Unix epoch.", Double(context.startedAt.microseconds) / 1_000_000)
        return metrics.text
    }
}

extension CrossCheck {
    /// How the report names the clock of when a job succeeded.
    var successClockText: String {
        switch clock {
        case .updatedAt: "updated_at, else created_at"
        case .createdAt: "created_at (the table has no updated_at timestamp column)"
        }
    }
}
