/// What one command line asks traceaudit to do: each command with the options it takes.
///
/// `Command.parse` reads a command line into one; the option table (`Option`) says which options
/// each command takes.
public enum Command: Hashable, Sendable {
    /// One of the table's checks: check, violations, legacy, distribution or daily.
    case tableCheck(TableCheckOptions)
    /// The policy's log check, and with `--db` the cross-check with the table.
    case logs(LogsOptions)
    /// The strict-mode verdict.
    case readiness(ReadinessOptions)
    /// The table's size, indexes and plans.
    case doctor(DoctorOptions)
    /// Print the SQL the wrapped command would run, without connecting: parameters inlined as
    /// literals, or with `placeholders` listed above each statement.
    case sql(SQLCommand, placeholders: Bool = false)
    /// Print the policy's own checks as SQL (`sql --policy`) for the policy's cutoff and table, in
    /// the dialect of the database given, or PostgreSQL's (the policy's own) when none is (nil).
    case policySQL(Policy, Dialect?)
    /// Print help, for the whole tool (nil) or one topic.
    case help(HelpTopic?)
    /// Print the version.
    case version
    /// Print the completion script for a shell.
    case completion(CompletionShell)
}

/// What `help TOPIC` and `TOPIC --help` explain.
public enum HelpTopic: Hashable, Sendable {
    case command(AuditCommand)
    case sql
    case completion

    /// Every topic, as named on the command line.
    static var all: [HelpTopic] { AuditCommand.allCases.map(HelpTopic.command) + [.sql, .completion] }

    var name: String {
        switch self {
        case .command(let command): command.rawValue
        case .sql: "sql"
        case .completion: "completion"
        }
    }
}
