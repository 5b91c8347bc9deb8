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

    var dialect: Dialect { .postgresql }

    func withSnapshot<T>(of table: TableName, _ body: () throws -> T) throws(TraceAuditError) -> T {
        do {
            try begin()
            try checkColumns(of: table)
            let result = try body()
            try run(QueryPlan.postgresCommit)
            return result
        } catch let error as TraceAuditError {
            throw error
        } catch let error as PGError {
            throw describe(error, table: table)
        } catch {
            throw .cannotCheck("audit of \(display) failed: \(error)")
        }
    }

    /// Makes the session read-only, bounded and UTC, then opens the audit's snapshot.
    func begin() throws {
        for statement in QueryPlan.postgresSession(timeoutMilliseconds: timeoutMilliseconds) { try run(statement) }
    }

    private func run(_ statement: PlannedStatement) throws {
        try connection.execute(statement.sql, statement.parameters.map(\.postgresText)) { _ in }
    }

    /// Runs a statement inside the audit session (tests use it to prove the session refuses writes).
    func execute(_ sql: String) throws {
        try connection.execute(sql) { _ in }
    }

    private func checkColumns(of table: TableName) throws {
        let planned = QueryPlan.columns(table, .postgresql)
        let columns = try connection.execute(planned.sql, planned.parameters.map(\.postgresText)) { rows in
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

    func scan(_ request: AuditRequest, violationsOnly: Bool) throws -> AuditTally {
        var tally = AuditTally(cutoff: request.policy.cutoff, window: request.window)
        let planned = QueryPlan.scan(request, violationsOnly: violationsOnly, .postgresql)
        try connection.execute(planned.sql, planned.parameters.map(\.postgresText)) { rows in
            for row in 0..<rows.count {
                if violationsOnly {
                    try addViolationGroup(rows, row: row, to: &tally)
                } else {
                    try addScanGroup(rows, row: row, to: &tally)
                }
            }
        }
        return tally
    }

    /// A row of scan.sql: era, day, violation, violation_type, total, missing_trace, first, last.
    private func addScanGroup(_ rows: PGRows, row: Int, to tally: inout AuditTally) throws {
        let total = Int(rows.integer(row: row, column: 4) ?? 0)
        let missing = Int(rows.integer(row: row, column: 5) ?? 0)
        let count = TraceCount(hasTrace: total - missing, missingTrace: missing)
        switch rows.integer(row: row, column: 0) {
        case 2:
            guard let day = rows.integer(row: row, column: 1) else { throw PGError(message: "the scan returned a day without a date") }
            tally.add(count, era: .current(UTCDay(number: day)))
            if rows.text(row: row, column: 2) == "t" {
                tally.addViolations(
                    type: rows.text(row: row, column: 3), count: missing,
                    first: rows.text(row: row, column: 6).flatMap(Instant.init(parsing:)),
                    last: rows.text(row: row, column: 7).flatMap(Instant.init(parsing:)))
            }
        case 1: tally.add(count, era: .legacy)
        default: tally.add(count, era: .undated)
        }
    }

    /// A row of violation-scan.sql: era, type, total, first, last.
    private func addViolationGroup(_ rows: PGRows, row: Int, to tally: inout AuditTally) throws {
        let missing = Int(rows.integer(row: row, column: 2) ?? 0)
        switch rows.integer(row: row, column: 0) {
        case 2:
            tally.addViolations(
                type: rows.text(row: row, column: 1), count: missing,
                first: rows.text(row: row, column: 3).flatMap(Instant.init(parsing:)),
                last: rows.text(row: row, column: 4).flatMap(Instant.init(parsing:)))
        case 1: tally.add(TraceCount(missingTrace: missing), era: .legacy)
        default: tally.add(TraceCount(missingTrace: missing), era: .undated)
        }
    }

    func violations(_ request: AuditRequest, limit: Int?, after tally: AuditTally, each: (Violation) throws -> Void) throws {
        let planned = QueryPlan.violations(PostgresDatabase.narrowed(request, limit: limit, tally: tally), limit: limit, .postgresql)
        try connection.stream(planned.sql, planned.parameters.map(\.postgresText)) { rows in
            guard let created = rows.text(row: 0, column: 2), let createdAt = Instant(parsing: created) else {
                throw PGError(message: "created_at \(rows.text(row: 0, column: 2) ?? "NULL") could not be read")
            }
            try each(
                Violation(
                    id: rows.text(row: 0, column: 0), type: rows.text(row: 0, column: 1), createdAt: createdAt,
                    updatedAt: rows.text(row: 0, column: 3).map { Instant(parsing: $0).map(RecordedTime.instant) ?? .unreadable($0) },
                    correlationId: rows.text(row: 0, column: 4), traceId: rows.text(row: 0, column: 5)))
        }
    }

    func jobs(_ ids: [String], table: TableName, each: (FoundJob) throws -> Void) throws {
        let planned = QueryPlan.loggedJobs(ids, table: table, .postgresql)
        try connection.stream(planned.sql, planned.parameters.map(\.postgresText)) { rows in
            try each(FoundJob(
                id: rows.text(row: 0, column: 0) ?? "", status: rows.text(row: 0, column: 1),
                missingTrace: rows.text(row: 0, column: 2) == "t",
                createdAt: rows.text(row: 0, column: 3).flatMap(Instant.init(parsing:))))
        }
    }

    func doctor(_ request: AuditRequest, now: Instant) throws(TraceAuditError) -> DoctorReport {
        let table = request.policy.table
        return try withSnapshot(of: table) {
            let quoted = [String?.some(table.quoted)]
            let size = try connection.execute(PlannedStatement("doctor-table", .postgresql).sql, quoted) { rows in
                rows.count == 0 ? (nil, nil, nil) : (rows.integer(row: 0, column: 0), rows.integer(row: 0, column: 1), rows.integer(row: 0, column: 2))
            }
            let indexes = try connection.execute(PlannedStatement("doctor-indexes", .postgresql).sql, quoted) { rows in
                (0..<rows.count).map {
                    DoctorReport.Index(
                        name: rows.text(row: $0, column: 0) ?? "", definition: rows.text(row: $0, column: 1) ?? "",
                        bytes: rows.integer(row: $0, column: 2))
                }
            }
            let plans = try request.doctorPlans(now: now).map { check, planned, violationsOnly in
                let statement = QueryPlan.scan(planned, violationsOnly: violationsOnly, .postgresql)
                let lines = try connection.execute("EXPLAIN " + statement.sql, statement.parameters.map(\.postgresText)) { rows in
                    (0..<rows.count).compactMap { rows.text(row: $0, column: 0) }
                }
                return DoctorReport.Plan(check: check, lines: lines)
            }
            return DoctorReport(
                engine: .postgresql, target: display, table: table, totalBytes: size.0, tableBytes: size.1,
                rowEstimate: size.2.map { max($0, 0) }, indexes: indexes, plans: plans,
                suggestions: DoctorReport.suggestions(for: table, engine: .postgresql, indexes: indexes))
        }
    }

    /// The request with its window started at the day from which on the scan counted at least
    /// `limit` violations: the newest rows all lie there, and an index on created_at (or just the
    /// cheap comparison) spares the rest of the table.
    static func narrowed(_ request: AuditRequest, limit: Int?, tally: AuditTally) -> AuditRequest {
        guard let limit, limit > 0 else { return request }
        var seen = 0
        for day in tally.daily {
            seen += day.withoutTrace
            if seen >= limit {
                var narrowed = request
                narrowed.window.since = max(request.window.since ?? day.day.start, day.day.start)
                return narrowed
            }
        }
        return request
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
