/// The audited table's name, `table` or `schema.table`, checked so that it can only ever be quoted
/// into SQL as an identifier.
///
/// Each part starts with a letter or `_`, continues with letters, digits, `_` or `$`, and is at most
/// 63 bytes (PostgreSQL's limit). Anything else, such as `jobs; DROP TABLE x` or a quote, is refused.
public struct TableName: Hashable, Sendable, CustomStringConvertible {
    /// The schema (PostgreSQL) or attached database (SQLite), when one was given.
    public let schema: String?
    /// The table itself.
    public let name: String

    /// The policy's table.
    public static let executorJobs = TableName(schema: nil, name: "executor_jobs")

    private init(schema: String?, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Validates `text`, or returns nil when it is not a plain or schema-qualified identifier.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy(TableName.isIdentifier) else { return nil }
        schema = parts.count == 2 ? String(parts[0]) : nil
        name = String(parts[parts.count - 1])
    }

    static func isIdentifier(_ part: Substring) -> Bool {
        guard let first = part.utf8.first, part.utf8.count <= 63 else { return false }
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
        }
        return isLetter(first)
            && part.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) || $0 == 36 }
    }

    /// The schema a name without one means: `public` on PostgreSQL, never the connection's
    /// `search_path` (which a pooled server connection inherits from its last client, and which
    /// looks in `pg_temp` and a schema named after the role first); `main` on SQLite.
    public static func defaultSchema(_ dialect: Dialect) -> String {
        switch dialect {
        case .postgresql: "public"
        case .sqlite: "main"
        }
    }

    /// The name with its schema spelled out: `public.executor_jobs` for `executor_jobs` on
    /// PostgreSQL, `main.executor_jobs` on SQLite; a given schema is kept.
    public func resolved(_ dialect: Dialect) -> TableName {
        TableName(schema: schema ?? TableName.defaultSchema(dialect), name: name)
    }

    /// Whether the schema is a PostgreSQL session's temporary schema (`pg_temp`, `pg_temp_3`,
    /// `pg_toast_temp_3`): another client's table, or one made on a pooled connection.
    public var isTemporarySchema: Bool {
        guard let schema else { return false }
        return schema.hasPrefix("pg_temp") || schema.hasPrefix("pg_toast_temp")
    }

    /// The name as written: `executor_jobs` or `audit.executor_jobs`.
    public var description: String {
        schema.map { $0 + "." + name } ?? name
    }

    /// The name quoted for SQL: `"executor_jobs"` or `"audit"."executor_jobs"`.
    public var quoted: String {
        (schema.map { quote($0) + "." } ?? "") + quote(name)
    }
}

/// `identifier` in double quotes, inner double quotes doubled (the SQL standard's quoting).
func quote(_ identifier: String) -> String {
    "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
}
