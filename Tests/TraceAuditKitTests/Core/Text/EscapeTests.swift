import Foundation
import Testing
@testable import TraceAuditKit

/// One escaping function per format, used by every writer of it: GitHub commands carry no raw
/// control character, markdown renders a backslash as itself, a NULL id is null / an empty field.
@Suite("Escaping")
struct EscapeTests {
    typealias Job = SnapshotFile.Job

    /// ESC (an OSC 52 clipboard write ended by BEL), DEL, a C0 control, a C1 control and U+202E.
    static let controls = "x\u{1B}]52;c;ZXZpbA==\u{07}y\u{7F}z\u{01}w\u{85}v\u{202E}u"

    static func rawControls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\n" && Escape.isControl($0) }
    }

    @Test func githubCarriesNoRawControlFromTheDatabase() throws {
        let file = try SnapshotFile(
            schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY"),
            jobs: [Job(id: .text("id" + Self.controls), createdAt: "2026-02-10 08:00:00Z", type: .text(Self.controls), traceId: nil, correlationId: .text(Self.controls))])
        let result = run(["violations", "--db", file.path, "--format", "github"])
        #expect(result.code == .violations)
        #expect(Self.rawControls(result.output).isEmpty, "\(result.output.debugDescription)")
        let commands = try result.output.split(separator: "\n").map { try WorkflowCommand(String($0)) }
        #expect(commands.first?.message.hasPrefix("FAIL: 1 succeeded jobs") == true)
        #expect(commands.last?.message.contains("(" + Escape.terminal(Self.controls) + ")") == true)
        // The runner's own encoding is kept.
        #expect(Escape.githubMessage("100%\r\n") == "100%25\\r\\n")
        #expect(Escape.githubProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func githubCarriesNoRawControlFromALogFileName() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("orchestrator" + Self.controls + ".log").path
        let line = #"{"level":"error","time":"2026-02-10T08:00:00Z","msg":"POLICY_VIOLATION: job succeeded without trace_id","jobId":"j1","type":"send_email"}"#
        try (line + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let result = run(["logs", path, "--format", "github"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(result.output.contains("::error"), "\(result.output)")
        #expect(Self.rawControls(result.output).isEmpty, "\(result.output.debugDescription)")
        for format in ["table", "markdown"] {
            let other = run(["logs", path, "--format", format])
            #expect(Self.rawControls(other.output).isEmpty, "\(format): \(other.output.debugDescription)")
        }
    }

    /// U+2028 and U+2029 end a line in many viewers (and in JavaScript): table, GitHub and the
    /// e-mail's parts show them escaped, never raw.
    @Test func lineSeparatorsAreEscaped() throws {
        let type = "line\u{2028}para\u{2029}end"
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00Z", type: .text(type), traceId: nil)])
        for format in ["table", "github", "email"] {
            let result = run(["violations", "--db", file.path, "--format", format, "--mail-from", "audit@example.com", "--mail-to", "a@example.com"].dropLast(format == "email" ? 0 : 4))
            #expect(result.code == .violations, "\(format): \(result.errors)")
            #expect(!result.output.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 }, "\(format)")
            // Quoted-printable would carry them as their UTF-8 bytes.
            #expect(!result.output.contains("=E2=80=A8") && !result.output.contains("=E2=80=A9"), "\(format)")
            #expect(result.output.contains("line\\u{2028}para\\u{2029}end"), "\(format): \(result.output)")
        }
    }

    /// Backslashes render as themselves through a real CommonMark parser; controls still show escaped.
    @Test(.enabled(if: ExternalTool.installed("cmark-gfm"))) func markdownKeepsBackslashesAsThey() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 08:00:00Z", type: "\\back\\\\slash\u{1B}[2J", traceId: nil)])
        let result = run(["violations", "--db", file.path, "--format", "markdown"])
        #expect(result.code == .violations)
        #expect(!result.output.contains("\u{1B}"))
        let cmark = try ExternalTool.path("cmark-gfm", package: "cmark-gfm")
        let html = try ExternalTool.run(cmark, ["--extension", "table", "-t", "html"], input: result.output)
        let document = try JUnitDocument("<root>" + html.output + "</root>")
        let cells = document.root.all("td").map(\.text)
        #expect(cells.contains("\\back\\\\slash\\x1B[2J"), "\(cells)")
    }

    /// A NULL id (a TEXT id column) is null in JSON and an empty field in CSV, as docs/formats.md says.
    @Test func nullIdIsNullInJSONAndEmptyInCSV() throws {
        let file = try SnapshotFile(
            schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT"),
            jobs: [Job(id: nil, createdAt: "2026-02-10 08:00:00Z", traceId: nil), Job(id: "", createdAt: "2026-02-09 08:00:00Z", traceId: nil)])
        let json = try run(["violations", "--db", file.path, "--format", "json"]).json
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.first?["id"] is NSNull)
        #expect(rows.last?["id"] as? String == "")
        let csv = run(["violations", "--db", file.path, "--format", "csv"]).output.split(separator: "\r\n")
        #expect(csv.count == 3)
        #expect(csv[1].hasPrefix(",send_email,2026-02-10T08:00:00Z"), "\(csv)")
        let table = run(["violations", "--db", file.path]).output
        #expect(table.contains("NULL"))
    }
}
