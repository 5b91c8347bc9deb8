/// What a report says about where its numbers came from.
struct AuditContext {
    /// `sqlite` or `postgresql`.
    var engine: Dialect
    /// The target for people, with any password removed.
    var target: String
    /// The version of traceaudit that ran.
    var version = TraceAudit.version
}
