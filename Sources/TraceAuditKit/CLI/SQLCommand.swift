/// `traceaudit sql CMD`: the command whose statements are printed, with the options that shape
/// them (the others are refused by the parser, so the listing is exactly what CMD would run).
public enum SQLCommand: Hashable, Sendable {
    case tableCheck(TableCheckOptions)
    case readiness(ReadinessOptions)

    public var command: AuditCommand {
        switch self {
        case .tableCheck(let options): options.check.command
        case .readiness: .readiness
        }
    }

    /// The database whose dialect is printed; no server is connected to (a SQLite snapshot's
    /// schema is read, to list the scan that fits its table).
    public var database: DatabaseOptions {
        switch self {
        case .tableCheck(let options): options.database
        case .readiness(let options): options.database
        }
    }

    public var request: AuditRequest {
        switch self {
        case .tableCheck(let options): options.report.request
        case .readiness(let options): options.report.request
        }
    }
}
