/// A statement cancelled (SQLSTATE 57014) among the audit's first ones, before the audit's
/// transaction-local timeout applies, with the session's statement_timeout as read after rolling
/// back (from the connection's options, PGOPTIONS, the role, the database or the server).
struct SessionStatementTimeout: Error {
    let error: PGError
    /// The value in force and pg_settings' source for it, when they could be read.
    let setting: (value: String, source: String)?

    /// The session's timeout, unless the session has none (0): then someone else cancelled it.
    var kind: Failure.Kind {
        if let setting, Int(setting.value.prefix { $0.isNumber }) == 0 { return .cancelled }
        return .timeout(.session(value: setting?.value, source: setting?.source))
    }
}
