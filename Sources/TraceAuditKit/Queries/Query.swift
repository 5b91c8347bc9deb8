/// The SQL dialects traceaudit speaks.
public enum Dialect: String, Sendable, CaseIterable {
    /// SQLite snapshots, read by libsqlite3 in this process.
    case sqlite
    /// PostgreSQL, read through libpq.
    case postgresql
}

/// One SQL statement from `Queries/<dialect>/<name>.sql`, compiled into the binary.
///
/// Each file holds exactly one read-only statement; the engines refuse anything else when they
/// prepare it. The token `{{table}}` stands for the audited table, quoted as an identifier.
struct Query: Sendable {
    /// The file's name without `.sql`.
    let name: String
    /// The dialect, which is the file's folder.
    let dialect: Dialect
    /// The file's exact text.
    let text: String

    /// The embedded file `Queries/<dialect>/<name>.sql`.
    ///
    /// A missing file is a build defect, caught by the tests, so it stops the program.
    init(_ name: String, dialect: Dialect) {
        guard let text = EmbeddedQueries.files["\(dialect.rawValue)/\(name).sql"] else {
            preconditionFailure("Queries/\(dialect.rawValue)/\(name).sql is not embedded")
        }
        self.name = name
        self.dialect = dialect
        self.text = text
    }

    /// The statement with `{{table}}` replaced by `table`, quoted.
    func sql(table: TableName) -> String {
        text.split(separator: "{{table}}", omittingEmptySubsequences: false).joined(separator: table.quoted)
    }
}
