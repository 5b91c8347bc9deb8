/// The TLS settings a PostgreSQL target connects with (the target's own, else the PG* environment,
/// else libpq's defaults) and whether their files exist: the facts from which a failed
/// connection's hint is chosen, since libpq's message is shown, never read.
struct TLSSettings {
    /// sslmode: disable, allow, prefer (libpq's default), require, verify-ca, verify-full.
    var mode: String
    /// The root certificate file, or nil for `system`.
    var rootCertificate: String?
    /// The client certificate file.
    var clientCertificate: String

    init(target: PostgresTarget, environment: [String: String]) {
        func pick(_ keyword: String, _ variable: String) -> String? {
            target.settings[keyword].flatMap { $0.isEmpty ? nil : $0 } ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let home = (environment["HOME"] ?? "") + "/.postgresql/"
        mode = pick("sslmode", "PGSSLMODE") ?? "prefer"
        let root = pick("sslrootcert", "PGSSLROOTCERT") ?? home + "root.crt"
        rootCertificate = root == "system" ? nil : root
        clientCertificate = pick("sslcert", "PGSSLCERT") ?? home + "postgresql.crt"
    }

    /// What to give, by the settings and the files that exist; nil when TLS is not in question.
    var hint: Failure.ConnectionHint? {
        switch mode {
        case "verify-ca", "verify-full":
            if let rootCertificate, OS.status(rootCertificate, followingLinks: true) == nil { return .rootCertificateMissing }
            return .verifiedTLS(clientCertificate: OS.status(clientCertificate, followingLinks: true) != nil)
        case "disable": return .tlsDisabled
        case "require": return .tlsRequired
        default: return nil
        }
    }
}
