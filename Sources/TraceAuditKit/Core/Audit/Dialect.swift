/// The SQL dialects traceaudit speaks.
public enum Dialect: String, Sendable, CaseIterable {
    /// SQLite snapshots, read by libsqlite3 in this process.
    case sqlite
    /// PostgreSQL, read through libpq.
    case postgresql
}
