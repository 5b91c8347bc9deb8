/// `traceaudit sql`: the plan a command runs, printed: every statement in order, exactly as the
/// engines take it from `AuditPlan`, with its parameters inlined as literals so that the output can
/// be pasted into `psql` or `sqlite3` as it is (or, with placeholders, the parameters listed
/// above each statement). Nothing is executed.
enum SQLListing {
    static func render(_ sql: SQLCommand, placeholders: Bool = false) -> String {
        let dialect: Dialect
        switch sql.database.target {
        case .sqlite: dialect = .sqlite
        case .postgresql: dialect = .postgresql
        }
        let plan = AuditPlan(
            sql.command, sql.request, rowLimit: sql.request.violationLimit, dialect: dialect,
            timeoutMilliseconds: sql.database.timeoutMilliseconds)
        return render(plan, command: sql.command.rawValue, placeholders: placeholders)
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
