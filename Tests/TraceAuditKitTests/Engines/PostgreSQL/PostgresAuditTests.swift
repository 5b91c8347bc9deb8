import Foundation
import Testing
@testable import TraceAuditKit

/// Audits against the real server that scripts/with-postgres starts.
@Suite("Auditing PostgreSQL", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct PostgresAuditTests {
    /// One generated data set with every edge case, in both engines: the same JSON apart from
    /// `source` and `generated_at` (when each run started).
    @Test func parityWithSQLite() throws {
        let jobs = ParityData.jobs()
        try TestServer.withSchema { schema in
            try TestServer.execute([TestServer.createJobs("\(schema).executor_jobs")] + ParityData.inserts(jobs, table: "\(schema).executor_jobs"))
            let file = try SnapshotFile(jobs: jobs.map(\.sqlite))
            let cases = [
                ["check", "--limit", "5000"], ["check", "--limit", "3"], ["check", "--cutoff", "2026-02-03T12:00:00+02:00"],
                ["violations", "--all"], ["violations", "--since", "2026-01-25", "--until", "2026-02-05T12:00:00Z", "--limit", "100"],
                ["check", "--since", "2026-02-03T07:00:00+03:00"], ["daily", "--days", "10", "--until", "2026-02-10"],
                ["legacy", "--until", "2026-01-28T06:30:00Z"], ["distribution", "--since", "2026-02-01"],
            ]
            for arguments in cases {
                let postgres = run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs", "--format", "json"] + arguments)
                let sqlite = run(["--db", file.path, "--format", "json"] + arguments)
                var fromPostgres = try postgres.json
                var fromSQLite = try sqlite.json
                // Undated jobs decide only a whole-table verdict; in a window, violations do.
                let windowed = arguments.contains { $0.hasPrefix("--since") || $0.hasPrefix("--until") || $0 == "--days" }
                let fails = (fromPostgres.int("violations.count") ?? 0) > 0 || (!windowed && (fromPostgres.int("undated.missing_trace") ?? 0) > 0)
                #expect(postgres.code == (fails ? .violations : .passed), "\(arguments) \(postgres.errors)")
                #expect(sqlite.code == postgres.code, "\(arguments) \(sqlite.errors)")
                #expect(fromPostgres.value("source.engine") as? String == "postgresql")
                fromPostgres["source"] = nil
                fromSQLite["source"] = nil
                fromPostgres["generated_at"] = nil
                fromSQLite["generated_at"] = nil
                #expect(try canonical(fromPostgres) == canonical(fromSQLite))
                if arguments.first == "check" { #expect((fromPostgres["daily"] as? [Any])?.isEmpty == false) }
                #expect(fromPostgres.int("violations.count") == ParityData.expectedViolations(jobs, arguments: arguments), "\(arguments)")
            }
        }
    }

    /// Days are UTC days and timestamp without time zone is UTC, whatever the database's TimeZone.
    @Test(arguments: ["timestamptz", "timestamp"])
    func utcDaysUnderAnotherTimeZone(createdAt type: String) throws {
        let database = "tz_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.execute(["CREATE DATABASE \(database)", "ALTER DATABASE \(database) SET TimeZone = 'America/Santiago'"])
        defer { try? TestServer.execute(["DROP DATABASE \(database) WITH (FORCE)"]) }
        let zone = type == "timestamptz" ? "+00" : ""
        try TestServer.execute([
            TestServer.createJobs("executor_jobs", createdAt: type),
            """
            INSERT INTO executor_jobs VALUES
              (1, 'a', 'succeeded', '2026-02-10 23:30:00\(zone)', NULL, 'x', 'c1'),
              (2, 'a', 'succeeded', '2026-02-11 00:30:00\(zone)', NULL, NULL, 'c2'),
              (3, 'a', 'succeeded', '2026-02-01 00:00:00\(zone)', NULL, '', 'c3'),
              (4, 'a', 'succeeded', '2026-01-31 23:59:59.999999\(zone)', NULL, NULL, 'c4')
            """,
        ], database: database)
        let result = run(["--db", try TestServer.url(database: database), "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        let daily = try #require(json["daily"] as? [[String: Any]])
        #expect(daily.map { $0["day"] as? String } == ["2026-02-11", "2026-02-10", "2026-02-01"])
        #expect(daily.map { $0.int("total_succeeded") } == [1, 1, 1])
        #expect(json.int("violations.count") == 2)
        #expect(json.int("legacy.missing_trace") == 1)
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.map { $0["created_at"] as? String } == ["2026-02-11T00:30:00Z", "2026-02-01T00:00:00Z"])
    }

    @Test func uuidTraceIdAndTextIds() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).executor_jobs", traceId: "uuid", id: "text"),
                """
                INSERT INTO \(schema).executor_jobs VALUES
                  ('job-a', 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, '4bf92f35-77b3-4da6-a3ce-929d0e0e4736', 'c1'),
                  ('job-b', 'a', 'succeeded', '2026-02-11 00:00:00+00', NULL, NULL, 'c2'),
                  ('job-c', 'a', 'succeeded', '2026-01-11 00:00:00+00', NULL, NULL, 'c3')
                """,
            ])
            let json = try run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs", "--format", "json"]).json
            #expect(json.int("violations.count") == 1)
            #expect(json.int("distribution.has_trace") == 1)
            #expect(json.int("legacy.missing_trace") == 1)
            let rows = try #require(json.value("violations.rows") as? [[String: Any]])
            #expect(rows.first?["id"] as? String == "job-b")
        }
    }

    @Test func infiniteCreatedAtIsUndated() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).executor_jobs"),
                """
                INSERT INTO \(schema).executor_jobs VALUES
                  (1, 'a', 'succeeded', 'infinity', NULL, NULL, 'c1'),
                  (2, 'a', 'succeeded', '-infinity', NULL, 'x', 'c2'),
                  (3, 'a', 'succeeded', NULL, NULL, '', 'c3')
                """,
            ])
            let result = run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs", "--format", "json"])
            #expect(result.code == .violations, "\(result.errors)")
            let json = try result.json
            #expect(json.int("undated.missing_trace") == 2)
            #expect(json.int("undated.has_trace") == 1)
            #expect(json.int("violations.count") == 0)
        }
    }

    @Test func emptyTablePasses() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([TestServer.createJobs("\(schema).executor_jobs")])
            let result = run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs"])
            #expect(result.code == .passed, "\(result.errors)")
            #expect(result.output.contains("PASS"))
        }
    }

    /// Each failure exits 3 with one line that names the problem, within a bounded time.
    @Test func failuresToCheck() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([
                "CREATE TABLE \(schema).no_trace (id bigint, type text, status text, created_at timestamptz, updated_at timestamptz, correlation_id text)",
                "CREATE TABLE \(schema).text_dates (id bigint, type text, status text, created_at text, updated_at text, trace_id text, correlation_id text)",
                """
                CREATE VIEW \(schema).slow AS SELECT 1::bigint AS id, 'a'::text AS type, 'succeeded'::text AS status,
                  now() AS created_at, now() AS updated_at, NULL::text AS trace_id, NULL::text AS correlation_id FROM pg_sleep(30)
                """,
            ])
            let url = try TestServer.requireURL()
            let cases: [([String], String)] = [
                (["--table", "\(schema).missing"], "table \(schema).missing not found"),
                (["--table", "\(schema).no_trace"], "has no column trace_id"),
                (["--table", "\(schema).text_dates"], "created_at of \(schema).text_dates has type text"),
                (["--table", "\(schema).slow", "--timeout", "1"], "statement timeout"),
            ]
            for (arguments, message) in cases {
                let start = Date()
                let result = run(["--db", url] + arguments)
                #expect(result.code == .cannotCheck)
                #expect(result.errors.contains(message), "\(result.errors)")
                #expect(result.errors.split(separator: "\n").count == 1)
                #expect(Date().timeIntervalSince(start) < 15)
            }
            let closed = run(["--db", "postgresql://postgres@127.0.0.1:1/postgres"])
            #expect(closed.code == .cannotCheck)
            #expect(closed.errors.contains("Connection refused"))
            let noDatabase = run(["--db", try TestServer.url(database: "no_such_db")])
            #expect(noDatabase.code == .cannotCheck)
            #expect(noDatabase.errors.contains("does not exist"))
        }
    }

    /// A materialized view holds the rows of its last refresh: a violation added to its table since
    /// (or hidden from the role that refreshed it) is not in it, so auditing it is exit 3, never a pass.
    @Test func aMaterializedViewIsRefused() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).jobs"),
                "INSERT INTO \(schema).jobs VALUES (1, 'a', 'succeeded', '2026-03-01Z', '2026-03-01Z', 't', 'c1')",
                "CREATE MATERIALIZED VIEW \(schema).jobs_snapshot AS SELECT * FROM \(schema).jobs",
                "INSERT INTO \(schema).jobs VALUES (2, 'a', 'succeeded', '2026-03-02Z', '2026-03-02Z', NULL, 'c2')",
            ])
            let url = try TestServer.requireURL()
            let failure = ServerLanguageTests.failure(url, table: "\(schema).jobs_snapshot")
            #expect(failure?.failure?.kind == .schema(.materializedView), "\(String(describing: failure))")
            let result = run(["--db", url, "--table", "\(schema).jobs_snapshot"])
            #expect(result.code == .cannotCheck, "\(result.output)")
            #expect(result.errors.contains("is a materialized view"), "\(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1)
            #expect(run(["--db", url, "--table", "\(schema).jobs"]).code == .violations)
        }
    }

    /// A wrong password fails to connect, and the password is in no output, from the URL, a keyword
    /// string or PGPASSWORD.
    @Test func wrongPasswordIsNeverShown() throws {
        let role = "auditor_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.execute(["CREATE ROLE \(role) LOGIN PASSWORD 'right-password'"])
        defer { try? TestServer.execute(["DROP ROLE \(role)"]) }
        let base = try TestServer.requireURL()
        let port = base.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "5432"
        let secret = "S3cr3t-w0rd_x"
        let attempts: [([String], [String: String])] = [
            (["--db", "postgresql://\(role):\(secret)@127.0.0.1:\(port)/postgres"], [:]),
            (["--db", "host=127.0.0.1 port=\(port) dbname=postgres user=\(role) password=\(secret)"], [:]),
            (["--db", "postgresql://\(role)@127.0.0.1:\(port)/postgres"], ["PGPASSWORD": secret]),
            (["--db", "postgresql://\(role):\(secret)@127.0.0.1:\(port)/postgres", "--format", "json"], [:]),
        ]
        for (arguments, extra) in attempts {
            var environment = ProcessInfo.processInfo.environment
            environment.merge(extra) { _, new in new }
            let result = try runProcess(executableURL.path, arguments, environment: environment)
            #expect(result.status == 3)
            #expect(result.errors.contains("password authentication failed"), "\(result.errors)")
            #expect(!result.errors.contains(secret))
            #expect(!result.output.contains(secret))
        }
        let right = try runProcess(
            executableURL.path, ["--db", "postgresql://\(role):right-password@127.0.0.1:\(port)/postgres", "--table", "pg_catalog.pg_class"],
            environment: ProcessInfo.processInfo.environment)
        #expect(!right.errors.contains("right-password") && !right.output.contains("right-password"))
    }

    /// The audit's transaction refuses writes, an audit changes nothing, and once the transaction
    /// ends the connection has the server's settings again (nothing is set for the session).
    @Test func transactionIsReadOnlyAndLeavesNothingBehind() throws {
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).executor_jobs"),
                "INSERT INTO \(schema).executor_jobs VALUES (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, NULL, 'c1')",
            ])
            let target = try PostgresTarget(try TestServer.requireURL(), environment: [:])
            let database = try PostgresDatabase(target: target, environment: [:], timeoutMilliseconds: 5_000)
            let defaults = try Self.settings(database)
            let opening = QueryPlan.postgresOpening(timeoutMilliseconds: 5_000)
            for write in [
                "INSERT INTO \(schema).executor_jobs VALUES (2, 'a', 'succeeded', now(), NULL, NULL, 'c2')",
                "CREATE TABLE \(schema).intruder (x int)",
            ] {
                let refusal: String? = try database.withConsistentRead(opening: opening, closing: [QueryPlan.postgresCommit]) {
                    #expect(try Self.settings(database) == ["on", "5s", "UTC", "off"])
                    do {
                        try database.execute(write)
                        return nil
                    } catch let error as PGError {
                        return error.sqlState
                    }
                }
                #expect(refusal == "25006")
            }
            #expect(try Self.settings(database) == defaults)
            #expect(defaults[0] == "off")
            try database.execute("CREATE TEMPORARY TABLE written_after_the_audit (x int)")
            let before = try snapshot(of: "\(schema).executor_jobs")
            #expect(run(["--db", try TestServer.requireURL(), "--table", "\(schema).executor_jobs"]).code == .violations)
            #expect(try snapshot(of: "\(schema).executor_jobs") == before)
        }
    }

    /// The settings an audit could leave behind, as the connection sees them now.
    static func settings(_ database: PostgresDatabase) throws -> [String] {
        try database.query(
            "SELECT current_setting('transaction_read_only'), current_setting('statement_timeout'), current_setting('TimeZone'), current_setting('row_security')")
    }

    /// A role with nothing but CONNECT, USAGE and SELECT on the table can run the audit.
    @Test func selectIsTheOnlyPrivilegeNeeded() throws {
        let role = "reader_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).executor_jobs"),
                "INSERT INTO \(schema).executor_jobs VALUES (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, 'x', 'c1')",
                "CREATE ROLE \(role) LOGIN PASSWORD 'pw'",
                "GRANT USAGE ON SCHEMA \(schema) TO \(role)",
                "GRANT SELECT ON \(schema).executor_jobs TO \(role)",
            ])
            defer { try? TestServer.execute(["DROP OWNED BY \(role)", "DROP ROLE \(role)"]) }
            let base = try TestServer.requireURL()
            let port = base.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "5432"
            let url = "postgresql://\(role):pw@127.0.0.1:\(port)/postgres"
            let result = run(["--db", url, "--table", "\(schema).executor_jobs"])
            #expect(result.code == .passed, "\(result.errors)")
            try TestServer.execute(["REVOKE SELECT ON \(schema).executor_jobs FROM \(role)"])
            let denied = run(["--db", url, "--table", "\(schema).executor_jobs"])
            #expect(denied.code == .cannotCheck)
            #expect(denied.errors.contains("permission denied"), "\(denied.errors)")
        }
    }

    /// The object as sorted-key JSON, so two parses compare by value.
    private func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The log cross-check against the server: each logged-job state and a violation not found in the logs.
    @Test func logCrossCheck() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), Self.insert(CrossCheckData.jobs, into: table)])
            let folder = try LogsCommandTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = try LogsCommandTests.write(Array(CrossCheckData.log.utf8), "app.log", in: folder)
            let result = run(["logs", log, "--db", try TestServer.requireURL(), "--table", table, "--format", "json"])
            #expect(result.code == .violations, "\(result.errors)")
            try CrossCheckData.verify(try result.json)
        }
    }

    /// Two log files with a gap between them, on the server: the violation in the gap is not
    /// covered by the logs, the ones inside a file's span are not found in them.
    @Test func logCrossCheckGapBetweenFiles() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), Self.insert(GapData.jobs, into: table)])
            let folder = try LogsCommandTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let first = try LogsCommandTests.write(Array(GapData.first.utf8), "gA.log", in: folder)
            let second = try LogsCommandTests.write(Array(GapData.second.utf8), "gB.log", in: folder)
            let result = run(["logs", first, second, "--db", try TestServer.requireURL(), "--table", table, "--format", "json"])
            #expect(result.code == .violations, "\(result.errors)")
            try GapData.verify(try result.json)
        }
    }

    /// Violations not found in the logs by when each job succeeded, on the server; with an updated_at that is
    /// not a timestamp, created_at is the clock and the report says so.
    @Test(arguments: ["timestamptz", "text"])
    func logCrossCheckBySuccess(updatedAtType: String) throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                "CREATE TABLE \(table) (id bigint PRIMARY KEY, type text, status text, created_at timestamptz, updated_at \(updatedAtType), trace_id text, correlation_id text)",
                Self.insert(SuccessClockData.jobs, into: table),
            ])
            let folder = try LogsCommandTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let log = try LogsCommandTests.write(Array(SuccessClockData.log.utf8), "app.log", in: folder)
            let result = run(["logs", log, "--db", try TestServer.requireURL(), "--table", table, "--format", "json"])
            #expect(result.code == .violations, "\(result.errors)")
            let json = try result.json
            if updatedAtType == "text" {
                #expect(json.value("cross_check.clock") as? String == "created_at")
                #expect((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["14"])
            } else {
                try SuccessClockData.verify(json)
            }
        }
    }

    /// Readiness on the server gives the same verdict as on a snapshot.
    @Test func readinessParity() throws {
        let now = Instant(parsing: "2026-03-20T08:00:00Z")!
        let jobs = ReadinessTests.jobs(tracedDaysAgo: [1, 2, 4, 5, 6, 7, 8], extra: [
            Job(id: 100, createdAt: .integer(now.microseconds / 1_000_000 - 9 * 86_400), traceId: nil)
        ])
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), Self.insert(jobs, into: table)])
            let file = try SnapshotFile(jobs: jobs)
            var outputs: [String] = []
            for target in [try TestServer.requireURL(), file.path] {
                let output = StringSink()
                let errors = StringSink()
                let code = TraceAudit.run(
                    ["readiness", "--db", target, "--table", target == file.path ? "executor_jobs" : table, "--format", "json", "--require-traffic"],
                    environment: [:], output: output, errors: errors, now: now)
                #expect(code == .violations, "\(errors.text)")
                var json = try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any] ?? [:]
                json["source"] = nil
                outputs.append(try canonical(json))
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0].contains("\"streak\":{\"days\":2"))
        }
    }

    /// A test value as a PostgreSQL literal; integers as Unix seconds become timestamps.
    /// An INSERT of `jobs` into `table`, every column in the order of `TestServer.createJobs`.
    static func insert(_ jobs: [Job], into table: String) -> String {
        "INSERT INTO \(table) VALUES " + jobs.map { job in
            "(" + [job.id, job.type, job.status, job.createdAt, job.updatedAt, job.traceId, job.correlationId].map(literal).joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }

    static func literal(_ value: SnapshotFile.Value) -> String {
        switch value {
        case .text(let text): return TestServer.literal(text)
        case .integer(let number) where number > 1_000_000_000: return "to_timestamp(\(number))"
        case .integer(let number): return "'\(number)'"
        case .real(let number): return "to_timestamp(\(number))"
        case .null: return "NULL"
        }
    }

    private func snapshot(of table: String) throws -> String {
        try TestServer.admin().execute("SELECT coalesce(string_agg(t::text, '|' ORDER BY id), '') FROM \(table) AS t") { rows in
            rows.text(row: 0, column: 0) ?? ""
        }
    }
}

@Suite("doctor on PostgreSQL", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct PostgresDoctorTests {
    @Test func readsTheCatalogAndCreatesNothing() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), "CREATE INDEX ON \(table) (created_at)"])
            let count = { try TestServer.admin().execute("SELECT count(*) FROM pg_indexes WHERE schemaname = '\(schema)'") { $0.integer(row: 0, column: 0) } }
            let before = try count()
            let result = run(["doctor", "--db", try TestServer.requireURL(), "--table", table, "--format", "json"])
            #expect(result.code == .passed, "\(result.errors)")
            let json = try result.json
            #expect(try count() == before)
            #expect((json["indexes"] as? [Any])?.count == 2)
            let suggestions = try #require(json["suggestions"] as? [[String: Any]])
            #expect(suggestions.map { $0["present"] as? Bool } == [true, false])
            #expect(suggestions.last?["ddl"] as? String
                == "CREATE INDEX CONCURRENTLY \"executor_jobs_missing_trace\" ON \"\(schema)\".\"executor_jobs\" (created_at) WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id::text = '');")
            #expect((json["plans"] as? [[String: Any]])?.count == 3)
            #expect(json.int("row_estimate") != nil)
        }
    }
}
