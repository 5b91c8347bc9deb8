/// One column of the audited table, as the engine's catalog describes it.
struct TableColumn: Sendable {
    /// The name, lowercased.
    var name: String
    /// The declared type (SQLite) or the formatted type (PostgreSQL).
    var type: String
    /// Whether the audit's role may read it (PostgreSQL column privileges; always true on SQLite).
    var readable = true
    /// PostgreSQL: the type under any domains, formatted (`character varying` for a domain over
    /// varchar(64)); nil on SQLite.
    var baseType: String? = nil
    /// PostgreSQL: the base type's category (`S` for the string types, citext and name included);
    /// nil on SQLite.
    var category: String? = nil
    /// PostgreSQL: the kind of the relation that holds it (pg_class.relkind: `r` table, `v` view,
    /// `m` materialized view, `p` partitioned table, `f` foreign table); nil on SQLite.
    var relationKind: String? = nil

    /// PostgreSQL: whether a trace in this column has the policy's "missing" (NULL or, read as
    /// text, the empty string): the string types, and uuid, which has no empty value. Other types
    /// (jsonb, json, bytea, arrays, enums, numbers) have missing values of their own the policy
    /// does not name (JSON `null` and `""`, an empty bytea), so the audit refuses them rather than count them as
    /// traces. Always true on SQLite, whose values are read as they are stored.
    var holdsTraces: Bool {
        guard let baseType else { return true }
        return category == "S" || baseType == "uuid"
    }
}
