extension SQLListing {
    /// `traceaudit sql --policy`: the policy's own checks (`QueryPlan.policy`), as its readers
    /// expect them, with the cutoff and the table filled in: a few header lines that say what the
    /// queries assume, then each statement under its one comment line, ready for `psql` or
    /// `sqlite3`. `dialect` is the database's, nil when none was given (PostgreSQL's is printed).
    static func policy(_ policy: Policy, dialect given: Dialect?) -> String {
        let dialect = given ?? .postgresql
        let statements = QueryPlan.policy(policy, dialect)
        var out = "-- The trace-ID policy's checks on \(policy.table.resolved(dialect).description), cutoff \(policy.cutoff.description):\n"
        out += "-- Test 1 to 3 and the daily compliance, corrected, and the undated jobs; \(statements.count) read-only statements.\n"
        out += "-- A trace is missing when trace_id is NULL or ''; a job exactly at the cutoff is covered; days are UTC days.\n"
        switch dialect {
        case .postgresql:
            out += "-- For created_at timestamptz or timestamp (read as UTC): the same days and counts whatever the session's TimeZone.\n"
            out += "-- status and trace_id compare bytewise (COLLATE \"C\"), as the audit compares them, whatever their type or collation.\n"
            if given == nil { out += "-- No --db: PostgreSQL's SQL, the policy's own database; --db FILE prints SQLite's.\n" }
        case .sqlite:
            out += "-- created_at is read in SQL as traceaudit reads it: INTEGER or REAL Unix seconds, or ISO 8601 text in any zone\n"
            out += "-- (SQLite's date functions cannot read '+00', and text order is not time order across zones).\n"
        }
        out += "-- These are not what the audit runs (one scan): traceaudit sql without --policy prints that.\n"
        for statement in statements {
            var sql = statement.inlined
            while sql.hasSuffix("\n") { sql.removeLast() }
            out += "\n" + sql + ";\n"
        }
        return out
    }
}
