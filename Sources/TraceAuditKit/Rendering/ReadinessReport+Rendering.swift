extension ReadinessReport {
    /// The verdict's word: READY or NOT READY.
    var verdict: String { ready ? "READY" : "NOT READY" }

    /// What the verdict rests on, after the verdict's word.
    var summary: String {
        var text = "strict mode needs today and \(requiredDays) complete UTC day\(requiredDays == 1 ? "" : "s") clean"
        text += "; clean streak \(streakDays) day\(streakDays == 1 ? "" : "s")"
        if let streakSince { text += " (since \(streakSince), through now)" }
        if let lastBrokenDay { text += "; last broken \(lastBrokenDay)\(lastBrokenDay == today ? " (today)" : "")" }
        return text
    }

    /// The verdict in one line.
    var headline: String { verdict + "  " + summary }

    /// Why the verdict is NOT READY, one reason a line.
    var reasons: [String] {
        let uncovered = uncoveredDays
        var reasons = broken.filter { $0.reason != Day.notCovered }.map { "\($0.day): \($0.reason)" }
        if !uncovered.isEmpty { reasons.append("logs do not cover " + ReadinessReport.dayList(uncovered) + ": no evidence the orchestrator logged nothing") }
        if noEvidence && !allowEmptyDays {
            reasons.append("no evidence: no succeeded jobs since \(windowStart) (pass --allow-empty-days to accept days without jobs)")
        }
        reasons += undatedReasons
        if requireAllTypes { reasons += unverifiedPaths.map(unverifiedReason) }
        return reasons
    }

    /// When it can flip, or since when it has been READY, in one sentence.
    var flipLine: String {
        if let readySince {
            return "READY since \(readySince): today and the \(requiredDays) complete UTC days before it are clean"
        }
        let needs = readyAtRequires
        guard let readyAt else {
            return "Waiting alone will not make it READY; it needs " + (needs.isEmpty ? "the reasons below resolved" : needs.joined(separator: "; "))
        }
        var line = "Ready at \(readyAt) if clean: no new violation" + (logCoverage != nil ? " or log entry" : "")
        line += allowEmptyDays ? "" : ", succeeded jobs every day"
        line += logCoverage != nil ? ", logs covering every day" : ""
        if requireAllTypes { line += ", a traced success on every path" }
        let uncovered = uncoveredDays
        if !uncovered.isEmpty { line += "; logs covering " + ReadinessReport.dayList(uncovered) + " may make it sooner" }
        return line
    }

    /// What the logs cover, or that there are none.
    var logsLine: String {
        guard let logCoverage else { return "no --logs: the verdict rests on the table alone" }
        let how: String
        switch logCoverage.source {
        case .records: how = "from their first to their last record"
        case .stated: how = "as stated by --logs-cover"
        case .fetched: how = "where the API returned records of the function"
        }
        var line: String
        if logCoverage.spans.isEmpty {
            line = logCoverage.source == .fetched
                ? "logs cover no time (the API returned no record of the function: past the plan's log retention, or no traffic)"
                : "logs cover no time (no record carries a timestamp)"
        } else {
            line = "logs cover " + logCoverage.spans.map { "\(Counting.time($0.since!)) to \(Counting.time($0.until!))" }.joined(separator: ", ") + " (\(how))"
        }
        let uncovered = uncoveredDays
        line += uncovered.isEmpty ? "; every day of the window is covered" : "; not covered: " + ReadinessReport.dayList(uncovered)
        return line
    }

    /// The policy's three criteria, each with its state and the evidence for it.
    var criteria: [Criterion] {
        var dayEvidence = [
            "clean streak \(Counting.counted(streakDays, "day", "days"))" + (streakSince.map { " since \($0)" } ?? "")
                + (lastBrokenDay.map { "; last broken \($0)" } ?? ""),
            "table: \(Counting.counted(days.reduce(0) { $0 + $1.succeeded }, "succeeded job", "succeeded jobs")), "
                + "\(Counting.counted(days.reduce(0) { $0 + $1.violations }, "violation", "violations")) since \(windowStart)",
        ]
        dayEvidence.append(logsLine + (loggedInWindow.map { "; \(Counting.counted($0, "POLICY_VIOLATION entry", "POLICY_VIOLATION entries")) in the window" } ?? ""))
        dayEvidence += undatedReasons
        let counts = PathState.allCases.map { "\(Counting.number(paths($0).count)) \($0.rawValue)" }.joined(separator: ", ")
        var pathEvidence = ["\(counts) of \(Counting.counted(paths.count, "path", "paths")) seen since \(pathsSince)"]
        for state in [PathState.failing, .unexercised] where !paths(state).isEmpty {
            pathEvidence.append("\(state.rawValue): " + paths(state).map(\.label).joined(separator: ", "))
        }
        if !requireAllTypes && !unverifiedPaths.isEmpty { pathEvidence.append("does not decide the verdict without --require-all-types") }
        return [
            Criterion(id: "clean_days", title: "\(requiredDays) days without violations (table and logs)", state: daysClean ? .met : .notMet, evidence: dayEvidence),
            Criterion(
                id: "paths_verified", title: "All paths verified with trace_id", state: !paths.isEmpty && unverifiedPaths.isEmpty ? .met : .notMet,
                evidence: pathEvidence),
            Criterion(
                id: "team_confident", title: "Team confident", state: .humanStep,
                evidence: ["a decision for the team: read this report with the owners of every path before switching"]),
        ]
    }

    /// Under READY, what to do next: the switch the policy describes and how to watch its first day.
    var nextSteps: [String] {
        guard ready else { return [] }
        return [
            "Switch on strict mode: at the validation point, throw instead of logging POLICY_VIOLATION, so a job without a trace_id fails instead of succeeding.",
            "Watch the first day: traceaudit check --table \(policy.table.description) --since SWITCH_TIME (the ISO 8601 instant strict mode went live) exits 1 on any violation after it.",
        ]
    }

    /// A day's status for people: the problem with counts written as in `check`, or clean.
    func humanStatus(_ day: Day) -> String {
        if !day.beforeCutoff && day.violations > 0 { return Counting.counted(day.violations, "violation", "violations") + (day.partial ? " today" : "") }
        if !day.beforeCutoff, let logged = day.logged, logged > 0 { return Counting.counted(logged, "log entry", "log entries") + (day.partial ? " today" : "") }
        return status(day)
    }

    /// One line for a path not verified in the window: failing or unexercised.
    func unverifiedReason(_ path: Path) -> String {
        if path.state == .failing {
            return "failing path \(path.label): \(path.violationsInWindow) violation\(path.violationsInWindow == 1 ? "" : "s") since \(windowStart)"
        }
        return "unexercised path \(path.label): no succeeded job with a trace since \(windowStart) (last seen \(path.lastSeen))"
    }

    /// The reasons that belong to no day: undated jobs and log entries.
    var undatedReasons: [String] {
        var reasons: [String] = []
        if undatedMissingTrace > 0 {
            reasons.append("\(undatedMissingTrace) succeeded jobs without a trace have a NULL or unreadable created_at: they may fall in any day")
        }
        if let undatedLogEntries, undatedLogEntries > 0 {
            reasons.append("\(undatedLogEntries) POLICY_VIOLATION log entries carry no time: they may fall in any day")
        }
        return reasons
    }

    /// Which clock dated the jobs, in one line.
    var clockLine: String {
        var line = clock.explanation
        if datedByCreatedAt > 0 { line += "; \(datedByCreatedAt) job\(datedByCreatedAt == 1 ? "" : "s") dated by created_at" }
        if clockSkew > 0 {
            line += "; \(clockSkew) job\(clockSkew == 1 ? " has" : "s have") updated_at before created_at (clock skew), dated by created_at"
        }
        return line
    }

    /// A day's status as the day table shows it.
    func status(_ day: Day) -> String {
        day.problem(allowEmptyDays: allowEmptyDays)
            ?? (day.partial ? (day.succeeded == 0 ? "clean so far (no jobs yet)" : "clean so far") : (day.succeeded == 0 ? "clean (no jobs)" : "clean"))
    }

    /// The criterion's mark in text: `[x]` met, `[ ]` not met, `[?]` a human step.
    static func mark(_ state: Criterion.State) -> String {
        switch state {
        case .met: "[x]"
        case .notMet: "[ ]"
        case .humanStep: "[?]"
        }
    }

    /// The state in words.
    static func stateText(_ state: Criterion.State) -> String {
        switch state {
        case .met: "met"
        case .notMet: "not met"
        case .humanStep: "your call"
        }
    }

    func rendered(_ format: OutputFormat, context: ReportContext, style: Style) -> String {
        switch format {
        case .table: return table(context: context, style: style)
        case .json: return json(context: context)
        case .junit: return junit(context: context)
        case .markdown: return markdown
        case .github:
            if ready {
                return GitHubWriter.annotation("notice", title: "traceaudit readiness", headline)
                    + unverifiedPaths.prefix(GitHubWriter.annotationsShown - 1).map {
                        GitHubWriter.annotation("warning", title: "traceaudit readiness", unverifiedReason($0))
                    }.joined()
            }
            return GitHubWriter.annotations(
                passed: false, warnOnly: context.warnOnly, summaryTitle: "traceaudit readiness", summary: headline + ". " + flipLine,
                details: reasons.map { ("traceaudit readiness", $0) })
        case .prometheus:
            var metrics = PrometheusWriter.Metrics(table: policy.table.description)
            metrics.add("strict_mode_ready", "Whether today and the last N complete UTC days were clean (1) or not (0).", ready ? 1 : 0)
            metrics.add("clean_streak_days", "Complete UTC days clean in a row back from yesterday, today clean too (else 0).", Double(streakDays))
            if let readyAt {
                metrics.add("strict_mode_ready_at_timestamp_seconds", "When it would be READY if nothing new breaks, in seconds since the Unix epoch.", Double(readyAt.microseconds) / 1_000_000)
            }
            metrics.add("readiness_paths", "Job types that succeeded in the last 30 days.", Double(paths.count))
            metrics.add("unverified_paths", "Of those, types failing (a violation in the window) or unexercised (no traced success in it).", Double(unverifiedPaths.count))
            metrics.add("readiness_log_gaps", "Days of the window the logs do not cover (0 without --logs).", Double(uncoveredDays.count))
            metrics.add("readiness_last_run_timestamp_seconds", "When readiness was last checked, in seconds since the Unix epoch.", Double(context.startedAt.microseconds) / 1_000_000)
            return metrics.text
        case .slack, .pagerduty:
            return AlertWriter.rendered(AlertSummary(self), format, context: context)
        case .email: return email(context: context)
        case .html: return html(context: context, medium: .page)
        case .csv, .ids:
            return ""  // Refused by the parser (AuditCommand.formats).
        }
    }

    /// `--format table`: fits `context.width`; ids and types are never shortened, the longer
    /// statuses are (the reasons below say them whole).
    private func table(context: ReportContext, style: Style) -> String {
        let width = context.width
        func prose(_ text: String, indent: String = "  ", hanging: String = "    ") -> String {
            TerminalText.wrapped(Escape.terminal(text), width: width, indent: indent, hanging: hanging)
        }
        var out = TerminalText.wrapped(
            "traceaudit readiness · \(Escape.terminal(policy.table.description)) in \(TableWriter.cell(context.target)) · as of \(Counting.time(now))",
            width: width, hanging: "  ")
        out += context.sourceLines(standby: standby) + "\n"
        let verdictLine = TerminalText.wrapped(summary, width: width, indent: verdict + "  ", hanging: "  ")
        out += (ready ? style.green(verdict) : style.red(verdict)) + verdictLine.dropFirst(verdict.count)
        out += prose(flipLine + ".")
        out += prose(clockLine)
        out += "\n" + style.bold("Criteria") + "\n"
        for criterion in criteria {
            out += TerminalText.wrapped(
                "\(Self.mark(criterion.state)) \(criterion.title): \(Self.stateText(criterion.state))", width: width, indent: "  ", hanging: "      ")
            for line in criterion.evidence { out += prose(line, indent: "      ", hanging: "        ") }
        }
        var table = TextTable(
            columns: [.init(header: "DAY", shrinks: false), .init(header: "SUCCEEDED", alignRight: true), .init(header: "VIOLATIONS", alignRight: true)]
                + (logCoverage != nil ? [.init(header: "LOGGED", alignRight: true)] : []) + [.init(header: "STATUS")],
            width: width)
        table.rows = days.map { day in
            [day.day.description + (day.partial ? " today" : ""), Counting.number(day.succeeded), Counting.number(day.violations)]
                + (logCoverage != nil ? [day.logged.map(Counting.number) ?? "—"] : []) + [humanStatus(day)]
        }
        out += "\n" + table.render(style: style)
        let empty = emptyDays
        if !empty.isEmpty {
            out += "\n" + prose("Days without succeeded jobs: \(ReadinessReport.dayList(empty)) — no evidence is not proof; "
                + (allowEmptyDays ? "they count as clean (--allow-empty-days)." : "they count as not clean unless you pass --allow-empty-days."))
        }
        if !paths.isEmpty {
            var pathTable = TextTable(columns: [
                .init(header: "PATH (JOB TYPE)", shrinks: false), .init(header: "LAST SEEN", shrinks: false), .init(header: "SUCCEEDED", alignRight: true),
                .init(header: "TRACED", alignRight: true), .init(header: "VIOLATIONS", alignRight: true), .init(header: "STATUS", shrinks: false),
            ], width: width)
            pathTable.rows = paths.map { path in
                [Escape.terminal(path.label), path.lastSeen.description, Counting.number(path.succeededInWindow), Counting.number(path.tracedInWindow),
                 Counting.number(path.violationsInWindow), path.state.rawValue]
            }
            out += "\n" + prose("Paths seen since \(pathsSince), by their jobs since \(windowStart): "
                + PathState.allCases.map { "\(Counting.number(paths($0).count)) \($0.rawValue)" }.joined(separator: ", ") + ".")
            if pathTable.naturalWidth <= width {
                out += "\n" + pathTable.render(style: style)
            } else {
                // Too narrow for a row: each type on a line of its own, its numbers below, so no type is cut.
                var numbers = pathTable
                numbers.columns.removeFirst()
                numbers.rows = pathTable.rows.map { Array($0.dropFirst()) }
                numbers.indent = 6
                out += "\n  " + style.dim("PATH (JOB TYPE)") + "\n" + numbers.line(numbers.columns.map(\.header), header: true, style: style)
                for (path, row) in zip(pathTable.rows, numbers.rows) {
                    out += "  " + path[0] + "\n" + numbers.line(row, header: false, style: style)
                }
            }
            let unverified = unverifiedPaths.count
            if unverified > 0 {
                out += "\n" + prose("\(Counting.counted(unverified, "path is", "paths are")) failing or unexercised: "
                    + (requireAllTypes ? "NOT READY (--require-all-types)." : "listed only; --require-all-types makes them NOT READY."))
            }
        }
        if !ready {
            out += "\n" + style.bold("Why NOT READY") + "\n"
            for reason in reasons { out += prose("- " + reason, indent: "  ", hanging: "    ") }
        }
        if !nextSteps.isEmpty {
            out += "\n" + style.bold("Next:") + "\n"
            for step in nextSteps { out += prose("- " + step, indent: "  ", hanging: "    ") }
        }
        return out
    }

    private func json(context: ReportContext) -> String {
        ReportEnvelope.report(context, standby: standby, [
            ("cutoff", .string(policy.cutoff.description)),
            ("as_of", .string(today.description)),
            ("ready", .bool(ready)),
            ("ready_at", .optional(readyAt?.description)),
            ("ready_at_requires", .array(readyAtRequires.map(JSONValue.string))),
            ("ready_since", .optional(readySince?.description)),
            ("required_days", .integer(requiredDays)),
            ("require_traffic", .bool(requireTraffic)),
            ("allow_empty_days", .bool(allowEmptyDays)),
            ("require_all_types", .bool(requireAllTypes)),
            ("clock", .string(clock.column)),
            ("dated_by_created_at", .integer(datedByCreatedAt)),
            ("clock_skew", .integer(clockSkew)),
            ("evidence_since", .optional(evidenceSince?.description)),
            ("no_evidence", .bool(noEvidence)),
            ("logs", logCoverage.map { coverage in
                .object([
                    ("source", .string(coverage.source.rawValue)),
                    ("covered", .array(coverage.spans.map { .object([("since", .string($0.since!.description)), ("until", .string($0.until!.description))]) })),
                    ("uncovered_days", .array(uncoveredDays.map { .string($0.description) })),
                    ("entries_in_window", loggedInWindow.map(JSONValue.integer) ?? .null),
                ])
            } ?? .null),
            ("streak", .object([("days", .integer(streakDays)), ("since", .optional(streakSince?.description))])),
            ("last_broken_day", .optional(lastBrokenDay?.description)),
            ("days", .array(days.map { day in
                .object([
                    ("day", .string(day.day.description)), ("succeeded", .integer(day.succeeded)), ("violations", .integer(day.violations)),
                    ("logged", day.logged.map(JSONValue.integer) ?? .null),
                    ("logs", day.logsCovered.map { .string($0 ? "covered" : "not_covered") } ?? .null),
                    ("clean", .bool(day.problem(allowEmptyDays: allowEmptyDays) == nil)),
                    ("problem", .optional(day.problem(allowEmptyDays: allowEmptyDays))), ("partial", .bool(day.partial)),
                ])
            })),
            ("empty_days", .array(emptyDays.map { .string($0.description) })),
            ("paths_since", .string(pathsSince.description)),
            ("paths", .array(paths.map { path in
                .object([
                    ("type", .optional(path.type)), ("last_seen", .string(path.lastSeen.description)),
                    ("succeeded", .integer(path.succeededInWindow)), ("traced", .integer(path.tracedInWindow)),
                    ("violations", .integer(path.violationsInWindow)), ("state", .string(path.state.rawValue)),
                    ("verified", .bool(path.verified)),
                ])
            })),
            ("path_counts", .object(PathState.allCases.map { ($0.rawValue, .integer(paths($0).count)) })),
            ("unverified_paths", .array(unverifiedPaths.map { .optional($0.type) })),
            ("undated_missing_trace", .integer(undatedMissingTrace)),
            ("undated_log_entries", undatedLogEntries.map(JSONValue.integer) ?? .null),
            ("criteria", .array(criteria.map { criterion in
                .object([
                    ("id", .string(criterion.id)), ("title", .string(criterion.title)), ("state", .string(criterion.state.rawValue)),
                    ("evidence", .array(criterion.evidence.map(JSONValue.string))),
                ])
            })),
            ("next", .array(nextSteps.map(JSONValue.string))),
            ("reasons", .array(reasons.map(JSONValue.string))),
        ]).serialized() + "\n"
    }

    private func junit(context: ReportContext) -> String {
        var cases = days.map { day in
            JUnitWriter.Case(
                name: day.day.description + (day.partial ? " (today)" : ""),
                failure: day.problem(allowEmptyDays: allowEmptyDays).map { ("\(day.day) is not clean: \($0)", "") },
                output: "succeeded \(day.succeeded), violations \(day.violations)" + (day.logged.map { ", logged \($0)" } ?? "")
                    + (day.logsCovered.map { $0 ? ", logs covered" : ", logs not covered" } ?? ""))
        }
        cases.append(JUnitWriter.Case(
            name: "evidence",
            failure: noEvidence && !allowEmptyDays ? ("no evidence: no succeeded jobs since \(windowStart)", "") : nil,
            output: (evidenceSince.map { "succeeded jobs since \($0)" } ?? "no succeeded jobs") + "; " + logsLine))
        cases.append(JUnitWriter.Case(
            name: "undated",
            failure: undatedReasons.isEmpty ? nil : (undatedReasons.joined(separator: "; "), ""),
            output: "\(undatedMissingTrace) undated jobs without a trace"))
        cases.append(JUnitWriter.Case(
            name: "paths",
            failure: requireAllTypes && !unverifiedPaths.isEmpty ? (unverifiedPaths.map(unverifiedReason).joined(separator: "; "), "") : nil,
            output: "\(paths.count) paths: " + PathState.allCases.map { "\(paths($0).count) \($0.rawValue)" }.joined(separator: ", ")
                + (unverifiedPaths.isEmpty ? "" : "; not verified: " + unverifiedPaths.map(\.label).joined(separator: ", "))))
        return JUnitWriter.document(cases, error: nil, context: context)
    }

    private var markdown: String {
        var out = "## traceaudit readiness: \(ready ? "✅ READY" : "❌ NOT READY")\n\n" + Escape.markdown(headline) + "\n\n"
        out += Escape.markdown(flipLine) + ".\n\n" + clockLine + "\n\n"
        for criterion in criteria {
            out += "- \(criterion.state == .met ? "[x]" : "[ ]") **\(Escape.markdown(criterion.title))**: \(Self.stateText(criterion.state))\n"
            for line in criterion.evidence { out += "  - " + Escape.markdown(line) + "\n" }
        }
        out += "\n| day | succeeded | violations |" + (logCoverage != nil ? " logged | logs |" : "") + " status |\n|---|---:|---:|"
            + (logCoverage != nil ? "---:|---|" : "") + "---|\n"
        for day in days {
            out += "| \(day.day)\(day.partial ? " (today)" : "") | \(Counting.number(day.succeeded)) | \(Counting.number(day.violations)) |"
            if logCoverage != nil {
                out += " \(day.logged.map(Counting.number) ?? "—") | \(day.logsCovered == true ? "covered" : "not covered") |"
            }
            out += " \(Escape.markdown(humanStatus(day))) |\n"
        }
        if !paths.isEmpty {
            out += "\n| path | succeeded | traced | violations | state |\n|---|---:|---:|---:|---|\n"
            for path in paths {
                out += "| `\(Escape.markdown(path.label))` | \(Counting.number(path.succeededInWindow)) | \(Counting.number(path.tracedInWindow)) | "
                    + "\(Counting.number(path.violationsInWindow)) | \(path.state.rawValue) |\n"
            }
        }
        if !reasons.isEmpty { out += "\n" + reasons.map { "- " + Escape.markdown($0) + "\n" }.joined() }
        if !nextSteps.isEmpty { out += "\n**Next:**\n\n" + nextSteps.map { "- " + Escape.markdown($0) + "\n" }.joined() }
        return out
    }
}
