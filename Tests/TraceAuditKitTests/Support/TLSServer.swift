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
            let authority = try TestCertificateAuthority.make(in: folder)
            guard let openssl = ExternalTool.find("openssl") else { throw TestFailure("openssl is missing: .ci/run installs it") }
            let clientKey = client.appendingPathComponent("client.key").path
            try authority.run(openssl, ["req"] + TestCertificateAuthority.key + ["-keyout", clientKey, "-out", path("client.csr"), "-subj", "/CN=\(certificateRole)"])
            try authority.sign(openssl, request: path("client.csr"), into: client.appendingPathComponent("client.crt").path)
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
