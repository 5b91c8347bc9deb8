/// The session's own statement_timeout (from the connection's options, PGOPTIONS, the role, the
/// database or the server) cancelled one of the audit's first statements, before the audit's
/// transaction-local timeout applies.
struct SessionStatementTimeout: Error {
    let error: PGError
    /// The value in force and pg_settings' source for it, when they could be read.
    let setting: (value: String, source: String)?

    /// One line: which timeout fired, where it was set, and how to fix it.
    func description(display: String) -> String {
        let origin: String
        switch setting?.source {
        case "client"?: origin = "set by the connection's options (options=-c statement_timeout=… in the target, or PGOPTIONS)"
        case "user"?: origin = "set for the role (ALTER ROLE … SET statement_timeout)"
        case "database"?: origin = "set for the database (ALTER DATABASE … SET statement_timeout)"
        case "database user"?: origin = "set for the role in this database (ALTER ROLE … IN DATABASE … SET statement_timeout)"
        case "configuration file"?: origin = "set in the server's configuration"
        case let source?: origin = "set by \(source)"
        case nil: origin = "set by the connection's options, PGOPTIONS, the role, the database or the server"
        }
        let value = setting.map { " of \($0.value)" } ?? ""
        return "statement timeout: the session's statement_timeout\(value), \(origin), cancelled the audit on \(display) before --timeout applies (\(error.message)); remove or raise that setting: --timeout sets the audit's own"
    }
}
