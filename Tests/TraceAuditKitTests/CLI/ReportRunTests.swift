import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import TraceAuditKit

/// One run, several reports (`--report FORMAT=FILE`), and the verdict on standard error when the
/// reports go to files: every artefact read by a real parser, all agreeing with the JSON report.
@Suite("Reports from one run")
struct ReportRunTests {
    /// A temporary folder, removed at the end of the test.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-reports-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    }

    @Test(.enabled(if: ExternalTool.installed("promtool") && ExternalTool.installed("cmark-gfm") && ExternalTool.installed("python3"))) func oneRunWritesEveryArtefactAndTheyAgree() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        try "# earlier step\n\n".write(toFile: folder.path("summary.md"), atomically: true, encoding: .utf8)
        let result = run([
            "check", "--db", file.path, "--format", "github", "--report", "json=\(folder.path("report.json"))",
            "--report", "junit=\(folder.path("traceaudit.xml"))", "--report", "markdown+=\(folder.path("summary.md"))",
            "--report=prometheus=\(folder.path("traceaudit.prom"))",
        ])
        #expect(result.code == .violations)
        #expect(folder.names == ["report.json", "summary.md", "traceaudit.prom", "traceaudit.xml"], "no temporary file left")

        // JSON: the reference.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("report.json").utf8)) as? [String: Any])
        let count = try #require(json.int("violations.count"))
        let undated = try #require(json.int("undated.missing_trace"))
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(count == 3 && undated == 1)
        #expect(rows.map { $0["id"] as? String } == FormatTests.violationIDs)
        #expect(json.value("passed") as? Bool == false)

        // Standard output: GitHub's annotations, under the runner's rules.
        let commands = try GitHubAnnotationTests.checkRunnerRules(result.output)
        #expect(commands.first?.message.hasPrefix("FAIL: \(count) succeeded jobs") == true)
        #expect(commands.filter { $0.properties["title"] == "Trace-ID policy violation" }.count == count)

        // Standard error: the verdict, once.
        #expect(result.errors == "traceaudit: FAIL: 3 violations (succeeded jobs created in main.executor_jobs since 2026-02-01T00:00:00Z without trace_id); 1 succeeded job without trace_id and without a readable created_at\n")

        // JUnit through Foundation's XMLParser.
        let xml = try folder.read("traceaudit.xml")
        let junit = try JUnitDocument(xml)
        let cases = junit.root.all("testcase")
        let violations = try #require(cases.first { $0.attributes["name"] == "violations" })
        let failureMessage = try #require(violations.all("failure").first?.attributes["message"])
        #expect(failureMessage.hasPrefix("\(count) succeeded jobs"))
        #expect(junit.root.attributes["failures"] == "2")
        #expect((json.value("generated_at") as? String)?.prefix(19) == junit.root.all("testsuite").first?.attributes["timestamp"]?.prefix(19))

