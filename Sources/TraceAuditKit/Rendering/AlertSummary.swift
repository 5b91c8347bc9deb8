/// What an alert (the slack and pagerduty formats) says of one run, whatever the command: the
/// verdict, one line of numbers, labelled counts and short lists (types, newest ids), built here
/// from each command's report so both formats say the same thing.
struct AlertSummary {
    /// The alert's state: PASS resolves, FAIL and ERROR trigger.
    enum Verdict: String {
        case pass = "PASS"
        case fail = "FAIL"
        case error = "ERROR"
    }

    /// A labelled count (`violations`, 152).
    struct Fact {
        var key: String
        var label: String
        var value: Int
    }

    /// A list an alert shows the head of: `total` items exist, `items` are the first (newest,
    /// largest) of them, and the rest is said as "and N more".
    struct List {
        var key: String
        var title: String
        var items: [String]
        var total: Int

        /// `sync_inventory: 2`, one item per type (largest first; NULL for a NULL type).
        static func topTypes(_ types: [(type: String?, count: Int)]) -> List {
            List(
                key: "top_types", title: "Top job types",
                items: types.prefix(AlertSummary.itemsShown).map { ($0.type ?? "NULL") + ": " + Counting.number($0.count) }, total: types.count)
        }
    }

    var verdict: Verdict
    /// The verdict as the command says it (`FAIL`, `NOT READY`).
    var word: String
    var command: AuditCommand
    var table: String
    /// The numbers in one line, without the verdict.
    var headline: String
    /// What to do, or why the run could not check.
    var message: String
    var facts: [Fact] = []
    var lists: [List] = []
    /// The newest violation's instant, when the command knows one (for `--state`).
    var newest: Instant?

    /// The policy's alert, in its own words.
    static let policyAlert = "trace_id_policy_violation"
    static let policyMessage = "Job succeeded without trace_id - investigate orchestrator"

    /// The most items a list shows.
    static let itemsShown = 10

    /// A table check's report, with the violation rows the writer was handed (newest first).
    init(_ report: AuditReport, rows: [Violation]) {
        verdict = report.passed ? .pass : .fail
        word = ReportHeadline.verdict(report)
        command = report.command
        table = report.policy.table.description
        headline = ReportHeadline.summary(report)
        message = report.passed
            ? "No violation of the trace-ID policy (\(report.decisionText))."
            : AlertSummary.policyMessage + (report.decidedBy == .maxViolations && !report.gate.isSet ? "." : " (decided by " + report.decisionText + ").")
        facts = [Fact(key: "violations", label: "Violations", value: report.violationCount)]
        if report.gate.hasBaseline { facts.append(Fact(key: "new_violations", label: "Not in the baseline", value: report.newViolations)) }
        facts.append(Fact(key: "undated_missing_trace", label: "Undated without trace", value: report.undated.missingTrace))
        if report.command != .violations {
            facts.append(Fact(key: "succeeded_with_trace", label: "Succeeded with trace", value: report.distribution.hasTrace))
            facts.append(Fact(key: "legacy_missing_trace", label: "Legacy without trace", value: report.legacy.missingTrace))
        }
        lists = [
            List.topTypes(report.byType.filter { $0.violations > 0 }.map { ($0.type, $0.violations) }),
            List(
                key: "newest_job_ids", title: "Newest violations",
                items: rows.prefix(AlertSummary.itemsShown).map { ($0.id ?? "NULL") + " (" + Figures.instant($0.createdAt) + ")" },
                total: report.violationCount),
        ]
        newest = report.diagnosis.last
    }

