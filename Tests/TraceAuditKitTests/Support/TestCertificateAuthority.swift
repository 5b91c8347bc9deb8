import Foundation

/// A certificate authority made by `openssl` for one test, in its own folder: `ca.crt`, and a
/// server certificate (`server.crt`, `server.key`) for localhost and 127.0.0.1 signed by it.
struct TestCertificateAuthority {
    let folder: URL
    var certificate: String { path("ca.crt") }
    var serverCertificate: String { path("server.crt") }
    var serverKey: String { path("server.key") }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Makes the CA and the server certificate in `folder` (which must exist).
    static func make(in folder: URL) throws -> TestCertificateAuthority {
        guard let openssl = try ExternalTool.require("openssl", package: "openssl") ?? ExternalTool.find("openssl") else {
            throw TestFailure("openssl is missing: .ci/run installs it")
        }
        let authority = TestCertificateAuthority(folder: folder)
        try authority.run(openssl, ["req", "-x509"] + key + ["-keyout", authority.path("ca.key"), "-out", authority.path("ca.crt"), "-days", "2", "-subj", "/CN=traceaudit test CA"])
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: authority.path("san.cnf")))
        try authority.run(openssl, ["req"] + key + ["-keyout", authority.serverKey, "-out", authority.path("server.csr"), "-subj", "/CN=localhost"])
        try authority.sign(openssl, request: authority.path("server.csr"), into: authority.serverCertificate, extensions: authority.path("san.cnf"))
        return authority
    }

    /// An EC P-256 key, unencrypted.
    static let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    private var key: [String] { Self.key }

    /// Signs a certificate request with the CA.
    func sign(_ openssl: String, request: String, into certificate: String, extensions: String? = nil) throws {
        try run(openssl, [
            "x509", "-req", "-in", request, "-CA", path("ca.crt"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", certificate, "-days", "2",
        ] + (extensions.map { ["-extfile", $0] } ?? []))
    }

    func run(_ openssl: String, _ arguments: [String]) throws {
        let result = try runProcess(openssl, arguments)
        guard result.status == 0 else { throw TestFailure("openssl \(arguments.first ?? "") failed: \(result.errors)") }
    }
}
