/// `traceaudit sql`: the plan a command runs, printed: every statement in order, exactly as the
/// engines take it from `AuditPlan`, with its parameters inlined as literals so that the output can
/// be pasted into `psql` or `sqlite3` as it is (or, with placeholders, the parameters listed
/// above each statement). Nothing is executed; with a SQLite snapshot as `--db`, its schema is
/// read (read-only, as an audit reads it) to list the scan that fits the table (`RowAccess`).
enum SQLListing {
    static func render(_ sql: SQLCommand, placeholders: Bool = false) -> String {
        let dialect: Dialect
        switch sql.database.target {
        case .sqlite: dialect = .sqlite
        case .postgresql: dialect = .postgresql
        }
        var plan = AuditPlan(
            sql.command, sql.request, rowLimit: sql.request.violationLimit, dialect: dialect,
            timeoutMilliseconds: sql.database.timeoutMilliseconds, maxParallelWorkers: sql.database.maxParallelWorkers)
        if case .tableCheck(let options) = sql { plan.readsEveryViolation = options.baselinePath != nil }
        // An e-mail report's trend: listed whenever the command can read it (the notes say when).
        plan.readsTrend = sql.command == .check || sql.command == .daily
        if case .readiness(let options) = sql {
            plan = plan.readiness(ReadinessScope(now: options.readiness.now, requiredDays: options.readiness.days))
        }
        var unread = false
        if case .sqlite(let path) = sql.database.target {
            if let fitted = fitted(plan, snapshot: path) { plan = fitted } else { unread = true }
        }
        let listing = render(plan, command: sql.command.rawValue, placeholders: placeholders)
        guard unread, let end = listing.firstIndex(of: "\n") else { return listing }
        let note = "-- The snapshot's schema could not be read: listed as for an ordinary table with a rowid.\n"
        return String(listing[...end]) + note + String(listing[listing.index(after: end)...])
    }

    /// The plan as the audit of the snapshot at `path` would fit it to its table; nil when the
    /// snapshot or its table cannot be read.
    private static func fitted(_ plan: AuditPlan, snapshot path: String) -> AuditPlan? {
        guard let snapshot = try? SQLiteSnapshot(path: path) else { return nil }
        return try? AuditSession(engine: snapshot, timeoutMilliseconds: plan.timeoutMilliseconds).read(plan) { plan, _ in plan }
    }

    static func render(_ plan: AuditPlan, command: String, placeholders: Bool) -> String {
        let statements = plan.statements
        var out = "-- traceaudit \(command) on \(plan.dialect.rawValue): \(statements.count) statements\n"
        out += plan.notes.map { "-- " + $0 + "\n" }.joined()
        for statement in statements {
            out += "\n-- \(statement.query.path)\n"
            var sql: String
            if placeholders {
                for (index, value) in statement.parameters.enumerated() {
                    out += "-- \(plan.dialect == .sqlite ? "?" : "$")\(index + 1) = \(value.literal)\n"
                }
                sql = statement.sql
            } else {
                sql = statement.inlined
            }
            while sql.hasSuffix("\n") { sql.removeLast() }
            out += sql + ";\n"
        }
        return out
    }
}
