import Foundation
import Testing
@testable import TraceAuditKit

/// No password, from a URL, a keyword string, PGPASSWORD or a service file, appears in any output,
/// error, SQL listing or report, in every format.
@Suite("Secrets", .serialized)
struct SecretTests {
    static let secret = "Sup3r-S3cret-pw"

    @Test func noFormatAndNoCommandShowsThePassword() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let service = folder.appendingPathComponent("pg_service.conf")
        try "[audit]\nhost=127.0.0.1\nport=1\nuser=auditor\npassword=\(Self.secret)\ndbname=jobs\n".write(to: service, atomically: true, encoding: .utf8)
        let log = try LogsCommandTests.write(Array(CrossCheckData.log.utf8), "app.log", in: folder)
        let targets: [(String, [String: String])] = [
            ("postgresql://auditor:\(Self.secret)@127.0.0.1:1/jobs", [:]),
            ("host=127.0.0.1 port=1 user=auditor password=\(Self.secret) dbname=jobs", [:]),
            ("host=127.0.0.1 port=1 user=auditor password='\(Self.secret)' dbname=jobs", [:]),
            ("postgresql://auditor@127.0.0.1:1/jobs", ["PGPASSWORD": Self.secret]),
            ("postgresql://", ["PGSERVICEFILE": service.path, "PGSERVICE": "audit"]),
            ("postgresql://auditor:\(Self.secret)@127.0.0.1:1/jobs?sslmode=bogus", [:]),
            ("postgresql://auditor:\(Self.secret)@[::1:1/jobs", [:]),
        ]
        for (target, extra) in targets {
            var environment = ProcessInfo.processInfo.environment
            environment.merge(extra) { _, new in new }
            for command in [["check"], ["violations", "--all"], ["daily"], ["readiness"], ["doctor"], ["sql"], ["logs", log]] {
                for format in ["table", "json", "junit", "markdown", "github", "prometheus"] {
                    if command.first == "doctor" && !["table", "json"].contains(format) { continue }
                    let output = folder.appendingPathComponent("out").path
                    let result = try runProcess(executableURL.path, command + ["--db", target, "--format", format, "--output", output], environment: environment)
                    let written = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                    #expect(!result.output.contains(Self.secret) && !result.errors.contains(Self.secret) && !written.contains(Self.secret),
                            "\(command) \(format) \(target): \(result.errors)")
                    #expect(result.status != 0 || command.first == "sql", "\(command) \(format) \(target) exited 0")
                    try? FileManager.default.removeItem(atPath: output)
                }
            }
        }
    }
}
