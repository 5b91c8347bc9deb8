import CSQLite

/// One read-only connection to a SQLite file; the only owner of its `sqlite3*`.
final class SQLiteConnection {
    private let handle: OpaquePointer
    /// Interrupts this connection's running statement on a signal; retired before the close.
    private(set) var canceller: QueryCanceller?
    /// Files the connection reads and that must outlive it (released after the close in deinit).
    private let files: PrivateCopy?

    /// Opens `uri` (a `file:` URI) read-only. Never creates a file.
    init(uri: String, busyTimeoutMilliseconds: Int32, files: PrivateCopy? = nil) throws(SQLiteError) {
        self.files = files
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(uri, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let error = SQLiteError(code: status, connection: opened)
            sqlite3_close_v2(opened)
            throw error
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        try registerInstantFunction()
        // sqlite3_interrupt may be called from any thread while the connection is open.
        let interrupt = InterruptHandle(handle)
        canceller = QueryCanceller.registered { interrupt.interrupt() }
    }

    deinit {
        // After this no signal can reach sqlite3_interrupt: the handle may close.
        canceller?.retire()
        sqlite3_close_v2(handle)
    }

    /// Prepares `sql`, which must be exactly one read-only statement.
    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        // sqlite3_interrupt reaches only statements already running: a signal that came between
        // statements stops the next one here.
        guard Interruption.shared.receivedSignal == nil else { throw SQLiteError(code: SQLITE_INTERRUPT, message: "interrupted") }
        var statement: OpaquePointer?
        var trailing = false
        let status = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(handle, text, -1, 0, &statement, &tail)
            if status == SQLITE_OK, let tail, tail.pointee != 0 {
                trailing = SQLiteConnection.holdsStatement(tail, handle: handle)
            }
            return status
        }
        guard status == SQLITE_OK, let statement else {
            let error = statement == nil && status == SQLITE_OK
                ? SQLiteError(code: SQLITE_MISUSE, message: "the query holds no statement")
                : SQLiteError(code: status, connection: handle)
            sqlite3_finalize(statement)
            throw error
        }
        guard !trailing, sqlite3_stmt_readonly(statement) != 0 else {
            sqlite3_finalize(statement)
            throw SQLiteError(
                code: SQLITE_MISUSE, message: "refused a query that is not exactly one read-only statement")
        }
        return SQLiteStatement(statement, connection: self)
    }

    /// Runs `sql`, a statement that returns no rows (BEGIN, COMMIT).
    func run(_ sql: String) throws(SQLiteError) {
        let statement = try prepare(sql)
        while try statement.step() {}
    }

    /// The message of the connection's last error.
    /// The collation `column` of `table` is declared with (sqlite3_table_column_metadata, which
    /// reads the schema and needs no collation defined); nil when the column cannot be found.
    func collation(table: String, schema: String, column: String) -> String? {
        var collation: UnsafePointer<CChar>?
        let status = sqlite3_table_column_metadata(handle, schema, table, column, nil, &collation, nil, nil, nil)
        guard status == SQLITE_OK, let collation else { return nil }
        return String(cString: collation)
    }

    func error(code: Int32) -> SQLiteError {
        SQLiteError(code: code, connection: handle)
    }

    private static func holdsStatement(_ text: UnsafePointer<CChar>, handle: OpaquePointer) -> Bool {
        var next: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, text, -1, 0, &next, nil)
        defer { sqlite3_finalize(next) }
        return status != SQLITE_OK || next != nil
    }

    /// Registers `traceaudit_instant(x)`: the stored timestamp read as microseconds since the
    /// epoch, or NULL when unreadable, so that SQL can filter and order by the real instant.
    private func registerInstantFunction() throws(SQLiteError) {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
        let status = sqlite3_create_function_v2(
            handle, "traceaudit_instant", 1, flags, nil,
            { context, count, values in
                guard count == 1, let values, let value = values[0],
                    let instant = Instant(sqliteValue: value)
                else { return sqlite3_result_null(context) }
                sqlite3_result_int64(context, instant.microseconds)
            }, nil, nil, nil)
        guard status == SQLITE_OK else { throw SQLiteError(code: status, connection: handle) }
    }
}

/// A connection handle as `sqlite3_interrupt` takes it from another thread; only ever called
/// through the connection's `QueryCanceller`, which is disarmed before the connection closes.
private final class InterruptHandle: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    func interrupt() {
        sqlite3_interrupt(handle)
    }
}

extension Instant {
    /// Reads a SQLite value: INTEGER as Unix seconds, REAL as Unix seconds with a fraction, TEXT in
    /// the accepted forms; NULL, BLOB and anything unreadable give nil.
    @inline(__always)
    init?(sqliteValue value: OpaquePointer) {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER:
            self.init(unixSeconds: sqlite3_value_int64(value))
        case SQLITE_FLOAT:
            self.init(unixSeconds: sqlite3_value_double(value))
        case SQLITE_TEXT:
            guard let text = sqlite3_value_text(value) else { return nil }
            self.init(parsing: UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
        default:
            return nil
        }
    }
}
