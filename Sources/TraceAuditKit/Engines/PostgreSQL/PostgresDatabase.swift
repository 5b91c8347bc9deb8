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
            let kind: Failure.Kind
            if error.unanswered {
                kind = .timeout(.noAnswer(auditMilliseconds: timeoutMilliseconds, grace: PostgresDatabase.networkGrace, connectTimeout: connectTimeout))
            } else if error.passwordAsked || error.passwordMissing {
                kind = .authentication(passwordGiven: !error.passwordMissing)
            } else {
                kind = .connection(.failed(hint: TLSSettings(target: target, environment: environment).hint))
            }
            throw .failed(target.scrubbed(Failure(kind, target: target.display, reason: error.message)))
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
            } catch let error as PGError where error.sqlState == "57014" {
                // The audit's own timeout is not in force yet: the session's fired, or someone cancelled.
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
            let found = try? execute(statement) { rows in
                rows.count == 1 ? (rows.text(row: 0, column: 0) ?? "", rows.text(row: 0, column: 1) ?? "") : nil
            }
            if let found { return found }
        }
        return nil
    }

    private func run(_ statement: PlannedStatement) throws {
        try execute(statement) { _ in }
    }

    /// Runs a planned statement; a failure names it (`PGError.statement`).
    private func execute<T>(_ statement: PlannedStatement, read: (PGRows) throws -> T) throws -> T {
        do {
            return try connection.execute(statement.sql, statement.postgresParameters, read: read)
        } catch var error as PGError {
            error.statement = statement.query.path
            throw error
        }
    }

    /// Streams a planned statement's rows; a failure names it (`PGError.statement`).
    private func stream(_ statement: PlannedStatement, row: (PGRows) throws -> Void) throws {
        do {
            try connection.stream(statement.sql, statement.postgresParameters, row: row)
        } catch var error as PGError {
            error.statement = statement.query.path
            throw error
        }
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
        try execute(statement) { rows in
            (0..<rows.count).map {
                TableColumn(
                    name: rows.text(row: $0, column: 0) ?? "", type: rows.text(row: $0, column: 1) ?? "",
                    readable: rows.text(row: $0, column: 2) != "f", baseType: rows.text(row: $0, column: 3) ?? "",
                    category: rows.text(row: $0, column: 4) ?? "")
            }
        }
    }

    func standby(_ statement: PlannedStatement) throws -> Standby? {
        try execute(statement) { rows in
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
        try execute(planned) { rows in
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
        try stream(planned) { rows in
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
        try stream(planned) { rows in try each(rows.text(row: 0, column: 0)) }
    }

    func jobs(_ planned: PlannedStatement, each: (FoundJob) throws -> Void) throws {
        try stream(planned) { rows in
            try each(FoundJob(
                id: rows.text(row: 0, column: 0) ?? "", status: rows.text(row: 0, column: 1),
                missingTrace: rows.text(row: 0, column: 2) == "t",
                createdAt: rows.text(row: 0, column: 3).flatMap(Instant.init(parsing:))))
        }
    }

    func size(_ planned: PlannedStatement) throws -> DoctorReport.Size {
        try execute(planned) { rows in
            guard rows.count > 0 else { return DoctorReport.Size() }
            return DoctorReport.Size(
                totalBytes: rows.integer(row: 0, column: 0), tableBytes: rows.integer(row: 0, column: 1),
                rowEstimate: rows.integer(row: 0, column: 2).map { max($0, 0) }, partitioned: rows.text(row: 0, column: 3) == "t")
        }
    }

    /// Rows of doctor-partitions.sql: one per partition and index, grouped here by partition.
    func partitions(_ planned: PlannedStatement) throws -> [DoctorReport.Partition] {
        try execute(planned) { rows in
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
        try execute(planned) { rows in
            (0..<rows.count).map {
                DoctorReport.Index(
                    name: rows.text(row: $0, column: 0) ?? "", definition: rows.text(row: $0, column: 1) ?? "",
                    bytes: rows.integer(row: $0, column: 2))
            }
        }
    }

    func explain(_ planned: PlannedStatement) throws -> [String] {
        try execute(planned.explained) { rows in
            (0..<rows.count).compactMap { rows.text(row: $0, column: 0) }
        }
    }

    func describe(_ error: any Error, table: TableName) -> TraceAuditError {
        let failure: Failure
        if let timeout = error as? SessionStatementTimeout {
            failure = Failure(
                timeout.kind, target: display, table: table.description, server: timeout.error.server, statement: timeout.error.statement,
                reason: timeout.error.libraryMessage)
        } else if let error = error as? PGError {
            failure = Failure(
                kind(of: error, table: table), target: display, table: table.description, server: error.server, statement: error.statement,
                reason: error.libraryMessage)
        } else {
            failure = Failure(.query, target: display, table: table.description, reason: "\(error)")
        }
        return .failed(target.scrubbed(failure))
    }

    /// The kind of a server or libpq failure, by its SQLSTATE and what the client knows: whether
    /// the connection is gone or unanswered, how long the statement ran, which statement it was.
    func kind(of error: PGError, table: TableName) -> Failure.Kind {
        if error.unanswered {
            return .timeout(.noAnswer(auditMilliseconds: timeoutMilliseconds, grace: PostgresDatabase.networkGrace, connectTimeout: nil))
        }
        if error.statement == Query.PostgreSQL.begin.path, error.connectionLost, error.sqlState == nil || error.sqlState == "08P01" {
            // The connection was closed in answer to BEGIN, without a SQLSTATE of the server's
            // (which ends a session it means to end with 57P01…, never on BEGIN): a pooler in
            // statement mode refusing the transaction.
            return .connection(.statementPooling)
        }
        switch error.sqlState {
        case "40001", "40P01":
            // The audit's read-only transaction has no serialization failure or deadlock of its
            // own: a hot standby cancelled it to replay its primary's changes.
            return .recoveryConflict
        case "57014":
            // Cancelled after the audit's own timeout was in force: by it when the statement ran
            // that long, else by someone else (pg_cancel_backend).
            guard let elapsed = error.elapsed, elapsed >= .milliseconds(timeoutMilliseconds) else { return .cancelled }
            return .timeout(.audit(milliseconds: timeoutMilliseconds))
        case "55P03": return .timeout(.lock(auditMilliseconds: timeoutMilliseconds))
        case "42P01": return .schema(.missingTable)
        case "42703": return .schema(.missingColumn(error.server?.column, needs: AuditSession.requiredColumns))
        case "42501":
            return .permission(rowSecurity(on: table) ?? .table)
        case "57P01", "57P02", "57P03": return .connection(.serverShutdown)
        case "25006": return .readOnly
        case _?: return .query
        case nil: return error.connectionLost ? .connection(.lost) : .query
        }
    }

    /// Whether row-level security would hide rows of `table` from the audit, and from which role:
    /// the audit's own, or through a view its owner (and the tables it applies on), read after
    /// rolling back the failed transaction; nil when it does not apply or cannot be read.
    private func rowSecurity(on table: TableName) -> Failure.Permission? {
        try? run(QueryPlan.postgresRollback)
        let found = try? execute(QueryPlan.postgresRowSecurity(table)) { rows in
            (0..<rows.count).compactMap { row -> (table: String, role: String, audit: Bool)? in
                guard let table = rows.text(row: row, column: 0), let role = rows.text(row: row, column: 1) else { return nil }
                return (table, role, rows.text(row: row, column: 2) == "t")
            }
        }
        guard let found, !found.isEmpty else { return nil }
        if found.allSatisfy(\.audit) { return .rowSecurity(role: connection.identity.user) }
        var tables: [String] = [], roles: [String] = []
        for row in found {
            if !tables.contains(row.table) { tables.append(row.table) }
            if !roles.contains(row.role) { roles.append(row.role) }
        }
        return .viewRowSecurity(tables: tables, roles: roles)
    }
}
