import CSQLite

/// A failure reported by libsqlite3, with SQLite's own message.
struct SQLiteError: Error, Equatable {
    /// The extended result code.
    let code: Int32
    /// SQLite's message (`sqlite3_errmsg`) or traceaudit's, when SQLite has none.
    let message: String

    /// The error that `handle` last reported.
    init(code: Int32, connection handle: OpaquePointer?) {
        self.code = code
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
    }

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The primary result code (`SQLITE_BUSY` for `SQLITE_BUSY_SNAPSHOT`, …).
    var primaryCode: Int32 { code & 0xFF }
}
