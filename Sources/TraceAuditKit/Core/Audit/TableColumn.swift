/// One column of the audited table, as the engine's catalog describes it.
struct TableColumn: Sendable {
    /// The name, lowercased.
    var name: String
    /// The declared type (SQLite) or the formatted type (PostgreSQL).
    var type: String
    /// Whether the audit's role may read it (PostgreSQL column privileges; always true on SQLite).
    var readable = true
}
