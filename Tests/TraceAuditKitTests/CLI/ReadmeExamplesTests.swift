import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The documentation's examples (README.md and every docs/*.md), run against the demo snapshot
/// with the built binary, so they stay true: the `sh example` blocks, the `traceaudit` lines of
/// the CI YAML, and the crontab commands.
@Suite("README examples")
struct ReadmeExamplesTests {
    static let root = Repository.root

    /// The commands, README's first, then each docs file's in name order; a command given twice
    /// (README repeats a few of docs/) is run once, where it first appears.
    static func commands() throws -> [String] {
        var commands: [String] = []
        for block in try Documentation.blocks("sh example") {
            for line in block {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { commands.append(trimmed) }
            }
        }
        for block in try Documentation.blocks("yaml") {
            for line in block {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let command = trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed
                if command.hasPrefix("traceaudit ") { commands.append(command) }
            }
        }
        for block in try Documentation.blocks("crontab") {
            for line in block {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let fields = trimmed.split(separator: " ", maxSplits: 5)
                // The lines that pipe into msmtp run with a mail chain in EmailDeliveryTests and
                // ReadinessEvidenceTests.
                if fields.count == 6, !trimmed.hasPrefix("#"), !fields[0].contains("="), !fields[5].contains("| msmtp") {
                    commands.append(String(fields[5]))
                }
            }
        }
        // Lines that --post to Slack or PagerDuty need a receiver: the alert delivery tests run
        // them against a loopback HTTPS server.
        var seen = Set<String>()
        return commands.filter { !$0.contains(" --post ") && seen.insert($0).inserted }
    }

    @Test func examplesAreFound() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 10)
        #expect(commands.contains { $0.contains("--format prometheus --output") })
        #expect(commands.contains { $0.contains("--format github --report junit=traceaudit.xml --report markdown+=\"$GITHUB_STEP_SUMMARY\"") })
        #expect(commands.contains { $0.contains("--report junit=traceaudit.xml --report markdown=traceaudit.md") })
        #expect(commands.contains { $0.contains("--baseline baseline.json") })
        // Moved to docs/: the log check's, readiness' and doctor's examples still run.
        #expect(commands.contains { $0.hasPrefix("traceaudit logs fixtures/orchestrator.log --db") })
        #expect(commands.contains { $0.contains("kubectl logs") })
        #expect(commands.contains { $0.hasPrefix("traceaudit readiness --db") })
        #expect(commands.contains { $0.hasPrefix("traceaudit doctor") })
        #expect(commands.count >= 20)
    }

    @Test func examplesRunOnTheDemo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A stand-in kubectl that prints the demo log, for the log check's pipe example.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = Self.root.appendingPathComponent("fixtures/orchestrator.log").path
        try "#!/bin/sh\ncat '\(log)'\n".write(to: bin.appendingPathComponent("kubectl"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("kubectl").path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = [executableURL.deletingLastPathComponent().path, bin.path, environment["PATH"] ?? "/usr/bin:/bin"].joined(separator: ":")
        environment["DATABASE_URL"] = Self.root.appendingPathComponent("fixtures/demo.sqlite").path
        environment["TRACEAUDIT_DB"] = environment["DATABASE_URL"]
        environment["GITHUB_STEP_SUMMARY"] = folder.appendingPathComponent("summary.md").path
        let made = ["traceaudit.xml", "traceaudit.md", "baseline.json"].map { Self.root.appendingPathComponent($0) }
        defer { for file in made { try? FileManager.default.removeItem(at: file) } }
        var results: [String: (status: Int32, output: String, errors: String)] = [:]
        var gateJUnit: String?
        for command in try Self.commands() {
            let local = command.replacingOccurrences(of: "/var/lib/prometheus/node-exporter/", with: folder.path + "/")
            let result = try runProcess("/bin/bash", ["-c", local], environment: environment, directory: Self.root)
            results[command] = result
            // The gate's JUnit file as that command left it (a later example may rewrite it).
            if command.contains("--baseline baseline.json") && command.contains("junit=traceaudit.xml") {
                gateJUnit = try String(contentsOf: made[0], encoding: .utf8)
            }
            #expect(result.status == 0 || result.status == 1, "\(command): exit \(result.status) \(result.errors)")
            // A report written to a file adds its verdict on standard error, one line; nothing else.
            let lines = result.errors.split(separator: "\n")
            #expect(lines.allSatisfy { $0.hasPrefix("traceaudit: PASS: ") || $0.hasPrefix("traceaudit: FAIL: ") }, "\(command): \(result.errors)")
            #expect(lines.count <= 1, "\(command): \(result.errors)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("traceaudit.prom").path))
        #expect(try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8).contains("## traceaudit check"))

        // The GitHub step: one run, annotations under the runner's rules, the verdict in the log.
        let step = try #require(results.first { $0.key.contains("--format github --report junit=traceaudit.xml --report markdown+=") }?.value)
        #expect(step.status == 1)
        #expect(step.errors.hasPrefix("traceaudit: FAIL: 5 violations"))
        let annotations = try GitHubAnnotationTests.checkRunnerRules(step.output)
        #expect(annotations.first?.message.hasPrefix("FAIL: 5 succeeded jobs") == true)
        // The GitLab job: the table in the log, the JUnit report and the markdown artefact.
        let job = try #require(results.first { $0.key.contains("--report junit=traceaudit.xml --report markdown=traceaudit.md") }?.value)
        #expect(job.status == 1 && job.output.contains("FAIL"))
        #expect(try String(contentsOf: made[1], encoding: .utf8).hasPrefix("## traceaudit check: ❌ FAIL"))
        // Adopting with a baseline: the demo's violations are all acknowledged, so the gate passes.
        let gate = try #require(results.first { $0.key.contains("--baseline baseline.json") }?.value)
        #expect(gate.status == 0, "\(gate.errors)")
        #expect(gate.errors.hasPrefix("traceaudit: PASS: 5 violations"))
        #expect(try GitHubAnnotationTests.checkRunnerRules(gate.output).first?.name == "notice")
        let junit = try JUnitDocument(try #require(gateJUnit))
        #expect(junit.root.attributes["failures"] == "0")
    }
}
