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
                    name: "silent_violations",
                    failure: crossCheck.silentCount == 0 ? nil : ("\(crossCheck.silentCount) violations in the table have no log entry", crossCheck.silent.prefix(10).map(JUnitWriter.describe).joined(separator: "\n")),
                    output: CrossCheck.State.allCases.map { "\($0.rawValue) \(crossCheck.states[$0] ?? 0)" }.joined(separator: "\n")))
            }
            return JUnitWriter.document(cases, error: nil, context: context)
        case .markdown: return markdown(context)
        case .github: return github(context)
        case .prometheus: return prometheus(context)
        case .slack, .pagerduty: return AlertWriter.rendered(AlertSummary(self), format, context: context)
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

    /// The entries table's columns.
    static let entryColumns: [TextTable.Column] = [
        .init(header: "LOGGED_AT"), .init(header: "JOB_ID"), .init(header: "TYPE"), .init(header: "CREATED_AT"),
        .init(header: "CORRELATION_ID"), .init(header: "WHERE"), .init(header: "LIKELY CAUSE"),
    ]

    /// One entry as a row of the entries table, each cell escaped and clipped.
    static func entryRow(_ entry: LoggedViolation) -> [String] {
        let cell = { (value: String?) in value.map { TerminalText.clipped(Escape.terminal($0), to: TableWriter.cellLimit) } ?? "—" }
        return [cell(entry.loggedAt?.description), cell(entry.jobId), cell(entry.type), cell(entry.createdAt?.description),
                cell(entry.correlationId), cell(entry.place), cell(entry.likelyCause.map { "\($0.name) (\($0.place))" })]
    }

    private func describe(_ entry: LoggedViolation) -> String {
        "\(entry.place) job_id=\(entry.jobId ?? "?") type=\(entry.type ?? "?") logged_at=\(entry.loggedAt?.description ?? "?") correlation_id=\(entry.correlationId ?? "?")"
    }

    var verdictCounts: String {
        var parts = ["\(findings.count) POLICY_VIOLATION " + (findings.count == 1 ? "entry" : "entries")]
        if let crossCheck { parts.append("\(crossCheck.silentCount) silent violation" + (crossCheck.silentCount == 1 ? "" : "s")) }
        parts.append("\(findings.unreadable) unreadable record" + (findings.unreadable == 1 ? "" : "s"))
        return parts.joined(separator: " · ")
    }

    /// The table report; `entriesStreamed` when the entries were written above it as they were read.
    func table(_ context: ReportContext, _ style: Style, entriesStreamed: Bool = false) -> String {
        let cell = { (value: String?) in value.map { TerminalText.clipped(Escape.terminal($0), to: TableWriter.cellLimit) } ?? "—" }
        var out = style.bold("traceaudit") + " logs · " + inputs.map { cell($0) }.joined(separator: ", ") + " · \(findings.records) records"
        if let covered = findings.covered { out += " · " + TableWriter.describe(covered) }
        out += "\n\n" + (passed ? style.green("PASS") : style.red("FAIL")) + "  " + verdictCounts + "\n"
        if !findings.unreadablePlaces.isEmpty {
            out += "  unreadable: " + findings.unreadablePlaces.map { cell($0) }.joined(separator: ", ")
                + (findings.unreadable > findings.unreadablePlaces.count ? ", …" : "") + "\n"
        }
        if findings.count > 0 {
            var types = TextTable(columns: [.init(header: "TYPE"), .init(header: "ENTRIES", alignRight: true)])
            types.rows = findings.typesByCount.map { [cell($0.type), String($0.count)] }
            var days = TextTable(columns: [.init(header: "DAY"), .init(header: "ENTRIES", alignRight: true)])
            days.rows = findings.daysNewestFirst.map { [$0.day?.description ?? "no time", String($0.count)] }
            out += "\n" + style.bold("By type") + "\n" + types.render(style: style)
            out += "\n" + style.bold("By UTC day") + "\n" + days.render(style: style)
            if entriesStreamed {
                out += "\n" + style.bold("Entries") + ": all \(findings.count), listed above as they were read\n"
            } else {
                var entries = TextTable(columns: LogReport.entryColumns)
                entries.rows = findings.entries.map(LogReport.entryRow)
                out += "\n" + style.bold("Entries") + " (the latest \(findings.entries.count) of \(findings.count))\n" + entries.render(style: style)
            }
        }
        if let crossCheck {
            out += "\n" + style.bold("Cross-check") + " with \(cell(policy.table.description)) in \(cell(context.target))\n"
            out += context.sourceLines(standby: crossCheck.standby)
            var states = TextTable(columns: [.init(header: "LOGGED JOB"), .init(header: "JOBS", alignRight: true), .init(header: "FOR EXAMPLE")])
            states.rows = CrossCheck.State.allCases.map { state in
                [state.rawValue, String(crossCheck.states[state] ?? 0), (crossCheck.examples[state] ?? []).map { cell($0) }.joined(separator: ", ")]
            }
            out += states.render(style: style)
            if crossCheck.entriesWithoutId > 0 { out += "  \(crossCheck.entriesWithoutId) entries name no job id\n" }
            out += "\n" + style.bold("Silent violations") + ": \(crossCheck.silentCount) in the table, succeeded \(TableWriter.describe(crossCheck.window)), with no log entry"
            out += crossCheck.silentCount > 0 ? ": a path skipped the runtime check\n" : "\n"
            out += "  when a job succeeded: its \(crossCheck.successClockText)\n"
            if !crossCheck.silent.isEmpty {
                var columns: [TextTable.Column] = [.init(header: "ID"), .init(header: "TYPE"), .init(header: "CREATED_AT")]
                if crossCheck.columns.correlationId { columns.append(.init(header: "CORRELATION_ID")) }
                var rows = TextTable(columns: columns)
                rows.rows = crossCheck.silent.map {
                    [cell($0.id), cell($0.type), $0.createdAt.description] + (crossCheck.columns.correlationId ? [cell($0.correlationId)] : [])
                }
                out += rows.render(style: style)
            }
        }
        return out
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
                ("silent", .object([("count", .integer(crossCheck.silentCount)), ("rows", .array(crossCheck.silent.map(JSONWriter.row)))])),
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
            out += "\nSilent violations (no log entry; succeeded by \(crossCheck.successClockText)): **\(crossCheck.silentCount)**\n"
            if !crossCheck.silent.isEmpty {
                out += "\n| id | type | created_at | correlation_id |\n|---|---|---|---|\n"
                for row in crossCheck.silent {
                    out += "| " + [row.id ?? "NULL", row.type ?? "NULL", row.createdAt.description, row.correlationId ?? "NULL"].map(escape).joined(separator: " | ") + " |\n"
                }
            }
        }
        return out
    }

    private func github(_ context: ReportContext) -> String {
        let logged = findings.entries.suffix(GitHubWriter.annotationsShown).map { entry in
            (title: "POLICY_VIOLATION logged",
             message: "Job \(entry.jobId ?? "?") (\(entry.type ?? "?")) logged at \(entry.loggedAt?.description ?? "?") in \(entry.place)")
        }
        let silent = (crossCheck?.silent ?? []).prefix(GitHubWriter.annotationsShown).map { row in
            (title: "Silent trace-ID violation",
             message: "Job \(row.id ?? "NULL") (\(row.type ?? "NULL")) succeeded without trace_id at \(row.createdAt) and no log entry mentions it")
        }
        return GitHubWriter.annotations(
            passed: passed, warnOnly: context.warnOnly, summaryTitle: "traceaudit logs",
            summary: (passed ? "PASS: " : "FAIL: ") + verdictCounts, details: Array(logged) + Array(silent))
    }

    private func prometheus(_ context: ReportContext) -> String {
        var metrics = PrometheusWriter.Metrics(table: policy.table.description)
        metrics.add("logs_up", "Whether the last log check could run (1) or not (0).", 1)
        metrics.add("logged_violations", "POLICY_VIOLATION entries in the logs read.", Double(findings.count))
        metrics.add("log_unreadable_records", "Log records that could not be read.", Double(findings.unreadable))
        if let crossCheck {
            metrics.add("silent_violations", "Violations in the table no log entry mentions.", Double(crossCheck.silentCount))
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
