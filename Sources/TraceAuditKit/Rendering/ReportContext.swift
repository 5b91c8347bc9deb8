/// What every writer needs besides the report: where the numbers came from and when.
struct ReportContext {
    /// `sqlite` or `postgresql`.
    var engine: Dialect?
    /// The target for people, with any password removed.
    var target: String
    /// PostgreSQL: whether the connection is encrypted; nil for a snapshot or before connecting.
    var encryption: Encryption?
    /// The command that ran.
    var command: AuditCommand
    /// The policy, also known when the audit failed.
    var policy: Policy
    /// The window, also known when the audit failed.
    var window: TimeWindow
    /// When the run started.
    var startedAt: Instant
    /// The version of traceaudit that ran.
    var version = Release.version
    /// Sender, recipients and subject prefix for an email report.
    var mail = MailSettings()
    /// The columns the table format fits (COLUMNS, the terminal's width, or 80).
    var width = 80

    /// The narrowest width the table format lays out for.
    static let narrowest = 40

    /// The `source` object of every JSON report: engine, target and table, whether the connection
    /// is encrypted (null for a snapshot) and, on a hot standby, how fresh its data is.
    func sourceJSON(table: TableName, standby: Standby?) -> JSONValue {
        .object([
            ("engine", .optional(engine?.rawValue)), ("target", .string(target)), ("table", .string(table.description)),
            ("encrypted", encryption.map { .bool($0.encrypted) } ?? .null),
            ("standby", standby.map(ReportContext.standbyJSON) ?? .null),
        ])
    }

    static func standbyJSON(_ standby: Standby) -> JSONValue {
        .object([
            ("last_replayed_at", .optional(standby.lastReplayedAt?.description)),
            ("lag_seconds", standby.lagSeconds.map { .number(String(($0 * 1000).rounded() / 1000)) } ?? .null),
        ])
    }

    /// The lines a table report shows under its title about the source: the connection's
    /// encryption and a standby's freshness (nothing for a snapshot).
    func sourceLines(standby: Standby?) -> String {
        var lines = ""
        if let encryption { lines += "  " + encryption.summary + "\n" }
        if let standby { lines += "  " + standby.summary + "\n" }
        return lines
    }
    /// `--warn-only`: violations are reported as warnings, not errors.
    var warnOnly = false
    /// The target as the command line gives it (password removed), known before connecting, so an
    /// alert's identity (PagerDuty's `dedup_key`) is the same whether or not the run could connect;
    /// `target` may be the server's own account of itself.
    var givenTarget = ""
}
