/// The statements of each query file with their parameters: the only place a query file becomes a
/// `PlannedStatement` (doctor's `explained` form of one aside). `AuditPlan` chooses among them;
/// the engines run what it chose.
enum QueryPlan {
    /// The statements that open a PostgreSQL audit: its one transaction, then its settings, all
    /// local to that transaction (nothing outlives it, so a pooled connection is left as it was).
    /// `maxParallelWorkers` (`--max-parallel`) caps the server's parallel workers per query.
    static func postgresOpening(timeoutMilliseconds: Int, maxParallelWorkers: Int? = nil) -> [PlannedStatement] {
        [
            PlannedStatement(Query.PostgreSQL.begin),
            PlannedStatement(Query.PostgreSQL.settings, [.text(String(timeoutMilliseconds))]),
        ] + [maxParallelWorkers.map { PlannedStatement(Query.PostgreSQL.parallel, [.text(String($0))]) }].compactMap { $0 }
    }

    /// The statement that ends a PostgreSQL audit.
    static let postgresCommit = PlannedStatement(Query.PostgreSQL.commit)

    /// The statement that ends a PostgreSQL audit's transaction after a failure.
    static let postgresRollback = PlannedStatement(Query.PostgreSQL.rollback)

    /// The statement that opens a SQLite audit's read transaction.
    static let sqliteBegin = PlannedStatement(Query.SQLite.begin)

    /// The statement that ends a SQLite audit.
    static let sqliteCommit = PlannedStatement(Query.SQLite.commit)

    /// The statement that ends a SQLite audit's read transaction after a failure.
    static let sqliteRollback = PlannedStatement(Query.SQLite.rollback)

    /// PostgreSQL: the session's statement_timeout and where it was set.
    static let postgresStatementTimeoutSource = PlannedStatement(Query.PostgreSQL.statementTimeoutSource)

    /// PostgreSQL: which tables' row-level security applies to which role when the audit reads
    /// `table` (through a view: its owner, unless it is security_invoker).
    static func postgresRowSecurity(_ table: TableName) -> PlannedStatement {
        PlannedStatement(Query.PostgreSQL.rowSecurity, [.text(table.resolved(.postgresql).quoted)])
    }

    /// The statement that lists the table's columns (name, type).
    static func columns(_ table: TableName, _ dialect: Dialect) -> PlannedStatement {
        switch dialect {
        case .sqlite: return PlannedStatement(Query.SQLite.columns, [.text(table.name), .text(table.schema ?? "main")])
        case .postgresql: return PlannedStatement(Query.PostgreSQL.columns, [.text(table.resolved(.postgresql).quoted)])
        }
    }

    /// PostgreSQL: whether the server is a hot standby, and how fresh its data is.
    static let postgresStandby = PlannedStatement(Query.PostgreSQL.standby)

    /// SQLite: what the audited table is (its type and whether it is WITHOUT ROWID).
    static func tableKind(_ table: TableName) -> PlannedStatement {
        PlannedStatement(Query.SQLite.tableKind, [.text(table.name), .text(table.schema ?? "main")])
    }

    /// The single scan (or the violations check's own scan); on SQLite over `rowids`, reached as
    /// `access` says.
    static func scan(
        _ request: AuditRequest, violationsOnly: Bool, _ dialect: Dialect, rowids: ClosedRange<Int64> = .min ... .max,
        access: RowAccess = .plainRowid
    ) -> PlannedStatement {
        let table = request.policy.table
        switch dialect {
        case .sqlite:
            let status = SQLValue.text(request.policy.succeededStatus)
            if !request.window.isOpen {
                let query = violationsOnly ? Query.SQLite.violationScanWindow : Query.SQLite.scanWindow
                return PlannedStatement(query, table: table, rowid: access, [status] + sqliteRanges(request.window) + sqliteUnreadableNumbers)
            }
            guard access != .wholeTable else {
                return PlannedStatement(violationsOnly ? Query.SQLite.violationScanTable : Query.SQLite.scanTable, table: table, [status])
            }
            let query = violationsOnly ? Query.SQLite.violationScan : Query.SQLite.scan
            return PlannedStatement(
                query, table: table, rowid: access, [status, .integer(rowids.lowerBound), .integer(rowids.upperBound)])
        case .postgresql:
            return PlannedStatement(violationsOnly ? Query.PostgreSQL.violationScan : Query.PostgreSQL.scan, table: table, [
                .text(request.policy.succeededStatus), .text(request.policy.cutoff.sqlTimestamp),
                request.window.since.map { .text($0.sqlTimestamp) } ?? .null,
                request.window.until.map { .text($0.sqlTimestamp) } ?? .null,
            ])
        }
    }

