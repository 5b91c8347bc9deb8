/// `--format prometheus`: the text exposition format for node_exporter's textfile collector, base
/// units, `traceaudit_` prefix, one `table` label. `traceaudit_up` is 0 when the audit could not
/// run (the other metrics are then absent), so an alert can tell "no violations" from "no data".
final class PrometheusWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext

    init(sink: TextSink, context: ReportContext) {
        self.sink = sink
        self.context = context
    }

    func rowLimit(requested: Int?) -> Int? { 0 }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {}

    func end(_ report: AuditReport) throws {
        var out = metric("up", "Whether the last audit could run (1) or not (0).", [("", 1)])
        out += metric("passed", "Whether the last audit passed (1) or not (0): the policy held, or --baseline/--max-violations let it pass.", [("", report.passed ? 1 : 0)])
        out += metric("violations", "Succeeded jobs created since the cutoff (in the window) without a trace_id.", [("", Double(report.violationCount))])
        if report.gate.hasBaseline {
            out += metric("acknowledged_violations", "Violations listed in the --baseline (counted in traceaudit_violations).", [("", Double(report.gate.acknowledged))])
            out += metric("stale_baseline_entries", "--baseline entries that are no longer violations.", [("", Double(report.gate.stale.count))])
        }
        out += metric("undated_missing_trace", "Succeeded jobs without a trace_id whose created_at is NULL or unreadable.", [("", Double(report.undated.missingTrace))])
        if report.command != .violations {
            out += metric("legacy_missing_trace", "Succeeded jobs created before the cutoff without a trace_id (tolerated).", [("", Double(report.legacy.missingTrace))])
            out += metric(
                "succeeded_jobs", "Succeeded jobs created since the cutoff (in the window), by trace presence.",
                [("trace=\"present\"", Double(report.distribution.hasTrace)), ("trace=\"missing\"", Double(report.distribution.missingTrace))])
            let total = report.distribution.total
            out += metric(
                "compliance_ratio", "Share of succeeded jobs since the cutoff (in the window) with a trace_id, 0 to 1; NaN without jobs.",
                [("", total == 0 ? .nan : Double(report.distribution.hasTrace) / Double(total))])
            let freshness = report.freshness
            out += metric(
                "newest_job_timestamp_seconds", "created_at of the newest succeeded job in the window, in seconds since the Unix epoch; NaN without one.",
                [("", freshness.newestSucceeded.map { Double($0.microseconds) / 1_000_000 } ?? .nan)])
            out += metric(
                "newest_job_age_seconds", "Age of the newest succeeded job in the window when the audit ran, in seconds; NaN without one.",
                [("", freshness.ageMicroseconds.map { Double($0) / 1_000_000 } ?? .nan)])
            out += metric(
                "window_succeeded_jobs", "Dated succeeded jobs in the window, legacy included (what --min-jobs counts).",
                [("", Double(freshness.succeededJobs))])
            if freshness.isChecked {
                out += metric("freshness_passed", "Whether --max-age and --min-jobs held in the last audit (1) or not (0).", [("", freshness.passed ? 1 : 0)])
            }
        }
        if report.violationCount > 0 {
            out += metric(
                "violations_by_type",
                "Violations by job type: the \(PrometheusWriter.typesShown) largest types, the rest summed as type=\"other\" (an empty type is a NULL or empty type column).",
                PrometheusWriter.typeSamples(report.byType))
        }
        out += lastRun()
        sink.write(out)
    }

    func failed(_ error: TraceAuditError) -> Bool {
        sink.write(metric("up", "Whether the last audit could run (1) or not (0).", [("", 0)]) + lastRun())
        return true
    }

    /// The most types given their own series; the rest are summed under `other`.
    static let typesShown = 10

    /// One sample per type among the largest `typesShown` (most violations first), then `other`
    /// with the rest. Label values are unique: a NULL type and an empty one share the empty label,
    /// and a type named `other` is counted in `other`.
    static func typeSamples(_ types: [TypeCompliance]) -> [(labels: String, value: Double)] {
        var counts: [String: Int] = [:]
        for entry in types { counts[entry.type ?? "", default: 0] += entry.violations }
        let ranked = counts.filter { $0.key != "other" }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var samples = ranked.prefix(typesShown).map { (labels: "type=\"" + Escape.prometheusLabel($0.key) + "\"", value: Double($0.value)) }
        let rest = ranked.dropFirst(typesShown).reduce(counts["other"] ?? 0) { $0 + $1.value }
        if rest > 0 { samples.append((labels: "type=\"other\"", value: Double(rest))) }
        return samples
    }

    private func lastRun() -> String {
        metric(
            "last_run_timestamp_seconds", "When the last audit ran, in seconds since the Unix epoch.",
            [("", Double(context.startedAt.microseconds) / 1_000_000)])
    }

    /// HELP, TYPE and one sample per label set, all gauges.
    private func metric(_ name: String, _ help: String, _ samples: [(labels: String, value: Double)]) -> String {
        var metrics = Metrics(table: context.policy.table.description)
        metrics.add(name, help, samples)
        return metrics.text
    }

    /// Gauges written one after another, each with HELP and TYPE, all labelled with the table.
    struct Metrics {
        let table: String
        private(set) var text = ""

        init(table: String) {
            self.table = table
        }

        mutating func add(_ name: String, _ help: String, _ value: Double) {
            add(name, help, [("", value)])
        }

        mutating func add(_ name: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            let full = "traceaudit_" + name
            text += "# HELP \(full) \(help)\n# TYPE \(full) gauge\n"
            let base = "table=\"" + Escape.prometheusLabel(table) + "\""
            for sample in samples {
                text += "\(full){\(sample.labels.isEmpty ? base : base + "," + sample.labels)} \(PrometheusWriter.value(sample.value))\n"
            }
        }
    }

    static func value(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
