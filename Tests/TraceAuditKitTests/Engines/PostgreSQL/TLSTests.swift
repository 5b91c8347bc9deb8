import Foundation
import Testing
@testable import TraceAuditKit

/// TLS through libpq (issue 12 item 5): sslmode, sslrootcert and sslcert/sslkey in URL and keyword
/// targets and PG* variables, against a throwaway server with `ssl = on` and a CA made by openssl.
@Suite("PostgreSQL over TLS", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct TLSTests {
    static let jobs = [
        "CREATE TABLE executor_jobs (id bigint PRIMARY KEY, type text, status text, created_at timestamptz, trace_id text)",
        "INSERT INTO executor_jobs VALUES (1, 'a', 'succeeded', '2026-03-01 00:00:00+00', NULL)",
        "GRANT SELECT ON executor_jobs TO \(TLSServer.certificateRole)",
    ]

    /// verify-full with the CA connects in URL and keyword form, as the superuser and as a role
    /// that logs in with a client certificate, and the report says the connection is encrypted.
    @Test func verifyFullWithTheCAConnects() throws {
        let server = try TLSServer.start()
        defer { server.stop() }
        try server.execute(Self.jobs)
        let root = server.rootCertificate
        let targets = [
            "postgresql://postgres@localhost:\(server.port)/postgres?sslmode=verify-full&sslrootcert=\(root)",
            "host=127.0.0.1 port=\(server.port) dbname=postgres user=postgres sslmode=verify-full sslrootcert=\(root)",
            "postgresql://\(TLSServer.certificateRole)@127.0.0.1:\(server.port)/postgres?sslmode=verify-full&sslrootcert=\(root)"
                + "&sslcert=\(server.clientCertificate)&sslkey=\(server.clientKey)",
        ]
        for target in targets {
            let result = run(["--db", target, "--format", "json"])
            #expect(result.code == .violations, "\(target): \(result.errors)")
            #expect(try result.json.value("source.encrypted") as? Bool == true)
            let table = run(["--db", target])
            #expect(table.output.contains("connection: encrypted (TLSv1."), "\(table.output)")
            #expect(try run(["doctor", "--db", target, "--format", "json"]).json.value("source.encrypted") as? Bool == true)
        }
    }

    /// The PG* variables reach libpq: PGSSLMODE, PGSSLROOTCERT, PGSSLCERT and PGSSLKEY.
    @Test func environmentVariablesReachLibpq() throws {
        let server = try TLSServer.start()
        defer { server.stop() }
        try server.execute(Self.jobs)
        var environment = ProcessInfo.processInfo.environment
        environment["PGSSLMODE"] = "verify-full"
        environment["PGSSLROOTCERT"] = server.rootCertificate
        environment["PGSSLCERT"] = server.clientCertificate
        environment["PGSSLKEY"] = server.clientKey
        let target = "postgresql://\(TLSServer.certificateRole)@localhost:\(server.port)/postgres"
        let result = try runProcess(executableURL.path, ["--db", target, "--format", "json"], environment: environment)
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("\"encrypted\": true"), "\(result.output)")

        environment["PGSSLROOTCERT"] = server.clientCertificate
        let wrongCA = try runProcess(executableURL.path, ["--db", target], environment: environment)
        #expect(wrongCA.status == 3)
        #expect(wrongCA.errors.contains("sslrootcert"), "\(wrongCA.errors)")
    }

    /// Without the right CA, without a client certificate, or demanding TLS of a server without it:
    /// exit 3 with one line that says what to give.
    @Test func failuresSayWhatToGive() throws {
        let server = try TLSServer.start()
        defer { server.stop() }
        try server.execute(Self.jobs)
        let base = "postgresql://postgres@localhost:\(server.port)/postgres"
        let primary = try TestServer.requireURL()
        let cases: [(String, String)] = [
            (base + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt", "give the server's CA with sslrootcert=FILE"),
            (base + "?sslmode=verify-full&sslrootcert=\(server.clientCertificate)", "not signed by the CA in sslrootcert"),
            (base + "?sslmode=disable", "accepts only TLS connections here"),
            ("postgresql://\(TLSServer.certificateRole)@localhost:\(server.port)/postgres?sslmode=verify-full&sslrootcert=\(server.rootCertificate)",
             "give sslcert=FILE and sslkey=FILE"),
            (primary + "?sslmode=require", "does not accept TLS connections"),
        ]
        for (target, message) in cases {
            let result = run(["--db", target])
            #expect(result.code == .cannotCheck, "\(target)")
            #expect(result.errors.contains(message), "\(target): \(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        }
    }
}