        // JUnit through a third-party reader, as a CI test-report step reads it.
        do {
            let python = try ExternalTool.path("python3", package: "python3")
            let script = """
                import json, sys
                from junitparser import JUnitXml
                out = []
                for suite in JUnitXml.fromfile(sys.argv[1]):
                    for case in suite:
                        out.append({"name": case.name, "failed": [r.message for r in case.result if r._tag == "failure"]})
                print(json.dumps(out))
                """
            let parsed = try ExternalTool.run(python, ["-c", script, folder.path("traceaudit.xml")], input: "")
            if parsed.errors.contains("No module named 'junitparser'") && ProcessInfo.processInfo.environment["CI"] != "true" {
                // Locally without junitparser: .ci/run installs it.
            } else {
                #expect(parsed.status == 0, "\(parsed.errors)")
                let read = try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [[String: Any]])
                #expect(read.map { $0["name"] as? String } == cases.map { $0.attributes["name"] })
                #expect((read.first { $0["name"] as? String == "violations" }?["failed"] as? [String]) == [failureMessage])
                #expect((read.first { $0["name"] as? String == "undated" }?["failed"] as? [String])?.first?.hasPrefix("\(undated) ") == true)
            }
        }

        // Markdown, appended after the earlier step's text, through cmark-gfm.
        let markdown = try folder.read("summary.md")
        #expect(markdown.hasPrefix("# earlier step\n\n## traceaudit check: "))
        do {
            let cmark = try ExternalTool.path("cmark-gfm", package: "cmark-gfm")
            let html = try ExternalTool.run(cmark, ["--extension", "table", "-t", "html"], input: markdown)
            #expect(html.status == 0)
            let document = try JUnitDocument("<root>" + html.output + "</root>")
            let table = document.root.all("table").first { $0.all("th").first?.text == "id" }
            let ids = try #require(table).all("tr").dropFirst().map { $0.children.first?.text }
            #expect(ids == FormatTests.violationIDs.map { Escape.terminal($0) })
        }

        // Prometheus, through promtool.
        let metrics = try folder.read("traceaudit.prom")
        let samples = try PrometheusSamples(metrics)
        #expect(samples["traceaudit_violations"] == Double(count))
        #expect(samples["traceaudit_undated_missing_trace"] == Double(undated))
        do {
            let promtool = try ExternalTool.path("promtool", package: "prometheus")
            let checked = try ExternalTool.run(promtool, ["check", "metrics"], input: metrics)
            #expect(checked.status == 0, "\(checked.output) \(checked.errors)")
        }
    }

    /// The rows each report lists follow its own limit, from the one read.
    @Test func eachReportKeepsItsOwnRowLimit() throws {
        let file = try GitHubAnnotationTests.manyViolations()
        let folder = try Folder()
        let result = run([
            "violations", "--db", file.path, "--all", "--format", "github", "--report", "json=\(folder.path("all.json"))",
            "--report", "csv=\(folder.path("all.csv"))",
        ])
        #expect(result.code == .violations)
        #expect(try GitHubAnnotationTests.checkRunnerRules(result.output).count == 10)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("all.json").utf8)) as? [String: Any])
        #expect((json.value("violations.rows") as? [Any])?.count == 25)
        #expect(try folder.read("all.csv").split(separator: "\r\n").count == 26)
    }

    @Test func theLogSaysWhyWhenTheReportGoesToAFile() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        let failed = run(["--db", file.path, "--format", "junit", "--output", folder.path("traceaudit.xml")])
        #expect(failed.code == .violations)
        #expect(failed.output.isEmpty)
        #expect(failed.errors.hasPrefix("traceaudit: FAIL: 3 violations (succeeded jobs created in main.executor_jobs"))
        #expect(failed.errors.split(separator: "\n").count == 1)

        let warned = run(["--db", file.path, "--format", "json", "--output", folder.path("r.json"), "--warn-only"])
        #expect(warned.code == .passed)
        #expect(warned.errors.hasPrefix("traceaudit: FAIL: 3 violations") && warned.errors.hasSuffix(" (--warn-only: exit 0)\n"))

        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00+00")])
        let passed = run(["--db", clean.path, "--output", folder.path("pass.txt")])
        #expect(passed.code == .passed)
        #expect(passed.errors == "traceaudit: PASS: every succeeded job created in main.executor_jobs since 2026-02-01T00:00:00Z has a trace_id\n")
        #expect(run(["--db", clean.path, "--output", folder.path("pass.txt"), "--quiet"]).errors.isEmpty)
        #expect(run(["--db", clean.path, "--report", "junit=\(folder.path("pass.xml"))", "--quiet"]).errors.isEmpty)
        #expect(run(["--db", file.path, "--output", folder.path("fail.txt"), "--quiet"]).errors.hasPrefix("traceaudit: FAIL: "))
        // On a terminal or in a pipe the report itself says it: no second line.
        #expect(run(["--db", file.path]).errors.isEmpty)
    }

    /// `--quiet` empties the main report on a pass, never a `--report` file (a CI reader needs it).
    @Test func quietLeavesReportFilesWhole() throws {
        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00+00")])
        let folder = try Folder()
        let result = run(["--db", clean.path, "--quiet", "--report", "junit=\(folder.path("t.xml"))"])
        #expect(result.code == .passed && result.output.isEmpty)
        let junit = try JUnitDocument(try folder.read("t.xml"))
        #expect(junit.root.attributes["failures"] == "0")
    }

    /// Regression: `--quiet --output` on a pass replaced the file with an empty one, so a cron
    /// job's Prometheus textfile lost every metric whenever the policy held.
    @Test(arguments: ["prometheus", "junit", "json"])
    func quietStillWritesTheOutputFileWhole(format: String) throws {
        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00+00")])
        let folder = try Folder()
        let result = run(["--db", clean.path, "--quiet", "--format", format, "--output", folder.path("out")])
        #expect(result.code == .passed && result.output.isEmpty && result.errors.isEmpty)
        let text = try folder.read("out")
        switch format {
        case "prometheus": #expect(try PrometheusSamples(text)["traceaudit_passed"] == 1)
        case "junit": #expect(try JUnitDocument(text).root.attributes["failures"] == "0")
        default: #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        }
    }

    @Test func appendingAddsOnlyAFinishedReport() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        let summary = folder.path("summary.md")
        for _ in 0..<2 {
            #expect(run(["--db", file.path, "--report", "markdown+=\(summary)"]).code == .violations)
        }
        let twice = try folder.read("summary.md")
        #expect(twice.components(separatedBy: "## traceaudit check: ").count == 3)
        let failed = run(["--db", folder.path("missing.sqlite"), "--report", "markdown+=\(summary)", "--report", "junit=\(folder.path("e.xml"))"])
        #expect(failed.code == .cannotCheck)
        #expect(try folder.read("summary.md") == twice, "a failed run appends nothing to markdown")
        let error = try JUnitDocument(try folder.read("e.xml"))
        #expect(error.root.attributes["errors"] == "1", "JUnit says the check could not run")
    }

    /// `FORMAT+=` onto a FIFO is a direct write, as `--output` does it (waiting for a reader in a
    /// way a signal can end), and the reader gets the report.
    @Test func appendingToAFIFOWritesDirectly() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        let fifo = folder.path("summary.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let result = run(["--db", file.path, "--report", "markdown+=\(fifo)"])
        #expect(result.code == .violations, "\(result.errors)")
        let received = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        #expect(received.hasPrefix("## traceaudit check: "))
    }

    @Test func aReportThatCannotBeWrittenFailsBeforeTheScan() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        try "old\n".write(toFile: folder.path("out.json"), atomically: true, encoding: .utf8)
        let result = run([
            "--db", file.path, "--format", "json", "--output", folder.path("out.json"),
            "--report", "junit=\(folder.path("no/such/folder/t.xml"))",
        ])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.hasPrefix("traceaudit: error: cannot write --report junit="), "\(result.errors)")
        #expect(try folder.read("out.json") == "old\n")
        #expect(folder.names == ["out.json"])
    }

    @Test(arguments: [
        (["--report", "junit"], "--report 'junit' needs FORMAT=FILE"),
        (["--report", "xml=a.xml"], "unknown format 'xml'"),
        (["--report", "csv=a.csv"], "csv is for the violations, daily and logs commands, not check"),
        (["--report", "json="], "names no file"),
        (["--report", "json=a", "--report", "junit=a"], "'a' already takes another report"),
        (["--output", "a", "--report", "junit=a"], "'a' already takes another report"),
        (["--report", "email=m.eml"], "error: --report email needs a recipient: --mail-to"),
        (["--format", "email"], "error: --format email needs a recipient: --mail-to"),
    ])
    func refusals(arguments: [String], message: String) throws {
        let result = run(["--db", "x.sqlite"] + arguments)
        #expect(result.code == .usageError)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    @Test func logsAndReadinessWriteTheirReportsToo() throws {
        let file = try FormatTests.dataSet()
        let folder = try Folder()
        let readiness = run([
            "readiness", "--db", file.path, "--report", "json=\(folder.path("r.json"))", "--report", "github=\(folder.path("r.txt"))",
        ])
        #expect(readiness.code == .violations)
        #expect(readiness.errors.hasPrefix("traceaudit: FAIL: readiness: NOT READY"))
        #expect(try JSONSerialization.jsonObject(with: Data(folder.read("r.json").utf8)) is [String: Any])
        #expect(try GitHubAnnotationTests.checkRunnerRules(folder.read("r.txt")).first?.message.hasPrefix("NOT READY") == true)
        let log = folder.path("app.log")
        try "{\"msg\":\"POLICY_VIOLATION\",\"job_id\":\"job-3\"}\n".write(toFile: log, atomically: true, encoding: .utf8)
        let logs = run(["logs", log, "--report", "json=\(folder.path("l.json"))"])
        #expect(logs.errors.hasPrefix("traceaudit: \(logs.code == .passed ? "PASS" : "FAIL"): logs: "))
        #expect(try JSONSerialization.jsonObject(with: Data(folder.read("l.json").utf8)) is [String: Any])
    }
}
