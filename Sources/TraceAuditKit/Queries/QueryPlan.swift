/// A value bound to a statement's parameter.
enum SQLValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case null
    /// An empty BLOB: in SQLite's order it sorts after every number and text.
    case emptyBlob

    /// The value as PostgreSQL's text format receives it (nil for NULL).
    var postgresText: String? {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .null, .emptyBlob: return nil
        }
    }

    /// The value as a SQL literal, for `traceaudit sql`.
    var literal: String {
        switch self {
        case .text(let text): return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .integer(let number): return String(number)
        case .null: return "NULL"
        case .emptyBlob: return "X''"
        }
    }
}

/// A statement as it will run: the SQL from Queries/ with the table quoted in, and its parameters.
struct PlannedStatement: Sendable {
    /// The query file it comes from.
    let query: Query
    /// The statement's text.
    let sql: String
    /// `?1`/`$1` onwards.
    let parameters: [SQLValue]

    init(_ name: String, _ dialect: Dialect, table: TableName? = nil, _ parameters: [SQLValue] = []) {
        let query = Query(name, dialect: dialect)
        self.query = query
        sql = table.map { query.sql(table: $0) } ?? query.text
        self.parameters = parameters
    }
}

/// Which statements an audit runs, with which parameters: the one place both the engines and
/// `traceaudit sql` take them from, so the listing is exactly what runs.
enum QueryPlan {
    /// The statements that set up a PostgreSQL session and open the audit's snapshot.
    static func postgresSession(timeoutMilliseconds: Int) -> [PlannedStatement] {
        [
            PlannedStatement("session", .postgresql, [.text(String(timeoutMilliseconds))]),
            PlannedStatement("begin", .postgresql),
        ]
    }

    /// The statement that lists the table's columns.
    static func columns(_ table: TableName, _ dialect: Dialect) -> PlannedStatement {
        switch dialect {
        case .sqlite: return PlannedStatement("columns", .sqlite, [.text(table.name), .text(table.schema ?? "main")])
        case .postgresql: return PlannedStatement("columns", .postgresql, [.text(table.quoted)])
        }
    }

    /// The single scan (or the violations check's own scan); on SQLite over `rowids`.
    static func scan(
        _ request: AuditRequest, violationsOnly: Bool, _ dialect: Dialect, rowids: ClosedRange<Int64> = .min ... .max
    ) -> PlannedStatement {
        let base = violationsOnly ? "violation-scan" : "scan"
        let table = request.policy.table
        switch dialect {
        case .sqlite:
            let windowed = !request.window.isOpen
            return PlannedStatement(
                base + (windowed ? "-window" : ""), .sqlite, table: table,
                [.text(request.policy.succeededStatus)]
                    + (windowed ? sqliteRanges(request.window) : [.integer(rowids.lowerBound), .integer(rowids.upperBound)]))
        case .postgresql:
            return PlannedStatement(base, .postgresql, table: table, [
                .text(request.policy.succeededStatus), .text(request.policy.cutoff.sqlTimestamp),
                request.window.since.map { .text($0.sqlTimestamp) } ?? .null,
                request.window.until.map { .text($0.sqlTimestamp) } ?? .null,
            ])
        }
    }

    /// The violation rows, newest first, at most `limit` (nil for all).
    static func violations(_ request: AuditRequest, limit: Int?, _ dialect: Dialect) -> PlannedStatement {
        let table = request.policy.table
        switch dialect {
        case .sqlite:
            let windowed = !request.window.isOpen
            return PlannedStatement(
                windowed ? "violations-window" : "violations", .sqlite, table: table,
                [
                    .text(request.policy.succeededStatus), .integer(request.violationsSince.microseconds),
                    request.window.until.map { .integer($0.microseconds) } ?? .null, .integer(Int64(limit ?? -1)),
                ] + (windowed ? sqliteRanges(request.window) : []))
        case .postgresql:
            return PlannedStatement("violations", .postgresql, table: table, [
                .text(request.policy.succeededStatus), .text(request.violationsSince.sqlTimestamp),
                request.window.until.map { .text($0.sqlTimestamp) } ?? .null, limit.map { .integer(Int64($0)) } ?? .null,
            ])
        }
    }

    /// SQLite: the table's first and last rowid.
    static func rowidRange(_ table: TableName) -> PlannedStatement {
        PlannedStatement("rowid-range", .sqlite, table: table)
    }

    /// SQLite: the violations the scan kept, by rowid, newest first.
    static func violationsByRowid(_ rowids: [Int64], table: TableName) -> PlannedStatement {
        PlannedStatement("violations-by-rowid", .sqlite, table: table, [.text("[" + rowids.map(String.init).joined(separator: ",") + "]")])
    }

    /// The jobs named by log entries, by id.
    static func loggedJobs(_ ids: [String], table: TableName, _ dialect: Dialect) -> PlannedStatement {
        switch dialect {
        case .sqlite:
            return PlannedStatement("logged-jobs", .sqlite, table: table, [.text(JSONValue.array(ids.map(JSONValue.string)).serialized())])
        case .postgresql:
            let elements = ids.map { id in
                "\"" + id.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\" + String($0) : String($0) }.joined() + "\""
            }
            return PlannedStatement("logged-jobs", .postgresql, table: table, [.text("{" + elements.joined(separator: ",") + "}")])
        }
    }

    /// The statement that ends a PostgreSQL audit.
    static let postgresCommit = PlannedStatement("commit", .postgresql)

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