    /// readiness' single scan, by the scope's clock; on SQLite over `rowids`, reached as `access`
    /// says.
    static func readinessScan(
        _ request: AuditRequest, _ scope: ReadinessScope, _ dialect: Dialect, rowids: ClosedRange<Int64> = .min ... .max,
        access: RowAccess = .plainRowid
    ) -> PlannedStatement {
        let table = request.policy.table
        let byCreatedAt = scope.clock == .createdAt
        switch dialect {
        case .sqlite:
            let status = SQLValue.text(request.policy.succeededStatus)
            guard access != .wholeTable else {
                return PlannedStatement(byCreatedAt ? Query.SQLite.readinessByCreatedAtTable : Query.SQLite.readinessTable, table: table, [status])
            }
            return PlannedStatement(
                byCreatedAt ? Query.SQLite.readinessByCreatedAt : Query.SQLite.readiness, table: table, rowid: access,
                [status, .integer(rowids.lowerBound), .integer(rowids.upperBound)])
        case .postgresql:
            return PlannedStatement(byCreatedAt ? Query.PostgreSQL.readinessByCreatedAt : Query.PostgreSQL.readiness, table: table, [
                .text(request.policy.succeededStatus), .text(request.policy.cutoff.sqlTimestamp), .text(scope.typesSince.start.sqlTimestamp),
            ])
        }
    }

    /// The violation rows, newest first, at most `limit` (nil for all).
    static func violations(_ request: AuditRequest, limit: Int?, _ dialect: Dialect, columns: JobColumns = .all) -> PlannedStatement {
        let table = request.policy.table
        switch dialect {
        case .sqlite:
            let windowed = !request.window.isOpen
            return PlannedStatement(
                windowed ? Query.SQLite.violationsWindow : Query.SQLite.violations, table: table, columns: columns,
                [
                    .text(request.policy.succeededStatus), .integer(request.violationsSince.microseconds),
                    request.window.until.map { .integer($0.microseconds) } ?? .null, .integer(Int64(limit ?? -1)),
                ] + (windowed ? sqliteRanges(request.window) : []))
        case .postgresql:
            return PlannedStatement(Query.PostgreSQL.violations, table: table, columns: columns, [
                .text(request.policy.succeededStatus), .text(request.violationsSince.sqlTimestamp),
                request.window.until.map { .text($0.sqlTimestamp) } ?? .null, limit.map { .integer(Int64($0)) } ?? .null,
            ])
        }
    }

    /// The earliest violation on or after the cutoff and before `bound`, lowest id among equals.
    static func firstViolation(_ policy: Policy, before bound: Instant, _ dialect: Dialect, columns: JobColumns = .all) -> PlannedStatement {
        switch dialect {
        case .sqlite:
            return PlannedStatement(Query.SQLite.firstViolation, table: policy.table, columns: columns, [
                .text(policy.succeededStatus), .integer(policy.cutoff.microseconds), .integer(bound.microseconds),
            ] + sqliteRanges(TimeWindow(since: policy.cutoff, until: bound)))
        case .postgresql:
            return PlannedStatement(Query.PostgreSQL.firstViolation, table: policy.table, columns: columns, [
                .text(policy.succeededStatus), .text(policy.cutoff.sqlTimestamp), .text(bound.sqlTimestamp),
            ])
        }
    }

    /// The violations whose success (updated_at when readable, else created_at) lies in `window`,
    /// newest success first: every one, for the log cross-check.
    static func violationsSucceeded(
        _ policy: Policy, in window: TimeWindow, _ dialect: Dialect, columns: JobColumns = .all
    ) -> PlannedStatement {
        switch dialect {
        case .sqlite:
            return PlannedStatement(Query.SQLite.violationsSucceeded, table: policy.table, columns: columns, [
                .text(policy.succeededStatus), .integer(policy.cutoff.microseconds),
                window.since.map { .integer($0.microseconds) } ?? .null, window.until.map { .integer($0.microseconds) } ?? .null,
            ])
        case .postgresql:
            return PlannedStatement(Query.PostgreSQL.violationsSucceeded, table: policy.table, columns: columns, [
                .text(policy.succeededStatus), .text(policy.cutoff.sqlTimestamp),
                window.since.map { .text($0.sqlTimestamp) } ?? .null, window.until.map { .text($0.sqlTimestamp) } ?? .null,
            ])
        }
    }

    /// SQLite: the table's first and last rowid.
    static func rowidRange(_ table: TableName, access: RowAccess = .plainRowid) -> PlannedStatement {
        PlannedStatement(Query.SQLite.rowidRange, table: table, rowid: access)
    }

