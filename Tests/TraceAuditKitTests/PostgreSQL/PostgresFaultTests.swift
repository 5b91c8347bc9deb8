import Foundation
import Testing
@testable import TraceAuditKit

/// Faults against the real server, each bounded in time.
@Suite("PostgreSQL faults", .enabled(if: TestServer.enabled), .serialized)
struct PostgresFaultTests {
    /// A view that takes `seconds` to read, with the audit's columns.
    static func slowView(_ name: String, seconds: Int) -> String {
        """
        CREATE VIEW \(name) AS SELECT 1::bigint AS id, 'a'::text AS type, 'succeeded'::text AS status,
          now() AS created_at, now() AS updated_at, NULL::text AS trace_id, NULL::text AS correlation_id FROM pg_sleep(\(seconds))
        """
    }

    /// Backends that traceaudit has open on the server.
    static func traceauditBackends() throws -> Int {
        try TestServer.admin().execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'traceaudit'") { rows in
            Int(rows.integer(row: 0, column: 0) ?? -1)
        }
    }

    /// SIGINT, SIGTERM, SIGHUP (a closed terminal) and SIGQUIT cancel the server-side query, exit
    /// 130 / 143 / 129 / 131 promptly, and leave no partial --output while an existing file stays
    /// intact.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129)), (SIGQUIT, Int32(131))])
    func signalCancelsTheQuery(signal: Int32, status: Int32) throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([Self.slowView("\(schema).slow", seconds: 60)])
            let folder = try LogsCommandTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = folder.appendingPathComponent("report.json").path
            try "previous".write(toFile: output, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = executableURL
            process.arguments = ["--db", try TestServer.requireURL(), "--table", "\(schema).slow", "--format", "json", "--output", output]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while try Self.traceauditBackends() == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            Thread.sleep(forTimeInterval: 0.5)
            let sent = Date()
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(Date().timeIntervalSince(sent) < 5)
            #expect(process.terminationStatus == status)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(message.contains("interrupted by signal"), "\(message)")
            #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
            var remaining = try Self.traceauditBackends()
            let settle = Date().addingTimeInterval(5)
            while remaining > 0 && Date() < settle {
                Thread.sleep(forTimeInterval: 0.1)
                remaining = try Self.traceauditBackends()
            }
            #expect(remaining == 0)
        }
    }

    /// The server stopped hard (`pg_ctl stop -m immediate`) in the middle of an audit, on a cluster
    /// of the test's own: exit 3 with one clear line, within seconds.
    @Test func serverStoppedMidAudit() throws {
        let script = """
            set -u
            psql "$TRACEAUDIT_TEST_PG" -qc "\(Self.slowView("slow", seconds: 60))"
            '\(executableURL.path)' --db "$TRACEAUDIT_TEST_PG" --table slow 2>"$TRACEAUDIT_TEST_PG_DATA/../err" >/dev/null &
            pid=$!
            sleep 1.5
            owner=(); [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
            "${owner[@]}" "$TRACEAUDIT_TEST_PG_BIN/pg_ctl" -D "$TRACEAUDIT_TEST_PG_DATA" -m immediate stop >/dev/null
            start=$(date +%s%N)
            wait $pid
            echo "status=$? ms=$(( ($(date +%s%N) - start) / 1000000 ))"
            cat "$TRACEAUDIT_TEST_PG_DATA/../err"
            """
        let result = try runProcess(
            ReadmeExamplesTests.root.appendingPathComponent("scripts/with-postgres").path, ["bash", "-c", script])
        #expect(result.output.contains("status=3"), "\(result.output) \(result.errors)")
        let milliseconds = result.output.split(separator: " ").first { $0.hasPrefix("ms=") }.flatMap { Int($0.dropFirst(3).prefix { $0.isNumber }) }
        #expect((milliseconds ?? .max) < 5_000)
        let message = result.output.split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(message.hasPrefix("traceaudit: error: "), "\(message)")
        #expect(message.split(separator: "\n").count == 1)
    }

    /// A lock held by another session: the audit waits only as long as --timeout.
    @Test func lockWaitEndsAtTheTimeout() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([TestServer.createJobs("\(schema).executor_jobs")])
            let holder = try TestServer.admin()
            try holder.execute("BEGIN") { _ in }
            try holder.execute("LOCK TABLE \(schema).executor_jobs IN ACCESS EXCLUSIVE MODE") { _ in }
            let start = Date()
            let result = run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs", "--timeout", "1"])
            #expect(result.code == .cannotCheck)
            #expect(result.errors.contains("statement timeout"), "\(result.errors)")
            #expect(Date().timeIntervalSince(start) < 10)
            try holder.execute("ROLLBACK") { _ in }
        }
    }

    /// A server that accepts the connection and never answers: the connect timeout holds.
    @Test func silentListenerTimesOut() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        listen(listener, 8)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        var environment = ProcessInfo.processInfo.environment
        environment["PGCONNECT_TIMEOUT"] = "2"
        let start = Date()
        let result = try runProcess(executableURL.path, ["--db", "postgresql://nobody@127.0.0.1:\(port)/x"], environment: environment)
        #expect(result.status == 3)
        #expect(result.errors.contains("cannot connect"), "\(result.errors)")
        #expect(Date().timeIntervalSince(start) < 10)
    }
}

/// Progress on a terminal: a pseudo-terminal from `script` shows it; with CI set it never shows.
@Suite("Progress", .enabled(if: TestServer.enabled && FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), .serialized)
struct ProgressTests {
    @Test(arguments: [false, true])
    func showsOnlyOnATerminalOutsideCI(inCI: Bool) throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([PostgresFaultTests.slowView("\(schema).slow", seconds: 2)])
            var environment = ProcessInfo.processInfo.environment
            environment["CI"] = inCI ? "true" : nil
            environment["TERM"] = "xterm"
            let command = "'\(executableURL.path)' --db '\(try TestServer.requireURL())' --table \(schema).slow --format json >/dev/null"
            let result = try runProcess("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment)
            let shown = result.output.contains("traceaudit check ·")
            #expect(shown == !inCI, "\(result.output)")
            if shown { #expect(result.output.contains("\u{1B}[K")) }
        }
        #expect(!TraceAudit.showsProgress(environment: ["CI": "true"]))
        #expect(Progress.grouped(1_234_567) == "1,234,567")
    }
}
