import Foundation
import Testing
@testable import TraceAuditKit

@Suite("Running the command line")
struct TraceAuditRunTests {
    static let demo = Repository.path("fixtures/demo.sqlite").path

    @Test func helpAndVersionExitZero() {
        let help = run(["--help"])
        #expect(help.code == .passed)
        #expect(help.output.contains("Usage: traceaudit"))
        #expect(help.output.contains("Exit status:"))
        #expect(run(["help", "check"]).output.contains("traceaudit check"))
        for topic in HelpTopic.all.map(\.name) {
            let help = run(["help", topic])
            #expect(help.code == .passed)
            #expect(help.output.contains("Usage: traceaudit \(topic)"))
            #expect(help.output.contains("Examples:") || topic == "legacy" || topic == "distribution")
            #expect(run([topic, "--help"]).output == help.output)
        }
        #expect(run(["--version"]).output.hasPrefix("traceaudit \(Release.version)\n"))  // then commit, libpq, SQLite
    }

    /// The shipped demo snapshot has violations: exit 1 and a FAIL verdict.
    @Test func demoSnapshotFails() throws {
        let result = run(["--db", Self.demo])
        #expect(result.code == .violations)
        #expect(result.output.contains("FAIL  5 violations"))
        #expect(result.errors.isEmpty)
        let json = try run(["--db", Self.demo, "--format", "json"]).json
        #expect(json.int("violations.count") == 5)
        #expect(json.int("legacy.missing_trace") == 36)
        #expect(json.int("undated.has_trace") == 1)
    }

    /// Color only on a terminal, and never when NO_COLOR is set.
    @Test(arguments: [
        (true, [String: String](), true),
        (false, [:], false),
        (true, ["NO_COLOR": "1"], false),
        (true, ["NO_COLOR": ""], true),
        (true, ["TERM": "dumb"], false),
    ])
    func color(terminal: Bool, environment: [String: String], colored: Bool) {
        let result = run(["--db", Self.demo], environment: environment, terminal: terminal)
        #expect(result.output.contains("\u{1B}[") == colored)
    }

    /// Values from the table never put a control character on the terminal.
    @Test func hostileValuesAreEscapedInTheTable() throws {
        let hostile = "evil\u{1B}]0;pwned\u{07}\u{1B}[31m|,\"'\n\r\t\u{9B}\u{202E}x"
        let file = try SnapshotFile(schema: SnapshotFile.schema.replacingOccurrences(of: "INTEGER PRIMARY KEY", with: "TEXT"), jobs: [
            Job(id: .text(hostile), createdAt: "2026-02-10 00:00:00", type: .text(hostile), traceId: nil, correlationId: .text(hostile))
        ])
        let table = run(["--db", file.path])
        #expect(table.code == .violations)
        #expect(!table.output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(table.output.contains("evil\\x1B]0;pwned\\x07"))
        let json = try run(["--db", file.path, "--format", "json"]).json
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.first?["type"] as? String == hostile)
        #expect(rows.first?["id"] as? String == hostile)
    }

    @Test func unreachablePostgreSQLIsAFailureToCheck() {
        let result = run(["--db", "postgresql://u:secret@127.0.0.1:1/db"])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.hasPrefix("traceaudit: error: cannot connect to postgresql://u@127.0.0.1:1/db"))
        #expect(!result.errors.contains("secret"))
    }
}
