/// `traceaudit sql`: the statements a command runs, in order, with their parameters, exactly as the
/// engines take them from `QueryPlan`. Nothing is executed.
enum SQLListing {
    static func render(_ options: AuditOptions) -> String {
        var request = options.request
        if options.command == .readiness { request.window = .all }
        let dialect: Dialect
        switch options.target {
        case .sqlite, nil: dialect = .sqlite
        case .postgresql: dialect = .postgresql
        }
        var statements: [PlannedStatement] = []
        var notes: [String] = []
        if dialect == .postgresql {
            statements += QueryPlan.postgresSession(timeoutMilliseconds: options.timeoutMilliseconds)
        } else {
            notes.append("-- traceaudit opens the file read-only and runs these in one read transaction (BEGIN … COMMIT).")
            notes.append("-- SQLite hands over the scan's rows; traceaudit reads each created_at and aggregates in its own process,")
            notes.append("-- splitting a large table's rowid range between threads, each with its own read-only connection.")
        }
        statements.append(QueryPlan.columns(request.policy.table, dialect))
        if dialect == .sqlite { statements.append(QueryPlan.rowidRange(request.policy.table)) }
        statements.append(QueryPlan.scan(request, violationsOnly: options.command == .violations, dialect))
        if options.command.listsViolations {
            if dialect == .sqlite, request.violationLimit != nil {
                statements.append(QueryPlan.violationsByRowid([], table: request.policy.table))
                notes.append("-- The scan keeps the newest violations' rowids; they are then read by rowid (?1 lists them).")
            } else {
                statements.append(QueryPlan.violations(request, limit: request.violationLimit, dialect))
            }
            notes.append("-- The violation rows are read only when the scan counts any.")
        }
        if dialect == .postgresql { statements.append(QueryPlan.postgresCommit) }

        var out = "-- traceaudit \(options.command.rawValue) on \(dialect.rawValue): \(statements.count) statements\n"
        out += notes.map { $0 + "\n" }.joined()
        for statement in statements {
            out += "\n-- Queries/\(dialect.rawValue)/\(statement.query.name).sql\n"
            for (index, value) in statement.parameters.enumerated() {
                out += "-- \(dialect == .sqlite ? "?" : "$")\(index + 1) = \(value.literal)\n"
            }
            var sql = statement.sql
            while sql.hasSuffix("\n") { sql.removeLast() }
            out += sql + ";\n"
        }
        return out
    }
}
