import Foundation
import Testing
@testable import TraceAuditKit

/// `--format github` against the runner's documented rules (actions/toolkit
/// docs/problem-matchers.md, "Limitations": ten error, ten warning and ten notice annotations per
/// step, fifty per job): the summary first, at most ten annotations in all, each with a title, the
/// values escaped so that none starts a command of its own.
@Suite("GitHub annotations")
struct GitHubAnnotationTests {
    /// 25 violations and 2 undated jobs without a trace.
    static func manyViolations() throws -> SnapshotFile {
        try SnapshotFile(
            jobs: (1...25).map { Job(id: .integer(Int64($0)), createdAt: .integer(1_770_000_000 + Int64($0)), traceId: nil) }
                + [Job(id: 100, createdAt: "garbage", traceId: nil), Job(id: 101, createdAt: nil, traceId: nil)])
    }

    static func commands(_ output: String) throws -> [WorkflowCommand] {
        try output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { try WorkflowCommand(String($0)) }
    }

    /// Each line is a whole command: nothing in a value ends the line or the properties early
    /// (the runner reads the properties up to the first `::`; later ones are message text).
    static func checkRunnerRules(_ output: String) throws -> [WorkflowCommand] {
        #expect(output.hasSuffix("\n"))
        let commands = try commands(output)
        #expect(commands.count <= 10, "the runner shows ten annotations of a kind per step")
        #expect(commands.allSatisfy { $0.properties["title"]?.isEmpty == false })
        for line in output.split(separator: "\n") {
            #expect(!line.contains("\r"))
            let properties = line.dropFirst(2).components(separatedBy: "::")[0].split(separator: " ", maxSplits: 1).dropFirst().first ?? ""
            for pair in properties.split(separator: ",") {
                #expect(pair.filter { $0 == "=" }.count == 1, "a property value with an unescaped , or =: \(line)")
            }
        }
        return commands
    }

    @Test(arguments: [["--all"], [], ["--limit", "3"], ["--limit", "0"]])
    func summaryFirstAndAtMostTen(limit: [String]) throws {
        let file = try Self.manyViolations()
        let result = run(["--db", file.path, "--format", "github"] + limit)
        #expect(result.code == .violations)
        let commands = try Self.checkRunnerRules(result.output)
        #expect(commands.first?.properties["title"] == "traceaudit: FAIL")
        #expect(commands.first?.message.hasPrefix("FAIL: 25 succeeded jobs") == true)
        #expect(commands.first?.message.contains("2 undated without trace") == true)
        #expect(commands.dropFirst().first?.properties["title"] == "traceaudit: undated jobs")
        let rows = commands.filter { $0.properties["title"] == "Trace-ID policy violation" }
        let asked = limit.count == 2 ? Int(limit[1])! : 8
        #expect(rows.count == min(asked, 8))
        if asked > 0 { #expect(rows.first?.message.hasPrefix("Job 25 ") == true) }
        #expect(commands.first?.message.contains("(\(rows.count) shown") == true)
        #expect(commands.allSatisfy { $0.name == "error" })
    }

    @Test func warningsUnderWarnOnly() throws {
        let file = try Self.manyViolations()
        let result = run(["--db", file.path, "--format", "github", "--warn-only"])
        #expect(result.code == .passed)
        let commands = try Self.checkRunnerRules(result.output)
        #expect(commands.count == 10)
        #expect(commands.allSatisfy { $0.name == "warning" })
    }

    @Test func noticeWhenThePolicyHolds() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00+00")])
        let result = run(["--db", file.path, "--format", "github"])
        #expect(result.code == .passed)
        let commands = try Self.checkRunnerRules(result.output)
        #expect(commands.map(\.name) == ["notice"])
        #expect(commands[0].message.hasPrefix("PASS: "))
    }

    @Test func hostileValuesStayInsideTheirCommand() throws {
        let file = try FormatTests.dataSet()
        let result = run(["--db", file.path, "--format", "github", "--warn-only"])
        let commands = try Self.checkRunnerRules(result.output)
        #expect(commands.map(\.name) == Array(repeating: "warning", count: 5))
        #expect(commands.last?.message.contains(Escape.terminal(FormatTests.hostile)) == true)
    }

    @Test func readinessSummaryFirstAndAtMostTen() throws {
        let now = Instant(parsing: "2026-03-20T12:00:00Z")!
        let file = try SnapshotFile(jobs: (1...15).map { day in
            Job(id: .integer(Int64(day)), createdAt: .text("2026-03-\(String(format: "%02d", day)) 08:00:00+00"), traceId: nil)
        })
        let output = StringSink()
        let code = TraceAudit.run(
            ["readiness", "--db", file.path, "--days", "14", "--format", "github", "--warn-only"], environment: [:], output: output,
            errors: StringSink(), now: now)
        #expect(code == .passed)
        let commands = try Self.checkRunnerRules(output.text)
        #expect(commands.count == 10)
        #expect(commands.allSatisfy { $0.name == "warning" })
    }
}