    /// SQLite: the violations the scan kept, by rowid, newest first.
    static func violationsByRowid(
        _ kept: [NewestViolations.Candidate], table: TableName, access: RowAccess = .plainRowid,
        columns: JobColumns = .all
    ) -> PlannedStatement {
        let list = kept.map { "[\($0.rowid),\($0.createdAt)]" }.joined(separator: ",")
        return PlannedStatement(Query.SQLite.violationsByRowid, table: table, rowid: access, columns: columns, [.text("[" + list + "]")])
    }

    /// SQLite: the undated jobs without a trace that the scan kept, by rowid, highest first.
    static func undatedByRowid(_ kept: [NewestViolations.Candidate], table: TableName, access: RowAccess = .plainRowid) -> PlannedStatement {
        let list = kept.map { String($0.rowid) }.joined(separator: ",")
        return PlannedStatement(Query.SQLite.undatedByRowid, table: table, rowid: access, [.text("[" + list + "]")])
    }

    /// The ids of undated jobs without a trace, highest id first, at most `limit` (nil for all).
    static func undated(_ request: AuditRequest, limit: Int?, _ dialect: Dialect) -> PlannedStatement {
        let status = SQLValue.text(request.policy.succeededStatus)
        switch dialect {
        case .sqlite:
            return PlannedStatement(Query.SQLite.undated, table: request.policy.table, [status, .integer(Int64(limit ?? -1))])
        case .postgresql:
            return PlannedStatement(Query.PostgreSQL.undated, table: request.policy.table, [status, limit.map { .integer(Int64($0)) } ?? .null])
        }
    }

    /// The jobs named by log entries, by id.
    static func loggedJobs(_ ids: [String], table: TableName, _ dialect: Dialect) -> PlannedStatement {
        switch dialect {
        case .sqlite:
            return PlannedStatement(Query.SQLite.loggedJobs, table: table, [.text(JSONValue.array(ids.map(JSONValue.string)).serialized())])
        case .postgresql:
            let elements = ids.map { id in
                "\"" + id.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\" + String($0) : String($0) }.joined() + "\""
            }
            return PlannedStatement(Query.PostgreSQL.loggedJobs, table: table, [.text("{" + elements.joined(separator: ",") + "}")])
        }
    }

    /// doctor: the table's size on disk and a row estimate.
    static func doctorTable(_ table: TableName, _ dialect: Dialect, access: RowAccess = .plainRowid) -> PlannedStatement {
        switch dialect {
        case .sqlite: return PlannedStatement(Query.SQLite.doctorTable, table: table, rowid: access)
        case .postgresql: return PlannedStatement(Query.PostgreSQL.doctorTable, [.text(table.resolved(.postgresql).quoted)])
        }
    }

    /// doctor, PostgreSQL: a partitioned table's partitions with their sizes and indexes.
    static func doctorPartitions(_ table: TableName) -> PlannedStatement {
        PlannedStatement(Query.PostgreSQL.doctorPartitions, [.text(table.resolved(.postgresql).quoted)])
    }

    /// doctor: the table's indexes with their definitions (and sizes, on PostgreSQL).
    static func doctorIndexes(_ table: TableName, _ dialect: Dialect) -> PlannedStatement {
        switch dialect {
        case .sqlite: return PlannedStatement(Query.SQLite.doctorIndexes, [.text(table.name)])
        case .postgresql: return PlannedStatement(Query.PostgreSQL.doctorIndexes, [.text(table.resolved(.postgresql).quoted)])
        }
    }

    /// The numbers a SQLite created_at holds that are unreadable as Unix seconds lie below the
    /// first bound or from the second on (a millisecond epoch read as seconds lies after year 9999).
    static let sqliteUnreadableNumbers: [SQLValue] = [
        .integer(Instant.earliest.microseconds / Instant.microsecondsPerSecond),
        .integer((Instant.latest.microseconds + 1) / Instant.microsecondsPerSecond),
    ]

    /// The bounds that narrow a windowed SQLite read: a text range of dates widened by a day each
    /// side (any UTC offset keeps a timestamp's written date within a day of its UTC date) and a
    /// range of Unix seconds. An open side takes a bound beyond every value of its kind.
    static func sqliteRanges(_ window: TimeWindow) -> [SQLValue] {
        let textLow = window.since.map { SQLValue.text(UTCDay(number: $0.day.number - 1).description) } ?? .text("")
        let textHigh = window.until.map { SQLValue.text(UTCDay(number: $0.day.number + 2).description) } ?? .emptyBlob
        let numberLow = window.since.map { SQLValue.integer($0.microseconds / Instant.microsecondsPerSecond - 1) } ?? .integer(.min)
        let numberHigh = window.until.map { SQLValue.integer($0.microseconds / Instant.microsecondsPerSecond + 1) } ?? .text("")
        return [textLow, textHigh, numberLow, numberHigh]
    }
}
