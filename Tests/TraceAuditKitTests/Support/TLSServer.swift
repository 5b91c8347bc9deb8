import Foundation
@testable import TraceAuditKit

/// A throwaway PostgreSQL server that accepts only TLS connections (`ssl = on`), with a test CA
/// made by `openssl`: a server certificate for 127.0.0.1 and localhost, and a client certificate
/// for the role `tls_client`, which logs in by certificate alone. `stop()` removes it all.
final class TLSServer {
    let cluster: LocalCluster
    /// The CA's certificate, for `sslrootcert`.
    let rootCertificate: String
    /// The client's certificate and key (owned by the user running the tests, mode 0600).
    let clientCertificate: String
    let clientKey: String
    /// The role that logs in with the client certificate.
    static let certificateRole = "tls_client"

    var port: Int { cluster.port }

    private init(cluster: LocalCluster, client: URL) {
        self.cluster = cluster
        rootCertificate = client.appendingPathComponent("root.crt").path
        clientCertificate = client.appendingPathComponent("client.crt").path
        clientKey = client.appendingPathComponent("client.key").path
    }

    static func start() throws -> TLSServer {
        guard let opensslPath = try ExternalTool.require("openssl", package: "openssl") ?? ExternalTool.find("openssl") else {
            throw TestFailure("openssl is missing: .ci/run installs it")
        }
        let cluster = try LocalCluster.initialized(hba: """
            local     all all                              trust
            hostnossl all all                 127.0.0.1/32 reject
            hostssl   all \(certificateRole)  127.0.0.1/32 cert
            hostssl   all all                 127.0.0.1/32 trust
            """)
        do {
            let folder = cluster.folder
            let client = folder.appendingPathComponent("client")
            try FileManager.default.createDirectory(at: client, withIntermediateDirectories: false)
            func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
            func openssl(_ arguments: [String]) throws {
                let result = try runProcess(opensslPath, arguments)
                guard result.status == 0 else { throw TestFailure("openssl \(arguments.first ?? "") failed: \(result.errors)") }
            }
            let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try openssl(["req", "-x509"] + key + ["-keyout", path("ca.key"), "-out", path("ca.crt"), "-days", "2", "-subj", "/CN=traceaudit test CA"])
            try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: path("san.cnf")))
            try openssl(["req"] + key + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
            try openssl([
                "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-CAcreateserial",
                "-out", path("server.crt"), "-days", "2", "-extfile", path("san.cnf"),
            ])
            let clientKey = client.appendingPathComponent("client.key").path
            try openssl(["req"] + key + ["-keyout", clientKey, "-out", path("client.csr"), "-subj", "/CN=\(certificateRole)"])
            try openssl([
                "x509", "-req", "-in", path("client.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-CAcreateserial",
                "-out", client.appendingPathComponent("client.crt").path, "-days", "2",
            ])
            try FileManager.default.copyItem(atPath: path("ca.crt"), toPath: client.appendingPathComponent("root.crt").path)
            chmod(clientKey, 0o600)
            if LocalCluster.asRoot {
                for name in ["ca.crt", "server.crt", "server.key"] { try LocalCluster.chown(path(name)) }
            }
            chmod(path("server.key"), 0o600)
            try cluster.start([
                "ssl=on", "ssl_cert_file=\(path("server.crt"))", "ssl_key_file=\(path("server.key"))", "ssl_ca_file=\(path("ca.crt"))",
            ])
            let server = TLSServer(cluster: cluster, client: client)
            try server.execute(["CREATE ROLE \(certificateRole) LOGIN"])
            return server
        } catch {
            cluster.stop()
            throw error
        }
    }

    /// Runs statements as the superuser (over the socket, which needs no TLS).
    func execute(_ statements: [String]) throws {
        let connection = try PGConnection(parameters: [("host", cluster.folder.path), ("port", String(port)), ("user", "postgres"), ("dbname", "postgres")])
        for statement in statements { try connection.execute(statement) { _ in } }
    }

    func stop() {
        cluster.stop()
    }
}
