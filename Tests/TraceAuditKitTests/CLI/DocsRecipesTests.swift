import Foundation
import Testing
@testable import TraceAuditKit

/// docs/ci.md's recipes run as written, and docs/usage.md gives every option as `--help` does.
@Suite("Docs recipes")
struct DocsRecipesTests {
    static let root = Repository.root

    /// The fenced blocks of a docs file whose info string is `info`, in order.
    static func blocks(_ file: String, info: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        var blocks: [String] = []
        var current: [String]?
        var kind: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if current == nil {
                    kind = String(line.dropFirst(3))
                    current = []
                } else {
                    if kind == info, let current { blocks.append(current.joined(separator: "\n")) }
                    current = nil
                }
                continue
            }
            current?.append(line)
        }
        return blocks
    }

    /// A YAML document read by PyYAML, as JSON objects.
    static func yaml(_ text: String) throws -> [String: Any]? {
        guard let python = try ExternalTool.require("python3", package: "python3-yaml") else { return nil }
        let result = try ExternalTool.run(python, ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], input: text)
        if result.errors.contains("No module named 'yaml'") && ProcessInfo.processInfo.environment["CI"] != "true" { return nil }
        guard result.status == 0 else { throw TestFailure("yaml: \(result.errors)") }
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    }

    /// Every option `--help` lists is in docs/usage.md.
    @Test func usageNamesEveryOption() throws {
        let usage = try String(contentsOf: Self.root.appendingPathComponent("docs/usage.md"), encoding: .utf8)
        let help = try runProcess(executableURL.path, ["--help"]).output
        let options = help.split(separator: "\n").filter { $0.hasPrefix("  --") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(options.count == Option.allCases.count)
        for option in options {
            #expect(usage.contains("`" + option), "docs/usage.md does not describe \(option)")
        }
        // Each option's line says what --help says: its value, its help line and its commands.
        let lines = Set(usage.split(separator: "\n").map(String.init))
        for option in Option.allCases {
            let line = "- `\(option.rawValue)\(option.valueName.map { " " + $0 } ?? "")`: \(option.declaration.help)"
                + (Help.commandsTaking(option).map { " [\($0)]" } ?? "")
            #expect(lines.contains(line), "docs/usage.md should have, as --help says it:\n\(line)")
        }
    }

    /// The GitHub workflow: the test-report step reads the audit's JUnit file whatever the audit's
    /// exit (`if: always()`, a maintained action); each `run:` block runs under `bash -e -o
    /// pipefail` as the runner runs it, after the baseline recipe, on the demo snapshot.
    @Test(.enabled(if: PythonCheck.installed(module: "yaml"))) func githubWorkflowRunsAsWritten() throws {
        let workflowText = try #require(try Self.blocks("docs/ci.md", info: "yaml github-workflow").first)
        let workflow = try #require(try Self.yaml(workflowText))
        let jobs = try #require(workflow["jobs"] as? [String: Any])
        let steps = try #require((jobs["audit"] as? [String: Any])?["steps"] as? [[String: Any]])
        let audit = try #require(steps.first { $0["id"] as? String == "audit" })
        let auditRun = try #require(audit["run"] as? String)
        #expect(auditRun.contains("--report junit=traceaudit.xml"))
        #expect(auditRun.contains("markdown+=\"$GITHUB_STEP_SUMMARY\""))
        let report = try #require(steps.first { ($0["uses"] as? String)?.hasPrefix("mikepenz/action-junit-report@") == true })
        #expect(report["if"] as? String == "always()")
        #expect((report["with"] as? [String: Any])?["report_paths"] as? String == "traceaudit.xml")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = executableURL.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["DATABASE_URL"] = Self.root.appendingPathComponent("fixtures/demo.sqlite").path
        environment["TRACEAUDIT_DB"] = nil
        let summary = folder.appendingPathComponent("summary.md")
        let outputs = folder.appendingPathComponent("outputs")
        try "an earlier step's line without a newline".write(to: summary, atomically: true, encoding: .utf8)
        environment["GITHUB_STEP_SUMMARY"] = summary.path
        environment["GITHUB_OUTPUT"] = outputs.path
        func step(_ script: String) throws -> (status: Int32, output: String, errors: String) {
            try runProcess("/bin/bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], environment: environment, directory: folder)
        }

        // Adopting the gate: the baseline step passes under set -e.
        let adopt = try #require(try Self.blocks("docs/ci.md", info: "sh ci-step").first)
        let adopted = try step(adopt)
        #expect(adopted.status == 0, "\(adopted.errors)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("baseline.json").path))

        // The audit step: every violation acknowledged, so it passes; the rows are notices.
        try Data().write(to: outputs)
        let passed = try step(auditRun)
        #expect(passed.status == 0, "\(passed.errors)")
        let annotations = try GitHubAnnotationTests.checkRunnerRules(passed.output)
        #expect(annotations.dropFirst().allSatisfy { $0.name == "notice" })
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "verdict=pass\nviolations=5\nnew_violations=0\ncompliance=95.87\n")
        let appended = try String(contentsOf: summary, encoding: .utf8)
        #expect(appended.hasPrefix("an earlier step's line without a newline\n## traceaudit check: ✅ PASS"), "\(appended.prefix(200))")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("traceaudit.xml").path))

        // A new violation and a fixed one: the new one is the only error, the fixed id is listed.
        try "# acknowledged\n281\n264\n247\n212\nfixed-job-7\n".write(to: folder.appendingPathComponent("baseline.json"), atomically: true, encoding: .utf8)
        try Data().write(to: outputs)
        let failed = try step(auditRun)
        #expect(failed.status == 1)
        let rows = try GitHubAnnotationTests.checkRunnerRules(failed.output)
        #expect(rows.first?.name == "error")
        #expect(rows.dropFirst().filter { $0.name == "error" }.map(\.message).allSatisfy { $0.hasPrefix("Job 1002 ") })
        #expect(rows.dropFirst().filter { $0.name == "notice" }.count == 4)
        #expect(rows.first?.message.contains("1 stale (no longer violations, remove them): fixed-job-7") == true)
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("remove them: fixed-job-7"))
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "verdict=fail\nviolations=5\nnew_violations=1\ncompliance=95.87\n")

        // The later step reads the outputs as the runner substitutes them.
        let values = Dictionary(uniqueKeysWithValues: try String(contentsOf: outputs, encoding: .utf8).split(separator: "\n").map {
            let parts = $0.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        })
        var later = try #require(steps.last?["run"] as? String)
        for (name, value) in values { later = later.replacingOccurrences(of: "${{ steps.audit.outputs.\(name) }}", with: value) }
        let echoed = try step(later)
        #expect(echoed.status == 0)
        #expect(echoed.output == "verdict=fail violations=5\nnew=1 compliance=95.87%\n")

        // The other recipes: the GitLab job's script and the retry loop.
        let gitlab = try #require(try Self.blocks("docs/ci.md", info: "yaml gitlab-job").first)
        let job = try #require(try Self.yaml(gitlab)?["traceaudit"] as? [String: Any])
        for line in try #require(job["script"] as? [String]) {
            let result = try step(line)
            #expect(result.status == 1, "\(line): \(result.errors)")
        }
        let retry = try #require(try Self.blocks("docs/ci.md", info: "sh ci-step").last)
        let retried = try step(retry)
        #expect(retried.status == 0, "\(retried.errors)")
    }

    /// `--format ids`: the ids alone, newest first, the usual exit codes; `--all` lists every one.
    @Test func idsFormat() throws {
        let demo = Self.root.appendingPathComponent("fixtures/demo.sqlite").path
        let listed = run(["violations", "--db", demo, "--format", "ids"])
        #expect(listed.code == .violations)
        #expect(listed.output == "281\n264\n247\n212\n1002\n")
        let limited = run(["violations", "--db", demo, "--format", "ids", "--limit", "2"])
        #expect(limited.output == "281\n264\n")
        let clean = run(["violations", "--db", demo, "--format", "ids", "--until", "2026-02-01T01:00:00Z"])
        #expect(clean.code == .passed && clean.output.isEmpty)
        let refused = run(["check", "--db", demo, "--format", "ids"])
        #expect(refused.code == .usageError)
        let logs = run(["logs", Self.root.appendingPathComponent("fixtures/orchestrator.log").path, "--format", "ids", "--all"])
        #expect(logs.code == .violations)
        #expect(!logs.output.isEmpty && logs.output.split(separator: "\n").allSatisfy { !$0.contains(" ") && !$0.isEmpty })
    }
}