    /// `logs`: entries logged and, with `--db`, the silent violations.
    init(_ report: LogReport) {
        verdict = report.passed ? .pass : .fail
        word = report.passed ? "PASS" : "FAIL"
        command = .logs
        table = report.policy.table.description
        headline = report.verdictCounts
        message = report.passed ? "No POLICY_VIOLATION entry in the logs read." : AlertSummary.policyMessage + "."
        facts = [
            Fact(key: "logged_violations", label: "Logged violations", value: report.findings.count),
            Fact(key: "unreadable_records", label: "Unreadable records", value: report.findings.unreadable),
        ]
        if let crossCheck = report.crossCheck {
            facts.append(Fact(key: "unlogged_violations", label: "Not found in the logs", value: crossCheck.unloggedCount))
            facts.append(Fact(key: "not_matched_violations", label: "Not matched", value: crossCheck.notMatchedCount))
            facts.append(Fact(key: "not_covered_violations", label: "Not covered by the logs", value: crossCheck.notCoveredCount))
        }
        let entries = report.findings.entries.reversed()
        lists = [
            List.topTypes(report.findings.typesByCount.map { ($0.type, $0.count) }),
            List(
                key: "newest_job_ids", title: "Newest logged jobs",
                items: entries.prefix(AlertSummary.itemsShown).map { ($0.jobId ?? "?") + ($0.loggedAt.map { " (" + Figures.instant($0) + ")" } ?? "") },
                total: report.findings.count),
        ]
        if let crossCheck = report.crossCheck {
            lists.append(List(
                key: "unlogged_job_ids", title: "Violations not found in the logs",
                items: crossCheck.unlogged.prefix(AlertSummary.itemsShown).map { ($0.id ?? "NULL") + " (" + Figures.instant($0.createdAt) + ")" },
                total: crossCheck.unloggedCount))
            if crossCheck.notCoveredCount > 0 {
                lists.append(List(
                    key: "not_covered_job_ids", title: "Violations not covered by the logs",
                    items: crossCheck.notCovered.prefix(AlertSummary.itemsShown).map { ($0.id ?? "NULL") + " (" + Figures.instant($0.createdAt) + ")" },
                    total: crossCheck.notCoveredCount))
            }
        }
        newest = report.findings.lastLogged
    }

    /// `readiness`: NOT READY is a FAIL of the strict-mode criterion.
    init(_ report: ReadinessReport) {
        verdict = report.ready ? .pass : .fail
        word = report.verdict
        command = .readiness
        table = report.policy.table.description
        headline = report.summary
        message = report.ready ? "Strict mode can be switched on." : "Strict mode must stay off: " + (report.reasons.first ?? "not ready") + "."
        facts = [
            Fact(key: "clean_streak_days", label: "Clean streak (days)", value: report.streakDays),
            Fact(key: "required_days", label: "Required (days)", value: report.requiredDays),
            Fact(key: "unverified_paths", label: "Unverified paths", value: report.unverifiedPaths.count),
        ]
        lists = [List(key: "reasons", title: "Reasons", items: Array(report.reasons.prefix(AlertSummary.itemsShown)), total: report.reasons.count)]
        newest = report.lastBrokenDay?.start
    }

    /// A run that could not check.
    init(_ error: TraceAuditError, context: ReportContext) {
        verdict = .error
        word = "ERROR"
        command = context.command
        table = context.policy.table.description
        headline = "could not check"
        message = FailureText.line(error)
    }

    /// `FAIL executor_jobs: 152 violations on 2026-11-28 (94.41%)`.
    var title: String { word + " " + table + ": " + headline }

    /// Where the numbers came from, for people: engine and target, table, window, when.
    static func origin(_ context: ReportContext) -> [(label: String, value: String)] {
        var parts: [(String, String)] = []
        if !context.target.isEmpty { parts.append(("target", (context.engine.map { $0.rawValue + " " } ?? "") + context.target)) }
        parts.append(("table", context.policy.table.description))
        let scope = Figures.scope(context.window)
        parts.append(("window", scope.isEmpty ? "all time since " + context.policy.cutoff.description : scope))
        parts.append(("run", "traceaudit \(context.version) \(context.command.rawValue) at \(context.startedAt)"))
        return parts
    }

    /// 16 hex digits of the 64-bit FNV-1a hash of `text`: the same text always gives the same
    /// digits, which name nothing of it.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `text` cut to at most `limit` UTF-16 code units (what Slack and PagerDuty count, and never
    /// fewer than characters), ending in `…` when cut, never inside a scalar.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var out = ""
        var used = 0
        for scalar in text.unicodeScalars {
            let width = scalar.utf16.count
            if used + width > limit - 1 { break }
            out.unicodeScalars.append(scalar)
            used += width
        }
        return out + "…"
    }
}
