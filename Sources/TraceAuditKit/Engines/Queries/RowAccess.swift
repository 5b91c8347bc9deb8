/// How a SQLite scan reaches the audited table's rows, decided from the table's schema before the
/// scan and carried by the plan, so that `traceaudit sql` lists what runs.
enum RowAccess: Hashable, Sendable {
    /// By the rowid, under `alias`: the first of `rowid`, `oid` and `_rowid_` that no user column
    /// takes (a user column of that name holds its own values, not the rowid). The scan is split
    /// by rowid range between threads, and the newest violations are read back by rowid.
    case rowid(alias: String)
    /// Without a rowid: a view, a WITHOUT ROWID or virtual table, or a table whose user columns
    /// take all three names. One scan reads the whole table on the audit's one connection, in its
    /// read transaction; the violation rows are read by the violations query.
    case wholeTable

    /// An ordinary table's.
    static let plainRowid = RowAccess.rowid(alias: "rowid")

    /// The names SQLite gives the rowid, in the order they are tried.
    static let aliases = ["rowid", "oid", "_rowid_"]

    /// The access for a table of `kind` (pragma_table_list's type) whose columns are `columns`
    /// (lowercased).
    init(kind: String, withoutRowid: Bool, columns: some Collection<String>) {
        guard kind.lowercased() == "table" || kind.lowercased() == "shadow", !withoutRowid,
            let alias = RowAccess.aliases.first(where: { !columns.contains($0) })
        else {
            self = .wholeTable
            return
        }
        self = .rowid(alias: alias)
    }

    /// The rowid's name in SQL, NULL when the table is read without it.
    var sql: String {
        switch self {
        case .rowid(let alias): return alias
        case .wholeTable: return "NULL"
        }
    }
}
