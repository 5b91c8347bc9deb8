/// One SQL statement from `Queries/<dialect>/<name>.sql`, compiled into the binary.
///
/// The build plugin makes one constant per file (`Query.SQLite.scanWindow` for
/// `Queries/sqlite/scan-window.sql`), so a query the code names and the folder lacks does not
/// compile. Each file holds exactly one read-only statement; the engines refuse anything else when
/// they prepare it. The token `{{table}}` stands for the audited table, schema-qualified (see
/// `TableName.resolved`) and quoted as identifiers;
/// in SQLite queries `{{rowid}}` stands for the name of the table's rowid (see `RowAccess`);
/// `{{updated_at}}` and `{{correlation_id}}` stand for those columns, or NULL when the table lacks
/// them (the policy does not need them); `{{policy_jobs}}` stands for the statement of
/// `Queries/sqlite/policy-jobs.sql`, which the policy's own queries share (see `QueryPlan.policy`).
struct Query: Sendable {
    /// The file's name without `.sql`.
    let name: String
    /// The dialect, which is the file's folder.
    let dialect: Dialect
    /// The file's exact text.
    let text: String

    /// Where the query comes from, as `traceaudit sql` names it.
    var path: String { "Queries/\(dialect.rawValue)/\(name).sql" }

    /// The statement with `{{table}}` replaced by `table`, quoted, `{{rowid}}` by `rowid`'s name,
    /// and each optional column's token by the column, or NULL when `columns` lacks it.
    func sql(table: TableName, rowid: RowAccess = .plainRowid, columns: JobColumns = .all) -> String {
        text.replacingAll("{{policy_jobs}}", with: QueryPlan.policyJobs)
            .replacingAll("{{updated_at}}", with: columns.updatedAt ? "updated_at" : "NULL")
            .replacingAll("{{correlation_id}}", with: columns.correlationId ? "correlation_id" : "NULL")
            .replacingAll("{{table}}", with: table.resolved(dialect).quoted)
            .replacingAll("{{rowid}}", with: rowid.sql)
    }
}
