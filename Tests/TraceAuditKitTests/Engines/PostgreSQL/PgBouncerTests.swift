import Foundation
import Synchronization
import Testing
@testable import TraceAuditKit

/// Audits through a real PgBouncer: the results equal the direct connection's, and the pooled
/// server connections are handed to the next client exactly as the server's defaults left them.
@Suite("Auditing through PgBouncer", .enabled(if: PgBouncer.enabled), .serialized, .timeLimit(.minutes(5)))
struct PgBouncerTests {
    /// A database of the test's own whose TimeZone is not UTC, holding the parity data set and a
    /// table the other clients of the pool write to.
    static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        let database = "pool_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.execute(["CREATE DATABASE \(database)", "ALTER DATABASE \(database) SET TimeZone = 'America/Santiago'"])
        defer { try? TestServer.execute(["DROP DATABASE \(database) WITH (FORCE)"]) }
        try TestServer.execute(
            [TestServer.createJobs("executor_jobs", createdAt: "timestamp"), "CREATE TABLE scratch (x int)"]
                + ParityData.inserts(ParityData.jobs(), table: "executor_jobs"),
            database: database)
        return try body(database)
    }

    /// Other clients of the pool, each connecting, running a few statements (a transaction of their
    /// own with a local TimeZone, a write, a read) and disconnecting, until stopped.
    final class OtherClients: Sendable {
        private let stopped = Atomic<Bool>(false)
        private let statements = Atomic<Int>(0)
        private let finished = DispatchGroup()

        init(count: Int, bouncer: PgBouncer, database: String) {
            let url = bouncer.url(database: database)
            for client in 0..<count {
                finished.enter()
                Thread { [self] in
                    defer { finished.leave() }
                    var round = 0
                    while !stopped.load(ordering: .relaxed) {
                        round += 1
                        guard let connection = try? PGConnection(parameters: [("dbname", url)]) else { continue }
                        for sql in [
                            "BEGIN", "SET LOCAL TimeZone = 'Asia/Kathmandu'", "SELECT now()::text", "COMMIT",
                            "INSERT INTO scratch VALUES (\(client * 1_000_000 + round))", "SELECT pg_sleep(0.002)",
                        ] {
                            _ = try? connection.execute(sql) { _ in }
                            statements.add(1, ordering: .relaxed)
                        }
                    }
                }.start()
            }
        }

        /// Returns once they have run a few statements, so that they are busy during what follows.
        func waitUntilBusy() {
            let deadline = Date().addingTimeInterval(10)
            while statements.load(ordering: .relaxed) < 12 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }

        /// Stops them and returns how many statements they ran.
        func stop() -> Int {
            stopped.store(true, ordering: .relaxed)
            finished.wait()
            return statements.load(ordering: .relaxed)
        }
    }

    /// What the server's defaults are for this database, read on a direct connection.
    static func defaults(database: String) throws -> [String] {
        try TestServer.admin(database: database).execute(Self.settingsQuery) { rows in
            (0..<4).map { rows.text(row: 0, column: $0) ?? "" }
        }
    }

    static let settingsQuery = """
        SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout'),
               current_setting('TimeZone'), current_setting('row_security')
        """

    /// Holds every server connection of the pool at once (one open transaction per client, or one
    /// session per client) and checks that each shows the defaults and takes a write.
    static func expectEveryServerConnectionClean(_ bouncer: PgBouncer, database: String, defaults: [String]) throws {
        let clients = try (0..<bouncer.poolSize).map { _ in try bouncer.client(database: database) }
        var backends: Set<String> = []
        for client in clients {
            try client.execute("BEGIN") { _ in }
            let settings = try client.execute(Self.settingsQuery) { rows in (0..<4).map { rows.text(row: 0, column: $0) ?? "" } }
            #expect(settings == defaults, "\(bouncer.mode) pool of \(bouncer.poolSize)")
            try client.execute("INSERT INTO scratch VALUES (-1)") { _ in }
            backends.insert(try client.execute("SELECT pg_backend_pid()::text") { $0.text(row: 0, column: 0) ?? "" })
        }
        #expect(backends.count == bouncer.poolSize)
        for client in clients { try client.execute("COMMIT") { _ in } }
    }

    /// Through transaction pools of one and four server connections and a session pool, with other
    /// clients busy between the audit's statements: the same JSON as the direct connection, and
    /// every server connection of the pool has the server's defaults afterwards and can write.
    @Test(arguments: [(PgBouncer.Mode.transaction, 1), (.transaction, 4), (.session, 2)])
    func sameResultsAndNothingLeftInThePool(mode: PgBouncer.Mode, poolSize: Int) throws {
        try Self.withDatabase { database in
            let defaults = try Self.defaults(database: database)
            #expect(defaults == ["off", "0", "America/Santiago", "on"])
            try PgBouncer.with(mode: mode, poolSize: poolSize) { bouncer in
                let cases = [
                    ["check", "--limit", "5000"], ["check", "--limit", "3"], ["violations", "--all"],
                    ["daily", "--days", "10", "--until", "2026-02-10"], ["readiness"],
                ]
                for arguments in cases {
                    let direct = run(["--db", try TestServer.url(database: database), "--format", "json"] + arguments)
                    let others = OtherClients(count: 3, bouncer: bouncer, database: database)
                    others.waitUntilBusy()
                    let pooled = run(["--db", bouncer.url(database: database), "--format", "json"] + arguments)
                    let statements = others.stop()
                    #expect(statements > 0)
                    #expect(pooled.code == direct.code, "\(arguments): \(pooled.errors)")
                    var fromPool = try pooled.json
                    var fromServer = try direct.json
                    fromPool["source"] = nil
                    fromServer["source"] = nil
                    #expect(try Self.canonical(fromPool) == Self.canonical(fromServer), "\(mode) \(poolSize) \(arguments)")
                    try Self.expectEveryServerConnectionClean(bouncer, database: database, defaults: defaults)
                }
            }
        }
    }

    /// A pool in statement mode cannot hold the audit's transaction: exit 3 with one line that says
    /// so and what to use instead.
    @Test func statementModeIsRefusedClearly() throws {
        try Self.withDatabase { database in
            try PgBouncer.with(mode: .statement, poolSize: 1) { bouncer in
                let result = run(["--db", bouncer.url(database: database)])
                #expect(result.code == .cannotCheck)
                #expect(result.errors.hasPrefix("traceaudit: error: "), "\(result.errors)")
                #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
                #expect(result.errors.contains("statement mode"), "\(result.errors)")
                #expect(result.errors.contains("transaction or session"), "\(result.errors)")
                let next = try bouncer.client(database: database)
                let settings = try next.execute(Self.settingsQuery) { rows in (0..<4).map { rows.text(row: 0, column: $0) ?? "" } }
                #expect(settings == (try Self.defaults(database: database)))
                try next.execute("INSERT INTO scratch VALUES (-1)") { _ in }
            }
        }
    }

    /// The report as sorted JSON, without `generated_at` (when each run started).
    static func canonical(_ object: [String: Any]) throws -> String {
        var object = object
        object["generated_at"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
