import Foundation
import Testing
@testable import TraceAuditKit

/// The real binary started with a closed standard output (`>&-`): one line that says what
/// happened and what to do, exit 3; `--output FILE` still works.
@Suite("Standard streams")
struct StandardStreamsTests {
    static func runWithClosedOutput(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let quoted = ([executableURL.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try runProcess("/bin/bash", ["-c", "exec " + quoted.joined(separator: " ") + " >&-"])
    }

    @Test(arguments: [["--db"], ["logs", "--db"], ["readiness", "--db"]])
    func closedStandardOutputSaysSo(command: [String]) throws {
        let demo = ReadmeExamplesTests.root.appendingPathComponent("fixtures/demo.sqlite").path
        let log = ReadmeExamplesTests.root.appendingPathComponent("fixtures/orchestrator.log").path
        let arguments = command.first == "logs" ? ["logs", log, "--db", demo] : command + [demo]
        let result = try Self.runWithClosedOutput(arguments)
        #expect(result.status == 3, "\(result.errors)")
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(result.errors)")
        #expect(result.errors.hasPrefix("traceaudit: error: "))
        #expect(result.errors.contains("standard output is closed"), "\(result.errors)")
        #expect(result.errors.contains("--output FILE"), "\(result.errors)")
        #expect(!result.errors.contains("invalid argument"))
    }

    @Test func outputFileWorksWithAClosedStandardOutput() throws {
        let file = try SnapshotFile(jobs: [SnapshotFile.Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        let report = file.folder.appendingPathComponent("report.json").path
        let result = try Self.runWithClosedOutput(["--db", file.path, "--format", "json", "--output", report])
        #expect(result.status == 1, "\(result.errors)")
        // Only the verdict line that a report written to a file adds; no error.
        #expect(result.errors.hasPrefix("traceaudit: FAIL: 1 violation ") && result.errors.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"schema_version\""))
    }
}
