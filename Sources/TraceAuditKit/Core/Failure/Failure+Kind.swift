extension Failure {
    /// What failed; each kind is decided by a code or a fact, and says whose move the fix is.
    public enum Kind: Equatable, Sendable {
        /// The database could not be reached, or the connection broke.
        case connection(Connection)
        /// The server refused the login: `passwordGiven` says whether a password was sent
        /// (libpq's PQconnectionUsedPassword) or one was asked for and none was at hand.
        case authentication(passwordGiven: Bool)
        /// The role may not read what the audit needs.
        case permission(Permission)
        /// A time limit ended the audit; which one says whose setting to change.
        case timeout(Timeout)
        /// A hot standby cancelled the audit to replay its primary's changes (SQLSTATE 40001, 40P01).
        case recoveryConflict
        /// Someone else cancelled the audit's query (pg_cancel_backend) before `--timeout`.
        case cancelled
        /// The server refused a write in the read-only audit (SQLSTATE 25006).
        case readOnly
        /// The table is not one the audit can read: missing, a column missing or of the wrong type.
        case schema(Schema)
        /// Any other error of the server or the database library.
        case query
        /// The SQLite snapshot file cannot be audited (not a database, damaged, locked, a hot journal).
        case snapshot
        /// A log file or log response cannot be read.
        case logInput
        /// A file the run reads besides its database (`--baseline`, `--state`, `--post @FILE`).
        case inputFile
        /// A report file (`--output`, `--report`, GITHUB_OUTPUT, `--state`) cannot be written.
        case outputFile
        /// An HTTP request failed (the Supabase log fetch, the alert's POST).
        case http(HTTPProblem)
    }

    /// Why the connection failed or ended.
    public enum Connection: Equatable, Sendable {
        /// No connection was made; `hint` is what the target's TLS settings suggest giving.
        case failed(hint: ConnectionHint?)
        /// The connection broke during the audit.
        case lost
        /// The server shut down during the audit (SQLSTATE 57P01, 57P02, 57P03).
        case serverShutdown
        /// A pooler in statement mode refused the audit's transaction: the connection was closed
        /// in answer to BEGIN without a server's SQLSTATE (or with a protocol violation, 08P01).
        case statementPooling
    }

    /// What the target's TLS settings and files say to give, decided from the settings and the
    /// files' existence (libpq's message is shown, never read).
    public enum ConnectionHint: Equatable, Sendable {
        /// sslmode verify-ca/verify-full and the root certificate file does not exist.
        case rootCertificateMissing
        /// sslmode verify-ca/verify-full with a root certificate; `clientCertificate` tells
        /// whether a client certificate is configured.
        case verifiedTLS(clientCertificate: Bool)
        /// sslmode=disable: a server that accepts only TLS refuses it.
        case tlsDisabled
        /// sslmode=require: a server without TLS refuses it.
        case tlsRequired
    }

    /// What the role may not do.
    public enum Permission: Equatable, Sendable {
        /// SELECT on the table (or USAGE on its schema).
        case table
        /// SELECT on a column the audit needs; `needs` is every column it needs, `quoted` the
        /// table's name as a GRANT names it.
        case column(String, needs: [String], quoted: String)
        /// Row-level security applies to `role` on the table (row_security_active), so the audit,
        /// which runs with row_security off, would see fewer rows.
        case rowSecurity(role: String)
        /// The audited relation is a view, and row-level security on `tables` (which it reads,
        /// nested views followed) applies to `roles`: the owners of the views that read them (a
        /// view reads its relations as its owner unless it is security_invoker, then as the
        /// audit's role, which may be among them). Both are quoted as identifiers.
        case viewRowSecurity(tables: [String], roles: [String])
    }

    /// Which time limit fired.
    public enum Timeout: Equatable, Sendable {
        /// The audit's own statement timeout, `--timeout`: the statement ran that long.
        case audit(milliseconds: Int)
        /// The session's statement_timeout (connection options, PGOPTIONS, role, database, server)
        /// cancelled a statement before the audit's own applied: its value and pg_settings' source.
        case session(value: String?, source: String?)
        /// The session's lock_timeout (SQLSTATE 55P03); the audit waits for locks up to `--timeout`.
        case lock(auditMilliseconds: Int)
        /// The server did not answer within `--timeout` plus `grace`; `connectTimeout` is set when
        /// it happened while connecting with a connect_timeout that waits for ever.
        case noAnswer(auditMilliseconds: Int, grace: Duration, connectTimeout: String?)
    }

    /// What is wrong with the audited table.
    public enum Schema: Equatable, Sendable {
        case missingTable
        /// A column the audit needs is missing (nil: the server did not name it); `needs` is every
        /// column it needs.
        case missingColumn(String?, needs: [String])
        /// created_at is not a timestamp.
        case createdAtType(String)
        /// trace_id's type (over `base` for a domain) has no missing value the policy defines.
        case traceType(String, base: String?)
        /// The snapshot declares a collation only the program that wrote it defines.
        case collation(String)
    }
}
