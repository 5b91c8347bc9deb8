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
        var reasons = broken.map { "\($0.day): \($0.reason)" }
        if noEvidence && !allowEmptyDays {
            reasons.append("no evidence: no succeeded jobs since \(windowStart) (pass --allow-empty-days to accept days without jobs)")
        }
        reasons += undatedReasons
        if requireAllTypes { reasons += unverifiedPaths.map(unverifiedReason) }
        return reasons
    }

    /// One line for a path not verified in the window.
    func unverifiedReason(_ path: Path) -> String {
        "unverified path \(path.label): no succeeded job with a trace since \(windowStart) (last seen \(path.lastSeen))"
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
        return line
    }

    /// A day's status as the day table shows it.
    func status(_ day: Day) -> String {
        day.problem(allowEmptyDays: allowEmptyDays)
            ?? (day.partial ? (day.succeeded == 0 ? "clean so far (no jobs yet)" : "clean so far") : (day.succeeded == 0 ? "clean (no jobs)" : "clean"))
    }

    func rendered(_ format: OutputFormat, context: ReportContext, style: Style) -> String {
        switch format {
        case .table:
            var out = style.bold("traceaudit") + " readiness · \(TableWriter.cell(policy.table.description)) in \(TableWriter.cell(context.target)) · as of \(now)\n"
            out += context.sourceLines(standby: standby) + "\n"
            out += (ready ? style.green(verdict) : style.red(verdict)) + "  " + summary + "\n"
            out += "  " + clockLine + "\n"
            var table = TextTable(columns: [
                .init(header: "DAY"), .init(header: "SUCCEEDED", alignRight: true), .init(header: "VIOLATIONS", alignRight: true),
                .init(header: "LOGGED", alignRight: true), .init(header: "STATUS"),
            ])
            table.rows = days.map { day in
                [day.day.description + (day.partial ? " (today, so far)" : ""), String(day.succeeded), String(day.violations),
                 day.logged.map(String.init) ?? "—", status(day)]
            }
            out += "\n" + table.render(style: style)
            let empty = emptyDays
            if !empty.isEmpty {
                out += "\n  Days without succeeded jobs: \(empty.map(\.description).joined(separator: ", ")) — no evidence is not proof; "
                out += allowEmptyDays ? "they count as clean (--allow-empty-days).\n" : "they count as not clean unless you pass --allow-empty-days.\n"
            }
            if noEvidence && !allowEmptyDays { out += "\n  No evidence: no succeeded jobs since \(windowStart).\n" }
            if !paths.isEmpty {
                var pathTable = TextTable(columns: [
                    .init(header: "PATH (JOB TYPE)"), .init(header: "LAST SEEN"), .init(header: "SUCCEEDED", alignRight: true),
                    .init(header: "TRACED", alignRight: true), .init(header: "STATUS"),
                ])
                pathTable.rows = paths.map { path in
                    [TableWriter.cell(path.label), path.lastSeen.description, String(path.succeededInWindow), String(path.tracedInWindow),
                     path.verified ? "verified" : "unverified"]
                }
                out += "\n  Paths seen since \(pathsSince), verified by a traced success since \(windowStart):\n\n" + pathTable.render(style: style)
                let unverified = unverifiedPaths.count
                if unverified > 0 {
                    out += "\n  \(unverified) unverified path\(unverified == 1 ? "" : "s"): "
                    out += requireAllTypes ? "not ready (--require-all-types).\n" : "listed only; --require-all-types makes them NOT READY.\n"
                }
            }
            if !undatedReasons.isEmpty {
                out += "\n" + undatedReasons.map { "  " + $0 + "\n" }.joined()
            }
            return out
        case .json:
            return ReportEnvelope.report(context, standby: standby, [
                ("cutoff", .string(policy.cutoff.description)),
                ("as_of", .string(today.description)),
                ("ready", .bool(ready)),
                ("required_days", .integer(requiredDays)),
                ("require_traffic", .bool(requireTraffic)),
                ("allow_empty_days", .bool(allowEmptyDays)),
                ("require_all_types", .bool(requireAllTypes)),
                ("clock", .string(clock.column)),
                ("dated_by_created_at", .integer(datedByCreatedAt)),
                ("evidence_since", .optional(evidenceSince?.description)),
                ("no_evidence", .bool(noEvidence)),
                ("streak", .object([("days", .integer(streakDays)), ("since", .optional(streakSince?.description))])),
                ("last_broken_day", .optional(lastBrokenDay?.description)),
                ("days", .array(days.map { day in
                    .object([
                        ("day", .string(day.day.description)), ("succeeded", .integer(day.succeeded)), ("violations", .integer(day.violations)),
                        ("logged", day.logged.map(JSONValue.integer) ?? .null), ("clean", .bool(day.problem(allowEmptyDays: allowEmptyDays) == nil)),
                        ("problem", .optional(day.problem(allowEmptyDays: allowEmptyDays))), ("partial", .bool(day.partial)),
                    ])
                })),
                ("empty_days", .array(emptyDays.map { .string($0.description) })),
                ("paths_since", .string(pathsSince.description)),
                ("paths", .array(paths.map { path in
                    .object([
                        ("type", .optional(path.type)), ("last_seen", .string(path.lastSeen.description)),
                        ("succeeded", .integer(path.succeededInWindow)), ("traced", .integer(path.tracedInWindow)),
                        ("verified", .bool(path.verified)),
                    ])
                })),
                ("unverified_paths", .array(unverifiedPaths.map { .optional($0.type) })),
                ("undated_missing_trace", .integer(undatedMissingTrace)),
                ("undated_log_entries", undatedLogEntries.map(JSONValue.integer) ?? .null),
                ("reasons", .array(reasons.map(JSONValue.string))),
            ]).serialized() + "\n"
        case .junit:
            var cases = days.map { day in
                JUnitWriter.Case(
                    name: day.day.description + (day.partial ? " (today)" : ""),
                    failure: day.problem(allowEmptyDays: allowEmptyDays).map { ("\(day.day) is not clean: \($0)", "") },
                    output: "succeeded \(day.succeeded), violations \(day.violations)" + (day.logged.map { ", logged \($0)" } ?? ""))
            }
            cases.append(JUnitWriter.Case(
                name: "evidence",
                failure: noEvidence && !allowEmptyDays ? ("no evidence: no succeeded jobs since \(windowStart)", "") : nil,
                output: evidenceSince.map { "succeeded jobs since \($0)" } ?? "no succeeded jobs"))
            cases.append(JUnitWriter.Case(
                name: "undated",
                failure: undatedReasons.isEmpty ? nil : (undatedReasons.joined(separator: "; "), ""),
                output: "\(undatedMissingTrace) undated jobs without a trace"))
            cases.append(JUnitWriter.Case(
                name: "paths",
                failure: requireAllTypes && !unverifiedPaths.isEmpty ? (unverifiedPaths.map(unverifiedReason).joined(separator: "; "), "") : nil,
                output: "\(paths.count) paths, \(unverifiedPaths.count) unverified"
                    + (unverifiedPaths.isEmpty ? "" : ": " + unverifiedPaths.map(\.label).joined(separator: ", "))))
            return JUnitWriter.document(cases, error: nil, context: context)
        case .markdown:
            var out = "## traceaudit readiness: \(ready ? "✅ READY" : "❌ NOT READY")\n\n" + Escape.markdown(headline) + "\n\n"
            out += clockLine + "\n\n| day | succeeded | violations | logged | status |\n|---|---:|---:|---:|---|\n"
            for day in days {
                out += "| \(day.day)\(day.partial ? " (today)" : "") | \(day.succeeded) | \(day.violations) | \(day.logged.map(String.init) ?? "—") | \(status(day)) |\n"
            }
            if !unverifiedPaths.isEmpty {
                out += "\nUnverified paths (no traced success since \(windowStart)): "
                out += unverifiedPaths.map { "`" + Escape.markdown($0.label) + "`" }.joined(separator: ", ") + "\n"
            }
            if !reasons.isEmpty { out += "\n" + reasons.map { "- " + Escape.markdown($0) + "\n" }.joined() }
            return out
        case .github:
            if ready {
                return GitHubWriter.annotation("notice", title: "traceaudit readiness", headline)
                    + unverifiedPaths.prefix(GitHubWriter.annotationsShown - 1).map {
                        GitHubWriter.annotation("warning", title: "traceaudit readiness", unverifiedReason($0))
                    }.joined()
            }
            return GitHubWriter.annotations(
                passed: false, warnOnly: context.warnOnly, summaryTitle: "traceaudit readiness", summary: headline,
                details: reasons.map { ("traceaudit readiness", $0) })
        case .prometheus:
            var metrics = PrometheusWriter.Metrics(table: policy.table.description)
            metrics.add("strict_mode_ready", "Whether today and the last N complete UTC days were clean (1) or not (0).", ready ? 1 : 0)
            metrics.add("clean_streak_days", "Complete UTC days clean in a row back from yesterday, today clean too (else 0).", Double(streakDays))
            metrics.add("readiness_paths", "Job types that succeeded in the last 30 days.", Double(paths.count))
            metrics.add("unverified_paths", "Of those, types without a traced success in the readiness window.", Double(unverifiedPaths.count))
            metrics.add("readiness_last_run_timestamp_seconds", "When readiness was last checked, in seconds since the Unix epoch.", Double(context.startedAt.microseconds) / 1_000_000)
            return metrics.text
        case .csv, .email, .html, .ids:
            return ""  // Refused by the parser (AuditCommand.formats).
        }
    }
}
