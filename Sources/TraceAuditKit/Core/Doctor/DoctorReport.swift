/// `traceaudit doctor`: how big the table is, which indexes it has, which index would make which
/// check cheap (the exact DDL, with the tool's own predicate), and whether the engine's current
/// plans use them. It reads the catalog and plans queries; it never creates anything.
public struct DoctorReport: Sendable {
    /// An index the table has.
    public struct Index: Sendable {
        public var name: String
        public var definition: String
        public var bytes: Int64?
    }

    /// How the engine would run one of the checks.
    public struct Plan: Sendable {
        /// What is planned: "check (every check)", "check --since 1d", "violations".
        public var check: String
        /// The engine's plan, one line per node.
        public var lines: [String]
        /// Whether any node reads an index.
        public var usesIndex: Bool { lines.contains { $0.contains("Index") || $0.contains("INDEX") } }
    }

    /// An index traceaudit would use, and whether the table has it.
    public struct Suggestion: Sendable {
        public var purpose: String
        public var ddl: String
        public var present: Bool
    }

    /// How big the table is.
    public struct Size: Sendable {
        /// Bytes on disk: the table with its indexes (PostgreSQL) or the whole file (SQLite).
        public var totalBytes: Int64?
        /// The table alone (PostgreSQL).
        public var tableBytes: Int64?
        /// Rows, as the planner estimates them (PostgreSQL) or the highest rowid (SQLite).
        public var rowEstimate: Int64?
        /// A PostgreSQL partitioned table: the sizes and the estimate are its partitions' sums.
        public var partitioned = false
    }

    /// One partition of a partitioned table, with its own size and indexes.
    public struct Partition: Sendable {
        /// The partition's name, schema-qualified unless it is on the search_path.
        public var name: String
        /// Its bounds: `FOR VALUES FROM (…) TO (…)` or `DEFAULT`.
        public var bound: String
        public var size: Size
        public var indexes: [Index]
    }

    public var engine: Dialect
    public var target: String
    public var table: TableName
    /// On a hot standby, how fresh the data is; nil on a primary or a snapshot.
    public var standby: Standby?
    public var size: Size
    /// The partitions of a partitioned table, in order; empty for any other table.
    public var partitions: [Partition] = []
    /// Bytes on disk: the table with its indexes (PostgreSQL) or the whole file (SQLite).
    public var totalBytes: Int64? { size.totalBytes }
    /// The table alone (PostgreSQL).
    public var tableBytes: Int64? { size.tableBytes }
    /// Rows, as the planner estimates them (PostgreSQL) or the highest rowid (SQLite).
    public var rowEstimate: Int64? { size.rowEstimate }
    public var indexes: [Index]
    public var plans: [Plan]
    public var suggestions: [Suggestion]

    /// The indexes traceaudit's queries can use, written for `table`, each marked present when an
    /// index of the table already leads with created_at (and, for the second, has the tool's
    /// missing-trace predicate).
    /// On a partitioned table the DDL is for the parent (PostgreSQL cannot build it CONCURRENTLY
    /// there; it creates the index on every partition, blocking writes to each while it builds).
    static func suggestions(for table: TableName, engine: Dialect, indexes: [Index], partitioned: Bool = false) -> [Suggestion] {
        let concurrently = engine == .postgresql && !partitioned ? "CONCURRENTLY " : ""
        let name = table.name
        // SQLite names the schema on the index, never on the table it is ON.
        let schema = table.schema.flatMap { engine == .sqlite && $0 != "main" ? quote($0) + "." : nil } ?? ""
        let target = engine == .sqlite ? quote(name) : table.quoted
        let leadsWithCreatedAt = { (index: Index) in
            index.definition.replacingAll("\"", with: "").lowercased().contains("(created_at")
        }
        let missingPredicate = engine == .postgresql
            ? "status = 'succeeded' AND (trace_id IS NULL OR trace_id::text = '')"
            : "status = 'succeeded' AND (trace_id IS NULL OR trace_id = '')"
        return [
            Suggestion(
                purpose: "--since/--until, daily --days and logs cross-checks read only their window of created_at",
                ddl: "CREATE INDEX \(concurrently)\(schema)\(quote(name + "_created_at")) ON \(target) (created_at);",
                present: indexes.contains(where: leadsWithCreatedAt)),
            Suggestion(
                purpose: "violations (and its rows) read only the succeeded jobs without a trace, and windowed reports the first violation before their window",
                ddl: "CREATE INDEX \(concurrently)\(schema)\(quote(name + "_missing_trace")) ON \(target) (created_at) WHERE \(missingPredicate);",
                present: indexes.contains { leadsWithCreatedAt($0) && $0.definition.lowercased().contains("trace_id is null") }),
        ]
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
