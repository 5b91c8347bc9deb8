extension ReadinessReport {
    /// The verdict in one line.
    var headline: String {
        var text = ready ? "READY" : "NOT READY"
        text += "  strict mode needs \(requiredDays) clean complete UTC day\(requiredDays == 1 ? "" : "s")"
        text += "; clean streak \(streakDays) day\(streakDays == 1 ? "" : "s")"
        if let streakSince { text += " (since \(streakSince))" }
        if let lastBrokenDay { text += "; last broken \(lastBrokenDay)" }
        return text
    }

    /// Why the verdict is NOT READY, one reason a line.
    var reasons: [String] {
        broken.map { "\($0.day): \($0.reason)" } + undatedReasons
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

    func rendered(_ format: OutputFormat, context: ReportContext, style: Style) -> String {
        switch format {
        case .table:
            var out = style.bold("traceaudit") + " readiness · \(TableWriter.cell(policy.table.description)) in \(TableWriter.cell(context.target)) · as of \(today) UTC\n\n"
            out += context.sourceLines(standby: standby)
            out += (ready ? style.green("READY") : style.red("NOT READY")) + String(headline.drop { $0 != " " }) + "\n"
            var table = TextTable(columns: [
                .init(header: "DAY"), .init(header: "SUCCEEDED", alignRight: true), .init(header: "VIOLATIONS", alignRight: true),
                .init(header: "LOGGED", alignRight: true), .init(header: "STATUS"),
            ])
            table.rows = days.map { day in
                [day.day.description, String(day.succeeded), String(day.violations), day.logged.map(String.init) ?? "—",
                 day.problem(requireTraffic: requireTraffic) ?? (day.succeeded == 0 ? "clean (no jobs)" : "clean")]
            }
            out += "\n" + table.render(style: style)
            let empty = emptyDays
            if !empty.isEmpty {
                out += "\n  Days without succeeded jobs: \(empty.map(\.description).joined(separator: ", ")) — no evidence is not proof; "
                out += requireTraffic ? "they count as not clean (--require-traffic).\n" : "they count as clean unless you pass --require-traffic.\n"
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
                ("streak", .object([("days", .integer(streakDays)), ("since", .optional(streakSince?.description))])),
                ("last_broken_day", .optional(lastBrokenDay?.description)),
                ("days", .array(days.map { day in
                    .object([
                        ("day", .string(day.day.description)), ("succeeded", .integer(day.succeeded)), ("violations", .integer(day.violations)),
                        ("logged", day.logged.map(JSONValue.integer) ?? .null), ("clean", .bool(day.problem(requireTraffic: requireTraffic) == nil)),
                        ("problem", .optional(day.problem(requireTraffic: requireTraffic))),
                    ])
                })),
                ("empty_days", .array(emptyDays.map { .string($0.description) })),
                ("undated_missing_trace", .integer(undatedMissingTrace)),
                ("undated_log_entries", undatedLogEntries.map(JSONValue.integer) ?? .null),
                ("reasons", .array(reasons.map(JSONValue.string))),
            ]).serialized() + "\n"
        case .junit:
            var cases = days.map { day in
                JUnitWriter.Case(
                    name: day.day.description,
                    failure: day.problem(requireTraffic: requireTraffic).map { ("\(day.day) is not clean: \($0)", "") },
                    output: "succeeded \(day.succeeded), violations \(day.violations)" + (day.logged.map { ", logged \($0)" } ?? ""))
            }
            cases.append(JUnitWriter.Case(
                name: "undated",
                failure: undatedReasons.isEmpty ? nil : (undatedReasons.joined(separator: "; "), ""),
                output: "\(undatedMissingTrace) undated jobs without a trace"))
            return JUnitWriter.document(cases, error: nil, context: context)
        case .markdown:
            var out = "## traceaudit readiness: \(ready ? "✅ READY" : "❌ NOT READY")\n\n" + Escape.markdown(headline) + "\n\n| day | succeeded | violations | logged | status |\n|---|---:|---:|---:|---|\n"
            for day in days {
                out += "| \(day.day) | \(day.succeeded) | \(day.violations) | \(day.logged.map(String.init) ?? "—") | \(Escape.markdown(day.problem(requireTraffic: requireTraffic) ?? "clean")) |\n"
            }
            if !reasons.isEmpty { out += "\n" + reasons.map { "- " + Escape.markdown($0) + "\n" }.joined() }
            return out
        case .github:
            if ready { return "::notice title=traceaudit readiness::" + Escape.githubMessage(headline) + "\n" }
            return reasons.prefix(GitHubWriter.rowsShown).map { "::error title=traceaudit readiness::" + Escape.githubMessage($0) + "\n" }.joined()
                + "::error title=traceaudit readiness::" + Escape.githubMessage(headline) + "\n"
        case .prometheus:
            var metrics = PrometheusWriter.Metrics(table: policy.table.description)
            metrics.add("strict_mode_ready", "Whether the last N complete UTC days were clean (1) or not (0).", ready ? 1 : 0)
            metrics.add("clean_streak_days", "Complete UTC days in a row without violations, back from yesterday.", Double(streakDays))
            metrics.add("readiness_last_run_timestamp_seconds", "When readiness was last checked, in seconds since the Unix epoch.", Double(context.startedAt.microseconds) / 1_000_000)
            return metrics.text
        case .csv:
            return ""
        }
    }
}
