import CLibPQ

/// The jobs table in PostgreSQL, audited server-side in one read-only REPEATABLE READ transaction.
///
/// The session is read-only (`default_transaction_read_only` and a READ ONLY transaction), bounded
/// by a statement timeout, and runs with TimeZone UTC so that `timestamp` columns read as UTC and
/// days are UTC days. Values are bound parameters; the table name is validated and quoted.
struct PostgresDatabase: AuditSource {
    let target: PostgresTarget
    let timeoutMilliseconds: Int
    private let connection: PGConnection

    /// Connects to `target`; libpq's defaults and PG* environment apply. The connect timeout is
    /// PGCONNECT_TIMEOUT when set (or given in the target), else 10 seconds.
    init(target: PostgresTarget, environment: [String: String], timeoutMilliseconds: Int) throws(TraceAuditError) {
        self.target = target
        self.timeoutMilliseconds = timeoutMilliseconds
        var parameters: [(keyword: String, value: String)] = [("application_name", "traceaudit")]
        if (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty { parameters.append(("connect_timeout", "10")) }
        parameters.append(("dbname", target.connection))
        parameters.append(("client_encoding", "UTF8"))
        do {
            connection = try PGConnection(parameters: parameters)
        } catch {
            throw .cannotCheck(Redaction.scrub("cannot connect to \(target.display): \(error.message)", secrets: target.secrets))
        }
    }

    /// The target as the server names it: `postgresql://user@host:port/db`.
    var display: String {
        let identity = connection.identity
        return PostgresTarget.display(user: identity.user, host: identity.host, port: identity.port, database: identity.database)
    }

    func audit(_ request: AuditRequest) throws(TraceAuditError) -> AuditReport {
        let policy = request.policy
        do {
            try begin()
            try checkColumns(of: policy.table)
            let tally = try scan(policy)
            let distribution = tally.distribution
            var violations: [Violation] = []
            if distribution.missingTrace > 0 && request.violationLimit != 0 {
                violations = try violationRows(policy, limit: request.violationLimit)
            }
            try connection.execute(Query("commit", dialect: .postgresql).text) { _ in }
            return AuditReport(
                policy: policy, violationCount: distribution.missingTrace, violations: violations,
                legacy: tally.legacy, distribution: distribution, daily: tally.daily, undated: tally.undated)
        } catch let error as TraceAuditError {
            throw error
        } catch let error as PGError {
            throw describe(error, table: policy.table)
        } catch {
            throw .cannotCheck("audit of \(display) failed: \(error)")
        }
    }

    /// Makes the session read-only, bounded and UTC, then opens the audit's snapshot.
    func begin() throws {
        try connection.execute(Query("session", dialect: .postgresql).text, [String(timeoutMilliseconds)]) { _ in }
        try connection.execute(Query("begin", dialect: .postgresql).text) { _ in }
    }

    /// Runs a statement inside the audit session (tests use it to prove the session refuses writes).
    func execute(_ sql: String) throws {
        try connection.execute(sql) { _ in }
    }

    private func checkColumns(of table: TableName) throws {
        let columns = try connection.execute(Query("columns", dialect: .postgresql).text, [table.quoted]) { rows in
            Dictionary((0..<rows.count).map { (rows.text(row: $0, column: 0) ?? "", rows.text(row: $0, column: 1) ?? "") }) { first, _ in first }
        }
        guard !columns.isEmpty else {
            throw TraceAuditError.cannotCheck(
                "table \(table) not found in \(display) (or not visible on its search_path); name the jobs table with --table")
        }
        if let missing = requiredColumns.first(where: { columns[$0] == nil }) {
            throw TraceAuditError.cannotCheck(
                "table \(table) in \(display) has no column \(missing); the audit needs \(requiredColumns.joined(separator: ", "))")
        }
        if let type = columns["created_at"], !type.hasPrefix("timestamp") {
            throw TraceAuditError.cannotCheck(
                "column created_at of \(table) has type \(type); the audit needs timestamp with or without time zone")
        }
    }

    private func scan(_ policy: Policy) throws -> AuditTally {
        var tally = AuditTally(cutoff: policy.cutoff)
        try connection.execute(
            Query("scan", dialect: .postgresql).sql(table: policy.table), [policy.succeededStatus, policy.cutoff.sqlTimestamp]
        ) { rows in
            for row in 0..<rows.count {
                let count = TraceCount(
                    hasTrace: Int(rows.integer(row: row, column: 2) ?? 0) - Int(rows.integer(row: row, column: 3) ?? 0),
                    missingTrace: Int(rows.integer(row: row, column: 3) ?? 0))
                switch rows.integer(row: row, column: 0) {
                case 2:
                    guard let day = rows.integer(row: row, column: 1) else { throw PGError(message: "scan returned a day without a date") }
                    tally.add(count, era: .current(UTCDay(number: day)))
                case 1: tally.add(count, era: .legacy)
                default: tally.add(count, era: .undated)
                }
            }
        }
        return tally
    }

    private func violationRows(_ policy: Policy, limit: Int?) throws -> [Violation] {
        var violations: [Violation] = []
        try connection.stream(
            Query("violations", dialect: .postgresql).sql(table: policy.table),
            [policy.succeededStatus, policy.cutoff.sqlTimestamp, limit.map(String.init)]
        ) { rows in
            guard let created = rows.text(row: 0, column: 2), let createdAt = Instant(parsing: created) else {
                throw PGError(message: "created_at \(rows.text(row: 0, column: 2) ?? "NULL") could not be read")
            }
            violations.append(
                Violation(
                    id: rows.text(row: 0, column: 0) ?? "", type: rows.text(row: 0, column: 1), createdAt: createdAt,
                    updatedAt: rows.text(row: 0, column: 3).map { Instant(parsing: $0).map(RecordedTime.instant) ?? .unreadable($0) },
                    correlationId: rows.text(row: 0, column: 4), traceId: rows.text(row: 0, column: 5)))
        }
        return violations
    }

    /// One line for a person from a server or libpq failure, with no secret in it.
    func describe(_ error: PGError, table: TableName) -> TraceAuditError {
        let seconds = timeoutMilliseconds % 1000 == 0 ? String(timeoutMilliseconds / 1000) : String(Double(timeoutMilliseconds) / 1000)
        let text: String
        switch error.sqlState {
        case "57014":
            text = "statement timeout: the audit of \(table) took longer than --timeout \(seconds) s (\(error.message)); raise --timeout, or check for locks and missing indexes"
        case "42P01":
            text = "table \(table) not found in \(display): \(error.message)"
        case "42703":
            text = "a column the audit needs is missing from \(table): \(error.message)"
        case "42501":
            text = "permission denied on \(display): \(error.message); the audit needs SELECT on \(table)"
        case "57P01", "57P02", "57P03":
            text = "the server at \(display) shut down during the audit: \(error.message)"
        case "25006":
            text = "refused a write in the read-only audit session: \(error.message)"
        case let state? :
            text = "query on \(display) failed: \(error.message) (SQLSTATE \(state))"
        case nil where error.connectionLost:
            text = "lost the connection to \(display) during the audit: \(error.message)"
        case nil:
            text = "query on \(display) failed: \(error.message)"
        }
        return .cannotCheck(Redaction.scrub(text, secrets: target.secrets))
    }
}
