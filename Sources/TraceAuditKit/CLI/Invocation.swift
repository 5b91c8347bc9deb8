/// What one command line asks traceaudit to do.
public enum Invocation: Hashable, Sendable {
    /// Run an audit.
    case audit(AuditOptions)
    /// Print help, for the whole tool or one command.
    case help(topic: AuditCommand?)
    /// Print the version.
    case version
}

/// The settings of one audit run.
public struct AuditOptions: Hashable, Sendable {
    /// The subcommand.
    public var command: AuditCommand = .check
    /// The database to read.
    public var target: DatabaseTarget
    /// The report's format.
    public var format: OutputFormat = .table
    /// The policy and how many violation rows to bring back.
    public var request = AuditRequest()
    /// The longest a PostgreSQL statement may run, in milliseconds (`--timeout`, default 300 s).
    public var timeoutMilliseconds = 300_000

    /// Options with every default but the target.
    public init(target: DatabaseTarget) {
        self.target = target
    }
}
