import Foundation
import Testing
@testable import TraceAuditKit

@Suite("The traceaudit binary")
struct ExecutableTests {
    /// The end-to-end tests run the binary built with them, found beside the test bundle, not a
    /// fixed `.build/debug` path that another configuration or build folder would leave stale.
    @Test func binaryIsTheOneBuiltWithTheTests() throws {
        let products = executableURL.deletingLastPathComponent()
        #expect(FileManager.default.isExecutableFile(atPath: executableURL.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: products.path).contains { $0.hasPrefix("traceauditPackageTests") })
        #expect(try runProcess(executableURL.path, ["--version"]).output.hasPrefix("traceaudit \(Release.version)\n"))
    }

    /// The binary carries its SQL: copied alone into an empty folder it audits the demo identically.
    @Test func binaryCopiedAloneWorks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-alone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("traceaudit").path
        try FileManager.default.copyItem(atPath: executableURL.path, toPath: copy)
        let original = try runProcess(executableURL.path, ["--db", TraceAuditRunTests.demo, "--format", "json"])
        let alone = try runProcess(copy, ["--db", TraceAuditRunTests.demo, "--format", "json"], directory: folder)
        #expect(original.status == 1)
        #expect(alone.status == 1)
        // Identical but for when each report was generated.
        let timeless = { (text: String) in text.split(separator: "\n").filter { !$0.contains("\"generated_at\"") } }
        #expect(timeless(alone.output) == timeless(original.output))
        #expect(alone.errors.isEmpty)
    }

    /// `traceaudit … | head -1` ends quietly: no error text, no crash.
    @Test func closedPipeEndsQuietly() throws {
        let result = try runProcess(
            "/bin/bash",
            ["-c", "set -o pipefail; '\(executableURL.path)' --db '\(TraceAuditRunTests.demo)' --format json --limit 1000 | head -c 10 >/dev/null; echo \"status=${PIPESTATUS[0]}\""])
        #expect(result.errors.isEmpty)
        #expect(result.output.contains("status=1") || result.output.contains("status=0"))
    }

    @Test func errorsAreOneLineOnStandardError() throws {
        let result = try runProcess(executableURL.path, ["--db", "/nonexistent/x.sqlite"])
        #expect(result.status == 3)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("traceaudit: error: "))
        #expect(result.errors.split(separator: "\n").count == 1)
    }
}
