import CSQLite

extension SQLiteConnection {
    /// The version of the SQLite library the process is running with (sqlite3_libversion()).
    static var libraryVersion: String {
        String(cString: sqlite3_libversion())
    }
}
