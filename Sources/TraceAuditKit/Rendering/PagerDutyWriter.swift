/// `--format pagerduty`: one PagerDuty Events API v2 alert event. `event_action` is `trigger` on
/// FAIL (severity `critical`; readiness NOT READY `warning`) and on ERROR (`error`), `resolve` on
/// PASS. `dedup_key` is the same for every run of one command on one target and table, so repeated
/// triggers update one alert and a PASS resolves it; it holds a hash of the target, never the
/// target itself. `payload.summary` keeps within the documented 1024 characters.
///
/// The event written here has no `routing_key`: the key is a secret, read from
/// `PAGERDUTY_ROUTING_KEY` and added only to the body `--post` sends.
enum PagerDutyWriter {
    /// PagerDuty's documented limits (Events API v2, Send an Alert Event).
    enum Limit {
        static let summary = 1024
        static let dedupKey = 255
        /// Not documented; kept as short as the summary.
        static let source = 1024
        /// A list item longer than this is counted in `…_more`, not shown.
        static let item = 1024
    }

    /// The event for `alert`.
    static func event(_ alert: AlertSummary, context: ReportContext) -> JSONValue {
        let severity = switch alert.verdict {
        case .pass: "info"
        case .fail: alert.command == .readiness ? "warning" : "critical"
        case .error: "error"
        }
        var details: [(String, JSONValue)] = [
            ("verdict", .string(alert.word)),
            ("command", .string(alert.command.rawValue)),
            ("headline", .string(alert.headline)),
            ("message", .string(alert.message)),
        ]
        details += alert.facts.map { ($0.key, .integer($0.value)) }
        for list in alert.lists {
            let shown = list.items.filter { $0.unicodeScalars.count <= Limit.item }
            details.append((list.key, .array(shown.map(JSONValue.string))))
            details.append((list.key + "_more", .integer(list.total - shown.count)))
        }
        details += AlertSummary.origin(context).map { ($0.label, .string($0.value)) }
        return .object([
            ("event_action", .string(alert.verdict == .pass ? "resolve" : "trigger")),
            ("dedup_key", .string(dedupKey(context))),
            ("payload", .object([
                ("summary", .string(AlertSummary.cut(Escape.terminal(alert.title + " - " + alert.message), to: Limit.summary))),
                ("source", .string(AlertSummary.cut(Escape.terminal(context.target.isEmpty ? "traceaudit" : context.target), to: Limit.source))),
                ("severity", .string(severity)),
                ("timestamp", .string(context.startedAt.description)),
                ("component", .string(alert.table)),
                ("group", .string("traceaudit")),
                ("class", .string(alert.verdict == .error ? "traceaudit_error" : AlertSummary.policyAlert)),
                ("custom_details", .object(details)),
            ])),
            ("client", .string("traceaudit")),
        ])
    }

    /// `traceaudit/check/executor_jobs/1f0c…`: the command, the table and a 64-bit FNV-1a hash of
    /// the target as the command line gives it (its password already removed), so the key is the
    /// same for a run that connected and one that could not, short, and names no host, user or path.
    static func dedupKey(_ context: ReportContext) -> String {
        let key = "traceaudit/\(context.command.rawValue)/\(context.policy.table)/" + AlertSummary.fingerprint(context.givenTarget)
        return AlertSummary.cut(key, to: Limit.dedupKey)
    }

    /// `event` (as `event(_:context:)` serializes it, an object) with `routing_key` as its first
    /// member: the body `--post` sends.
    static func adding(routingKey: String, to event: String) -> String {
        guard event.hasPrefix("{\n") else { return event }
        var member = "  \"routing_key\": "
        Escape.json(routingKey, into: &member)
        return "{\n" + member + ",\n" + event.dropFirst(2)
    }
}
