import Foundation
import Testing
@testable import TraceAuditKit

/// Faults against the real server, each bounded in time.
@Suite("PostgreSQL faults", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct PostgresFaultTests {
    /// A view that takes `seconds` to read, with the audit's columns.
    static func slowView(_ name: String, seconds: Int) -> String {
        """
        CREATE VIEW \(name) AS SELECT 1::bigint AS id, 'a'::text AS type, 'succeeded'::text AS status,
          now() AS created_at, now() AS updated_at, NULL::text AS trace_id, NULL::text AS correlation_id FROM pg_sleep(\(seconds))
        """
    }

    /// Backends that traceaudit has open on the test database (pooled connections to the pooler
    /// tests' own databases keep the name after their client has gone).
    static func traceauditBackends(_ application: String = "traceaudit") throws -> Int {
        try TestServer.admin().execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(application)' AND datname = current_database()") { rows in
            Int(rows.integer(row: 0, column: 0) ?? -1)
        }
    }

    /// The SQL that counts the statements of connections named `application` running in a
    /// `slowView` (asleep in pg_sleep).
    static func sleepingAudits(_ application: String = "traceaudit") -> String {
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(application)' AND state = 'active' AND wait_event = 'PgSleep'"
    }

    /// Waits (at most 20 s) until the audit named `application` runs a statement in a `slowView`:
    /// the real condition a fault test needs, not a guess at how long the start takes.
    static func waitForSleepingAudit(_ application: String) throws {
        let deadline = Date().addingTimeInterval(20)
        let admin = try TestServer.admin()
        while try admin.execute(sleepingAudits(application), read: { Int($0.integer(row: 0, column: 0) ?? 0) }) == 0 {
            guard Date() < deadline else { throw TestFailure("no traceaudit statement reached the slow view within 20 s") }
            Thread.sleep(forTimeInterval: 0.05)
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
            // An application_name of its own, so that only this audit's backend is waited for.
            process.arguments = [
                "--db", try TestServer.requireURL() + "?application_name=\(schema)", "--table", "\(schema).slow", "--format", "json", "--output", output,
            ]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            try Self.waitForSleepingAudit(schema)
            let sent = Date()
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(Date().timeIntervalSince(sent) < 5)
            #expect(process.terminationStatus == status)
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(message.contains("interrupted by signal"), "\(message)")
            #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
            var remaining = try Self.traceauditBackends(schema)
            let settle = Date().addingTimeInterval(5)
            while remaining > 0 && Date() < settle {
                Thread.sleep(forTimeInterval: 0.1)
                remaining = try Self.traceauditBackends(schema)
            }
            #expect(remaining == 0)
        }
    }

    /// A signal that comes while the audit is still connecting has no query to cancel yet: the
    /// audit stops before its first statement instead of running the whole audit and exiting 1.
    @Test func signalWhileConnectingStopsBeforeTheFirstStatement() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([Self.slowView("\(schema).slow", seconds: 30)])
            let proxy = try StallingProxy(upstreamPort: try Self.serverPort())
            defer { proxy.close() }
            proxy.stall()
            let arguments = [
                "--db", "postgresql://postgres@127.0.0.1:\(proxy.port)/postgres?application_name=\(schema)", "--table", "\(schema).slow",
            ]
            var signalled: Date?
            let result = try Self.runBounded(arguments, limit: 20) {
                let deadline = Date().addingTimeInterval(10)
                while proxy.accepted == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
                try #require(proxy.accepted == 1, "the audit never reached the proxy")
            } signal: { process in
                kill(process.processIdentifier, SIGTERM)
                signalled = Date()
                proxy.resume()
            }
            #expect(!result.killed, "still running after \(result.seconds) s")
            #expect(result.status == 143, "\(result.errors)")
            #expect(Date().timeIntervalSince(try #require(signalled)) < 10)
            #expect(result.errors.contains("interrupted by signal"), "\(result.errors)")
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
            # Until the audit's statement is asleep in the view (20 s at most): the stop then
            # comes mid-audit, never before the connection.
            tries=0
            until [ "$(psql "$TRACEAUDIT_TEST_PG" -tAc "\(Self.sleepingAudits())")" -ge 1 ]; do
              kill -0 $pid 2>/dev/null || { echo "ended-before-the-stop"; cat "$TRACEAUDIT_TEST_PG_DATA/../err"; exit 1; }
              tries=$((tries + 1)); [ $tries -lt 400 ] || { echo "never-running"; kill $pid; exit 1; }
              sleep 0.05
            done
            echo "running"
            owner=(); [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
            "${owner[@]}" "$TRACEAUDIT_TEST_PG_BIN/pg_ctl" -D "$TRACEAUDIT_TEST_PG_DATA" -m immediate stop >/dev/null
            start=$(date +%s%N)
            wait $pid
            echo "status=$? ms=$(( ($(date +%s%N) - start) / 1000000 ))"
            cat "$TRACEAUDIT_TEST_PG_DATA/../err"
            """
        let result = try runProcess(
            ReadmeExamplesTests.root.appendingPathComponent("scripts/with-postgres").path, ["bash", "-c", script])
        #expect(result.output.hasPrefix("running\n"), "\(result.output) \(result.errors)")
        #expect(result.output.contains("status=3"), "\(result.output) \(result.errors)")
        let milliseconds = result.output.split(separator: " ").first { $0.hasPrefix("ms=") }.flatMap { Int($0.dropFirst(3).prefix { $0.isNumber }) }
        #expect((milliseconds ?? .max) < 5_000)
        let message = result.output.split(separator: "\n").dropFirst(2).joined(separator: "\n")
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

    /// The session's lock_timeout (from the target's options) fires before --timeout: named as such.
    @Test func sessionLockTimeoutIsNamed() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([TestServer.createJobs("\(schema).executor_jobs")])
            let holder = try TestServer.admin()
            try holder.execute("BEGIN") { _ in }
            try holder.execute("LOCK TABLE \(schema).executor_jobs IN ACCESS EXCLUSIVE MODE") { _ in }
            defer { _ = try? holder.execute("ROLLBACK") { _ in } }
            let url = try TestServer.requireURL() + "?options=-c%20lock_timeout%3D200"
            let result = run(["--db", url, "--table", "\(schema).executor_jobs", "--timeout", "20"])
            #expect(result.code == .cannotCheck)
            #expect(result.errors.contains("lock_timeout"), "\(result.errors)")
            #expect(!result.errors.contains("took longer than --timeout"), "\(result.errors)")
        }
    }

    /// A server that accepts the connection and never answers: the connect timeout holds.
    @Test func silentListenerTimesOut() throws {
        let listener = try LoopbackSocket(listening: true)
        defer { close(listener.descriptor) }
        let port = listener.port
        var environment = ProcessInfo.processInfo.environment
        environment["PGCONNECT_TIMEOUT"] = "2"
        let start = Date()
        let result = try runProcess(executableURL.path, ["--db", "postgresql://nobody@127.0.0.1:\(port)/x"], environment: environment)
        #expect(result.status == 3)
        #expect(result.errors.contains("cannot connect"), "\(result.errors)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    /// Runs the built binary, killing it after `limit` seconds; returns its status, standard
    /// error, how long it ran and whether it had to be killed.
    static func runBounded(
        _ arguments: [String], limit: TimeInterval = 30, whileRunning: () throws -> Void = {}, signal: (Process) -> Void = { _ in }
    ) throws -> (status: Int32, errors: String, seconds: TimeInterval, killed: Bool) {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        try whileRunning()
        signal(process)
        while process.isRunning && Date().timeIntervalSince(start) < limit { Thread.sleep(forTimeInterval: 0.05) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, message, Date().timeIntervalSince(start), killed)
    }

    /// The test cluster's port.
    static func serverPort() throws -> UInt16 {
        let url = try TestServer.requireURL()
        guard let port = url.split(separator: ":").last?.split(separator: "/").first.flatMap({ UInt16($0) }) else {
            throw TestFailure("no port in \(url)")
        }
        return port
    }

    /// The network goes silent while the scan runs (a proxy stops forwarding; the server's
    /// statement timeout fires but its answer never arrives): the client gives up after --timeout
    /// plus the network's grace, exits 3 and names the timeout, instead of waiting for ever.
    @Test func partitionAfterConnectingEndsAtTheTimeout() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([Self.slowView("\(schema).slow", seconds: 4)])
            let proxy = try StallingProxy(upstreamPort: try Self.serverPort())
            defer { proxy.close() }
            // An application_name of its own, so that only this audit's backend is waited for.
            let arguments = [
                "--db", "postgresql://postgres@127.0.0.1:\(proxy.port)/postgres?application_name=\(schema)", "--table", "\(schema).slow",
                "--timeout", "2",
            ]
            let result = try Self.runBounded(arguments) {
                let deadline = Date().addingTimeInterval(10)
                let scanning = """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = '\(schema)' AND wait_event = 'PgSleep'
                    """
                while try TestServer.admin().execute(scanning, read: { $0.integer(row: 0, column: 0) ?? 0 }) == 0 && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.05)
                }
                proxy.stall()
            }
            #expect(!result.killed, "still waiting after \(result.seconds) s")
            #expect(result.status == 3, "\(result.errors)")
            #expect(result.seconds < 12, "\(result.seconds) s")
            #expect(result.errors.hasPrefix("traceaudit: error: no answer from "), "\(result.errors)")
            #expect(result.errors.contains("--timeout 2 s"), "\(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        }
    }

    /// A statement_timeout in the target's options fires before the audit's own applies (a slow
    /// first statement stands in for a loaded server): the line names that setting, its value and
    /// where it comes from, not --timeout.
    @Test func sessionStatementTimeoutIsNamed() throws {
        let url = try TestServer.requireURL() + "?options=-c%20statement_timeout%3D20"
        let database = try PostgresDatabase(target: try PostgresTarget(url, environment: [:]), environment: [:], timeoutMilliseconds: 300_000)
        let slowSettings = PlannedStatement(Query(name: "slow-settings", dialect: .postgresql, text: "SELECT pg_sleep(0.5)"))
        let failure: (any Error)? = {
            do {
                try database.withConsistentRead(opening: [QueryPlan.postgresOpening(timeoutMilliseconds: 300_000)[0], slowSettings], closing: []) {}
                return nil
            } catch {
                return error
            }
        }()
        let described = try #require(failure.map { database.describe($0, table: .executorJobs) })
        #expect(described.failure?.kind == .timeout(.session(value: "20ms", source: "client")), "\(described)")
        #expect(described.failure?.sqlState == "57014")
        #expect(described.failure?.statement == "Queries/postgresql/slow-settings.sql")
        let message = FailureText.line(described)
        #expect(message.hasPrefix("statement timeout: the session's statement_timeout of 20ms, set by the connection's options"), "\(message)")
        // With the real opening, the audit's own timeout replaces the session's for the audit.
        try TestServer.withSchema { schema in
            try TestServer.execute([Self.slowView("\(schema).slow", seconds: 1)])
            let result = run(["--db", url, "--table", "\(schema).slow"])
            #expect(result.code == .violations, "\(result.errors)")
        }
    }

    /// Another session cancels the audit's query (pg_cancel_backend): the line says so instead of
    /// blaming --timeout.
    @Test func cancelledByAnotherSessionIsNamed() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([Self.slowView("\(schema).slow", seconds: 10)])
            let canceller = Thread {
                let deadline = Date().addingTimeInterval(10)
                while Date() < deadline {
                    let cancelled = (try? TestServer.admin().execute(
                        "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = '\(schema)' AND wait_event = 'PgSleep'"
                    ) { $0.integer(row: 0, column: 0) ?? 0 }) ?? 0
                    if cancelled > 0 { return }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            canceller.start()
            let result = run(["--db", try TestServer.requireURL() + "?application_name=\(schema)", "--table", "\(schema).slow"])
            #expect(result.code == .cannotCheck)
            #expect(result.errors.contains("was cancelled"), "\(result.errors)")
            #expect(!result.errors.contains("--timeout"), "\(result.errors)")
        }
    }

    /// TCP keepalives and tcp_user_timeout are on, unless the target sets them.
    @Test func keepalivesUnlessTheTargetSetsThem() throws {
        let url = try TestServer.requireURL()
        let ours = try PostgresDatabase(target: try PostgresTarget(url, environment: [:]), environment: [:], timeoutMilliseconds: 5_000)
        #expect(["keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout"].map { ours.option($0) }
            == ["1", "30", "10", "3", "60000"])
        let theirs = try PostgresDatabase(
            target: try PostgresTarget(url + "?keepalives_idle=7&tcp_user_timeout=1234", environment: [:]), environment: [:],
            timeoutMilliseconds: 5_000)
        #expect(theirs.option("keepalives_idle") == "7")
        #expect(theirs.option("tcp_user_timeout") == "1234")
        #expect(theirs.option("keepalives_count") == "3")
    }

    /// `connect_timeout=0` (wait for ever) against a listener that accepts and never answers: the
    /// attempt is given up after --timeout plus the network's grace, and the line says why.
    @Test func connectTimeoutZeroIsBounded() throws {
        let proxy = try StallingProxy(upstreamPort: try Self.serverPort())
        defer { proxy.close() }
        proxy.stall()
        let arguments = ["--db", "postgresql://postgres@127.0.0.1:\(proxy.port)/postgres?connect_timeout=0", "--timeout", "1"]
        let result = try Self.runBounded(arguments)
        #expect(!result.killed, "still waiting after \(result.seconds) s")
        #expect(result.status == 3, "\(result.errors)")
        #expect(result.seconds < 11, "\(result.seconds) s")
        #expect(result.errors.contains("cannot connect"), "\(result.errors)")
        #expect(result.errors.contains("--timeout 1 s") && result.errors.contains("connect_timeout"), "\(result.errors)")
    }
}

/// Progress on a terminal: a pseudo-terminal from `script` shows it; with CI set it never shows.
@Suite("Progress", .enabled(if: TestServer.enabled && FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), .serialized, .timeLimit(.minutes(5)))
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
