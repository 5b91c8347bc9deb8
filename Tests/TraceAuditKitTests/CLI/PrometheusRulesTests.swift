import Foundation
import Testing
@testable import TraceAuditKit

/// packaging/prometheus/traceaudit.rules.yml, the rules README and docs/alerts.md point to, run by
/// promtool on series made from traceaudit's own `--format prometheus` output: the policy's alert
/// fires on violations, TraceauditDown on a run that could not check and on a stale one.
@Suite("Prometheus alert rules", .timeLimit(.minutes(2)))
struct PrometheusRulesTests {
    static let rules = Repository.path("packaging/prometheus/traceaudit.rules.yml").path

    /// `input_series` for promtool: every sample of `metrics` held for three hours at one-minute
    /// steps, the last-run timestamp as `lastRun` says (a promtool series expression).
    static func series(_ metrics: String, lastRun: String) -> String {
        var out = ""
        for line in metrics.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let name = String(line[..<space])
            let value = name.hasPrefix("traceaudit_last_run_timestamp_seconds") ? lastRun : String(line[line.index(after: space)...]) + "x180"
            out += "      - series: '\(name)'\n        values: '\(value == "NaNx180" ? "NaNx180" : value)'\n"
        }
        return out
    }

    @Test(.enabled(if: ExternalTool.installed("promtool"))) func rulesAreValidAndFireAsDocumented() throws {
        let promtool = try ExternalTool.path("promtool", package: "prometheus")
        let checked = try runProcess(promtool, ["check", "rules", Self.rules])
        #expect(checked.status == 0, "\(checked.output)\(checked.errors)")

        let demo = Repository.path("fixtures/demo.sqlite").path
        let failing = run(["check", "--db", demo, "--format", "prometheus"])
        #expect(failing.code == .violations)
        let clean = try SnapshotFile(jobs: [SnapshotFile.Job(id: 1, createdAt: "2026-02-09 10:00:00+00")])
        let passing = run(["check", "--db", clean.path, "--format", "prometheus"])
        #expect(passing.code == .passed)
        let broken = run(["check", "--db", clean.folder.appendingPathComponent("absent.sqlite").path, "--format", "prometheus"])
        #expect(broken.code == .cannotCheck)

        // A cron run every minute keeps the timestamp at time(); a stale one stops at 1000 s.
        let fresh = "0+60x180"
        let stale = "1000x180"
        // Each alert as promtool's exp_alerts lists it, indented to sit under `exp_alerts:`.
        // The table label as the metrics give it (a resolved name such as main.executor_jobs).
        func table(_ metrics: String) -> String {
            guard let start = metrics.range(of: "{table=\"") else { return "?" }
            return String(metrics[start.upperBound...].prefix { $0 != "\"" })
        }
        let violated = table(failing.output)
        let violation = [
            "- exp_labels: {severity: critical, policy_alert: trace_id_policy_violation, table: \(violated)}",
            "  exp_annotations:",
            "    summary: \"5 succeeded jobs since the cutoff have no trace_id (\(violated))\"",
            "    description: \"Job succeeded without trace_id - investigate orchestrator\"",
            "    runbook: \"traceaudit violations --since 1d\"",
        ].map { "          " + $0 }.joined(separator: "\n")
        func down(_ table: String) -> String {
            [
                "- exp_labels: {severity: warning, table: \(table)}",
                "  exp_annotations:",
                "    summary: \"traceaudit has not checked \(table) for an hour, or could not\"",
                "    runbook: \"run the cron line by hand; its error line says why\"",
            ].map { "          " + $0 }.joined(separator: "\n")
        }
        func scenario(_ metrics: String, lastRun: String, at time: String, violations: String?, down: String?) -> String {
            """
              - interval: 1m
                input_series:
            \(Self.series(metrics, lastRun: lastRun))
                alert_rule_test:
                  - eval_time: \(time)
                    alertname: TraceIdPolicyViolation
                    exp_alerts:\(violations.map { "\n" + $0 } ?? " []")
                  - eval_time: \(time)
                    alertname: TraceauditDown
                    exp_alerts:\(down.map { "\n" + $0 } ?? " []")

            """
        }
        let tests = "rule_files:\n  - \(Self.rules)\nevaluation_interval: 1m\ntests:\n"
            + scenario(failing.output, lastRun: fresh, at: "2h", violations: violation, down: nil)
            + scenario(failing.output, lastRun: stale, at: "30m", violations: violation, down: nil)
            + scenario(failing.output, lastRun: stale, at: "2h", violations: violation, down: down(violated))
            + scenario(passing.output, lastRun: fresh, at: "2h", violations: nil, down: nil)
            + scenario(broken.output, lastRun: fresh, at: "10m", violations: nil, down: down(table(broken.output)))
        let folder = clean.folder.appendingPathComponent("rules-test.yml")
        try tests.write(to: folder, atomically: true, encoding: .utf8)
        let tested = try runProcess(promtool, ["test", "rules", folder.path])
        #expect(tested.status == 0, "\(tested.output)\(tested.errors)\n\(tests)")
    }

    /// The workflows (where README's alert section moved) and the alerts guide point at the rules file.
    @Test func readmeAndTheAlertsGuideUseTheRulesFile() throws {
        for document in ["docs/workflows.md", "docs/alerts.md"] {
            let text = try String(contentsOf: Repository.path(document), encoding: .utf8)
            #expect(text.contains("packaging/prometheus/traceaudit.rules.yml"), "\(document)")
        }
    }
}
