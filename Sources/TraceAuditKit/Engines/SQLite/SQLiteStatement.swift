import CSQLite

/// A prepared statement; the only owner of its `sqlite3_stmt*`, finalized with it.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection

    init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to `?1`, `?2`, …
    func bind(_ values: [SQLValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                status = sqlite3_bind_text(handle, index, text, -1, SQLiteStatement.transient)
            case .emptyBlob:
                status = sqlite3_bind_zeroblob(handle, index, 0)
            case .null:
                status = sqlite3_bind_null(handle, index)
            }
            guard status == SQLITE_OK else { throw connection.error(code: status) }
        }
    }

    /// Moves to the next row; false when there is none.
    @inline(__always)
    func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(handle)
        if status == SQLITE_ROW { return true }
        if status == SQLITE_DONE { return false }
        throw connection.error(code: status)
    }

    /// Column `index` read as a timestamp, reusing `cache` for runs of rows on the same date.
    @inline(__always)
    func instant(at index: Int32, cache: inout DateCache) -> Instant? {
        guard sqlite3_column_type(handle, index) == SQLITE_TEXT else { return instant(at: index) }
        guard let text = sqlite3_column_text(handle, index) else { return nil }
        return Instant(parsing: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))), cache: &cache)
    }

    /// Column `index` of the current row read as a timestamp; nil when NULL or unreadable.
    @inline(__always)
    func instant(at index: Int32) -> Instant? {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return Instant(unixSeconds: sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return Instant(unixSeconds: sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return nil }
            return Instant(parsing: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, index))))
        default:
            return nil
        }
    }

    /// Column `index` as a timestamp value: an instant, the stored text when unreadable, nil for NULL.
    func recordedTime(at index: Int32) -> RecordedTime? {
        if let instant = instant(at: index) { return .instant(instant) }
        return text(at: index).map { .unreadable($0) }
    }

    /// Column `index` as an integer (0 for NULL).
    @inline(__always)
    func integer(at index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Column `index` as text, whatever its storage class; nil for NULL. Bytes that are not UTF-8
    /// become U+FFFD.
    func text(at index: Int32) -> String? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        let bytes = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let bytes, count > 0 else { return "" }
        return String(
            decoding: UnsafeRawBufferPointer(start: bytes, count: count).bindMemory(to: UInt8.self), as: UTF8.self)
    }

    /// Counts column `index` of the current row into `counter` by its bytes, as `text(at:)`
    /// reads them, without making a String (the scan calls this once per row).
    @inline(__always)
    func count(textAt index: Int32, into counter: inout TypeCounter) {
        let bytes = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes else {
            // Nothing to read: NULL, or the empty text.
            return sqlite3_column_type(handle, index) == SQLITE_NULL ? counter.countNull() : counter.count(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        counter.count(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
