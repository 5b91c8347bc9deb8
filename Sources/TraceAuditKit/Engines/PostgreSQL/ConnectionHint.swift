/// What to do about a failed connection, for the failures whose libpq message does not say it:
/// TLS (sslmode, sslrootcert, sslcert/sslkey) and certificate login.
enum ConnectionHint {
    /// `; …` to append to the connection failure's line, or "" when there is nothing to add.
    static func suffix(for message: String) -> String {
        let text = message.lowercased()
        if text.contains("root certificate file") {
            return "; give the server's CA with sslrootcert=FILE in the target or PGSSLROOTCERT"
        }
        if text.contains("certificate verify failed") {
            return "; the server's certificate is not signed by the CA in sslrootcert: give the CA that signed it (sslrootcert=FILE or PGSSLROOTCERT)"
        }
        if text.contains("does not match host name") || text.contains("does not match host") {
            return "; connect by a name or address the server's certificate names (sslmode=verify-full checks it)"
        }
        if text.contains("server does not support ssl") {
            return "; this server does not accept TLS connections, which the target's sslmode requires: connect to its TLS endpoint"
        }
        if text.contains("certificate authentication failed") || text.contains("requires a valid client certificate") {
            return "; this role logs in with a client certificate: give sslcert=FILE and sslkey=FILE (or PGSSLCERT and PGSSLKEY)"
        }
        if text.contains("pg_hba.conf") && text.contains("no encryption") {
            return "; the server accepts only TLS connections here: add sslmode=verify-full and sslrootcert=FILE to the target"
        }
        return ""
    }
}
