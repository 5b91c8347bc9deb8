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
        }
        out += lastRun()
        sink.write(out)
    }

    func failed(_ error: TraceAuditError) -> Bool {
        sink.write(metric("up", "Whether the last audit could run (1) or not (0).", [("", 0)]) + lastRun())
        return true
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
