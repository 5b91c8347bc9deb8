/// Where the jobs table lives, as given by `--db`, `$TRACEAUDIT_DB` or `$DATABASE_URL`.
public enum DatabaseTarget: Hashable, Sendable {
    /// A SQLite snapshot file.
    case sqlite(path: String)
    /// A PostgreSQL server: a `postgresql://` URL or a libpq keyword string, handed to libpq as is.
    case postgresql(connection: String)

    /// Classifies `text`: `postgres://` and `postgresql://` URLs and keyword strings (they contain
    /// `=`) are PostgreSQL; anything else is a SQLite path, with an optional `sqlite:` prefix.
    public init(_ text: String) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            self = .postgresql(connection: text)
        } else if lowered.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.contains("=") {
            self = .postgresql(connection: text)
        } else {
            self = .sqlite(path: text)
        }
    }
}
