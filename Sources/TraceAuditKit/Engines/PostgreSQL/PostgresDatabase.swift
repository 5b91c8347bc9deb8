import CLibPQ

/// The jobs table in PostgreSQL, audited server-side in one read-only REPEATABLE READ transaction.
///
/// Every statement of an audit runs in its one READ ONLY transaction, whose settings (statement
/// timeout, TimeZone UTC, row_security off) are local to it: nothing is set for the session, so a
/// connection pooler hands the server connection to its next client as it was. Values are bound
/// parameters; the table name is validated and quoted.
struct PostgresDatabase: AuditEngine {
    let target: PostgresTarget
    /// The statement timeout the audit sets, for messages.
    let timeoutMilliseconds: Int
    private let connection: PGConnection

    /// Connects to `target`; libpq's defaults and PG* environment apply. The connect timeout is
    /// PGCONNECT_TIMEOUT when set (or given in the target), else 10 seconds; when it is 0 (wait for
    /// ever), the attempt is given up after `answerTimeout` instead. TCP keepalives and
    /// `tcp_user_timeout` are on unless the target sets them, and every statement waits for the
    /// server at most `answerTimeout`.
    init(target: PostgresTarget, environment: [String: String], timeoutMilliseconds: Int) throws(TraceAuditError) {
        self.target = target
        self.timeoutMilliseconds = timeoutMilliseconds
        // Before dbname, so that whatever the target sets wins.
        var parameters: [(keyword: String, value: String)] = [("application_name", "traceaudit")]
        if (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty { parameters.append(("connect_timeout", "10")) }
        parameters += PostgresDatabase.keepalives
        parameters.append(("dbname", target.connection))
        parameters.append(("client_encoding", "UTF8"))
        let connectTimeout = target.settings["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"].flatMap { $0.isEmpty ? nil : $0 } ?? "10"
        let waitsForever = (Int(connectTimeout.filter { $0 != " " }) ?? 0) <= 0
        let answerTimeout = PostgresDatabase.answerTimeout(timeoutMilliseconds: timeoutMilliseconds)
        do throws(PGError) {
            connection = try PGConnection(parameters: parameters, answerTimeout: answerTimeout, connectDeadline: waitsForever ? answerTimeout : nil)
        } catch {
            let reason = error.unanswered
                ? "no answer within \(PGError.seconds(answerTimeout)) (--timeout \(PostgresDatabase.seconds(timeoutMilliseconds)) plus \(PGError.seconds(PostgresDatabase.networkGrace)) for the network; connect_timeout \(connectTimeout) waits for ever); check the network path to the server, or set connect_timeout"
                : error.message
            throw .cannotCheck(Redaction.scrub(
                "cannot connect to \(target.display): \(reason)\(ConnectionHint.suffix(for: error.message))", secrets: target.secrets))
        }
    }

    /// TCP keepalives, so that a connection whose peer is gone fails instead of waiting for ever:
    /// probes after 30 s idle, every 10 s, 3 unanswered end it; data unacknowledged for 60 s too.
    static let keepalives: [(keyword: String, value: String)] = [
        ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
        ("tcp_user_timeout", "60000"),
    ]

    /// How much longer than the server's statement timeout the client waits for an answer.
    static let networkGrace = Duration.seconds(5)

    /// The longest the client waits for the server on any one statement: `--timeout` (which the
    /// server enforces, and answers when it fires) plus `networkGrace`.
    static func answerTimeout(timeoutMilliseconds: Int) -> Duration {
        .milliseconds(timeoutMilliseconds) + networkGrace
    }

    /// `--timeout` as given: `300 s`, `0.5 s`.
    static func seconds(_ milliseconds: Int) -> String {
        PGError.seconds(.milliseconds(milliseconds))
    }

    /// The target as the server names it: `postgresql://user@host:port/db`.
    var display: String {
        let identity = connection.identity
        return PostgresTarget.display(user: identity.user, host: identity.host, port: identity.port, database: identity.database)
    }

    var dialect: Dialect { .postgresql }

    /// Whether the connection is encrypted, and with which TLS version.
    var encryption: Encryption { Encryption(tlsProtocol: connection.tlsProtocol) }

    func withConsistentRead<T>(opening: [PlannedStatement], closing: [PlannedStatement], _ body: () throws -> T) throws -> T {
        for statement in opening {
            do {
                try run(statement)
            } catch let error as PGError where error.sqlState == "57014" && error.message.contains("statement timeout") {
                // The audit's own timeout is not in force yet: the session's fired.
                throw SessionStatementTimeout(error: error, setting: sessionStatementTimeout())
            }
        }
        let result = try body()
        for statement in closing { try run(statement) }
        return result
    }

    /// The session's statement_timeout and where it was set, read after rolling back; nil when
    /// it cannot be read (it may cancel the reading too: a few tries).
    private func sessionStatementTimeout() -> (value: String, source: String)? {
        try? run(QueryPlan.postgresRollback)
        let statement = QueryPlan.postgresStatementTimeoutSource
        for _ in 0..<5 {
            let found = try? connection.execute(statement.sql, statement.postgresParameters) { rows in
                rows.count == 1 ? (rows.text(row: 0, column: 0) ?? "", rows.text(row: 0, column: 1) ?? "") : nil
            }
            if let found { return found }
        }
        return nil
    }

    private func run(_ statement: PlannedStatement) throws {
        try connection.execute(statement.sql, statement.postgresParameters) { _ in }
    }

    /// Runs a statement on the audit's connection (tests use it to prove the transaction refuses
    /// writes and that nothing outlives it).
    func execute(_ sql: String) throws {
        try connection.execute(sql) { _ in }
    }

    /// A libpq connection option as it is in force; for tests.
    func option(_ keyword: String) -> String? {
        connection.option(keyword)
    }

    /// The first row of a statement on the audit's connection, as text (NULL as ""); for tests.
    func query(_ sql: String) throws -> [String] {
        try connection.execute(sql) { rows in
            rows.count == 0 ? [] : (0..<rows.columns).map { rows.text(row: 0, column: $0) ?? "" }
        }
    }

    func columns(_ statement: PlannedStatement) throws -> [TableColumn] {
        try connection.execute(statement.sql, statement.postgresParameters) { rows in
            (0..<rows.count).map {
                TableColumn(
                    name: rows.text(row: $0, column: 0) ?? "", type: rows.text(row: $0, column: 1) ?? "",
                    readable: rows.text(row: $0, column: 2) != "f", baseType: rows.text(row: $0, column: 3) ?? "",
                    category: rows.text(row: $0, column: 4) ?? "")
            }
        }
    }

    func standby(_ statement: PlannedStatement) throws -> Standby? {
        try connection.execute(statement.sql, statement.postgresParameters) { rows in
            guard rows.count > 0, rows.text(row: 0, column: 0) == "t" else { return nil }
            return Standby(
                lastReplayedAt: rows.text(row: 0, column: 1).flatMap(Instant.init(parsing:)),
                lagSeconds: rows.text(row: 0, column: 2).flatMap(Double.init))
        }
    }

    func scan(_ plan: AuditPlan) throws -> AuditTally {
        var tally = AuditTally(cutoff: plan.request.policy.cutoff, window: plan.request.window)
        let planned = plan.scan()
        let violationsOnly = plan.reading == .violationsOnly
        tally.readiness = plan.readiness.map { ReadinessTally(cutoff: plan.request.policy.cutoff, scope: $0) }
        try connection.execute(planned.sql, planned.postgresParameters) { rows in
            for row in 0..<rows.count {
                if tally.readiness != nil {
                    addReadinessGroup(rows, row: row, to: &tally)
                } else if violationsOnly {
                    try addViolationGroup(rows, row: row, to: &tally)
                } else {
                    try addScanGroup(rows, row: row, to: &tally)
                }
            }
        }
        return tally
    }

    /// A row of scan.sql: era, day, violation, type, total, missing_trace, first, last, newest.
    private func addScanGroup(_ rows: PGRows, row: Int, to tally: inout AuditTally) throws {
        let total = Int(rows.integer(row: row, column: 4) ?? 0)
        let missing = Int(rows.integer(row: row, column: 5) ?? 0)
        let count = TraceCount(hasTrace: total - missing, missingTrace: missing)
        let era = rows.integer(row: row, column: 0)
        if era == 1 || era == 2, let newest = rows.text(row: row, column: 8).flatMap(Instant.init(parsing:)) {
            tally.noteSucceeded(at: newest)
        }
        switch era {
        case 2:
            guard let day = rows.integer(row: row, column: 1) else { throw PGError(message: "the scan returned a day without a date") }
            tally.add(count, era: .current(UTCDay(number: day)))
            tally.addSucceeded(type: rows.text(row: row, column: 3), count: total)
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

    /// A row of readiness.sql: day, recent, type, succeeded, missing, violations, dated by created_at,
    /// clock skew.
    private func addReadinessGroup(_ rows: PGRows, row: Int, to tally: inout AuditTally) {
        let counts = ReadinessTally.Counts(
            succeeded: Int(rows.integer(row: row, column: 3) ?? 0), missingTrace: Int(rows.integer(row: row, column: 4) ?? 0),
            violations: Int(rows.integer(row: row, column: 5) ?? 0), datedByCreatedAt: Int(rows.integer(row: row, column: 6) ?? 0),
            clockSkew: Int(rows.integer(row: row, column: 7) ?? 0))
        let type: String?? = rows.text(row: row, column: 1) == "t" ? .some(rows.text(row: row, column: 2)) : .none
        tally.readiness?.add(counts, day: rows.integer(row: row, column: 0), type: type)
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

    func rows(_ planned: PlannedStatement, each: (Violation) throws -> Void) throws {
        try connection.stream(planned.sql, planned.postgresParameters) { rows in
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

    func ids(_ planned: PlannedStatement, each: (String?) throws -> Void) throws {
        try connection.stream(planned.sql, planned.postgresParameters) { rows in try each(rows.text(row: 0, column: 0)) }
    }

    func jobs(_ planned: PlannedStatement, each: (FoundJob) throws -> Void) throws {
        try connection.stream(planned.sql, planned.postgresParameters) { rows in
            try each(FoundJob(
                id: rows.text(row: 0, column: 0) ?? "", status: rows.text(row: 0, column: 1),
                missingTrace: rows.text(row: 0, column: 2) == "t",
                createdAt: rows.text(row: 0, column: 3).flatMap(Instant.init(parsing:))))
        }
    }

    func size(_ planned: PlannedStatement) throws -> DoctorReport.Size {
        try connection.execute(planned.sql, planned.postgresParameters) { rows in
            guard rows.count > 0 else { return DoctorReport.Size() }
            return DoctorReport.Size(
                totalBytes: rows.integer(row: 0, column: 0), tableBytes: rows.integer(row: 0, column: 1),
                rowEstimate: rows.integer(row: 0, column: 2).map { max($0, 0) }, partitioned: rows.text(row: 0, column: 3) == "t")
        }
    }

    /// Rows of doctor-partitions.sql: one per partition and index, grouped here by partition.
    func partitions(_ planned: PlannedStatement) throws -> [DoctorReport.Partition] {
        try connection.execute(planned.sql, planned.postgresParameters) { rows in
            var partitions: [DoctorReport.Partition] = []
            for row in 0..<rows.count {
                let name = rows.text(row: row, column: 0) ?? ""
                if partitions.last?.name != name {
                    partitions.append(DoctorReport.Partition(
                        name: name, bound: rows.text(row: row, column: 1) ?? "",
                        size: DoctorReport.Size(
                            totalBytes: rows.integer(row: row, column: 2), tableBytes: rows.integer(row: row, column: 3),
                            rowEstimate: rows.integer(row: row, column: 4)),
                        indexes: []))
                }
                if let index = rows.text(row: row, column: 5) {
                    partitions[partitions.count - 1].indexes.append(DoctorReport.Index(
                        name: index, definition: rows.text(row: row, column: 6) ?? "", bytes: rows.integer(row: row, column: 7)))
                }
            }
            return partitions
        }
    }

    func indexes(_ planned: PlannedStatement) throws -> [DoctorReport.Index] {
        try connection.execute(planned.sql, planned.postgresParameters) { rows in
            (0..<rows.count).map {
                DoctorReport.Index(
                    name: rows.text(row: $0, column: 0) ?? "", definition: rows.text(row: $0, column: 1) ?? "",
                    bytes: rows.integer(row: $0, column: 2))
            }
        }
    }

    func explain(_ planned: PlannedStatement) throws -> [String] {
        try connection.execute(planned.explained.sql, planned.postgresParameters) { rows in
            (0..<rows.count).compactMap { rows.text(row: $0, column: 0) }
        }
    }

    func describe(_ error: any Error, table: TableName) -> TraceAuditError {
        if let timeout = error as? SessionStatementTimeout {
            return .cannotCheck(Redaction.scrub(timeout.description(display: display), secrets: target.secrets))
        }
        guard let error = error as? PGError else {
            return .cannotCheck(Redaction.scrub("audit of \(display) failed: \(error)", secrets: target.secrets))
        }
        return describe(error, table: table)
    }

    /// One line for a person from a server or libpq failure, with no secret in it.
    func describe(_ error: PGError, table: TableName) -> TraceAuditError {
        let seconds = PostgresDatabase.seconds(timeoutMilliseconds)
        let text: String
        if error.message.contains("statement pooling mode") {
            return .cannotCheck(Redaction.scrub(
                "the connection pooler at \(display) is in statement mode, which cannot hold the audit's one read-only transaction (\(error.message)); connect through a pool in transaction or session mode, or to the server directly",
                secrets: target.secrets))
        }
        if error.unanswered {
            let waited = PGError.seconds(PostgresDatabase.answerTimeout(timeoutMilliseconds: timeoutMilliseconds))
            return .cannotCheck(Redaction.scrub(
                "no answer from \(display) within \(waited) (--timeout \(seconds) plus \(PGError.seconds(PostgresDatabase.networkGrace)) for the network): the network or the server stopped responding, so the audit was abandoned; check the network path to the server, or raise --timeout",
                secrets: target.secrets))
        }
        switch error.sqlState {
        case _ where error.message.contains("conflict with recovery"):
            text = "the hot standby \(display) cancelled the audit because replaying its primary's changes conflicted with it "
                + "(\(error.message)\(error.sqlState.map { ", SQLSTATE \($0)" } ?? "")); retry, or on the standby set "
                + "hot_standby_feedback = on or raise max_standby_streaming_delay above the audit's duration"
        case "57014" where error.message.contains("user request"):
            text = "the audit's query on \(display) was cancelled (\(error.message)): pg_cancel_backend or an administrator stopped it; run the audit again"
        case "55P03":
            text = "lock timeout: a lock on \(table) was held longer than the session's lock_timeout (\(error.message)); retry once the lock is released, or remove lock_timeout from the target's options, PGOPTIONS or the role's or database's settings (the audit waits for locks up to --timeout \(seconds))"
        case "57014":
            text = "statement timeout: the audit of \(table) took longer than --timeout \(seconds) (\(error.message)); raise --timeout, or check for locks and missing indexes"
        case "42P01":
            text = "table \(table) not found in \(display): \(error.message)"
        case "42703":
            text = "a column the audit needs is missing from \(table): \(error.message)"
        case "42501" where error.message.contains("row-level security"):
            let role = connection.identity.user
            text = "row-level security on \(table) would hide rows from role \(role), so the audit cannot see every row (\(error.message)); run it as a role with BYPASSRLS (ALTER ROLE \(role) BYPASSRLS), or as the table's owner if the table does not FORCE ROW LEVEL SECURITY"
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
