/// A statement as it will run: the SQL from Queries/ with the table quoted in, and its parameters.
struct PlannedStatement: Sendable {
    /// The query file it comes from.
    let query: Query
    /// The statement's text, with `?N`/`$N` placeholders.
    let sql: String
    /// `?1`/`$1` onwards.
    let parameters: [SQLValue]

    init(
        _ query: Query, table: TableName? = nil, rowid: RowAccess = .plainRowid, columns: JobColumns = .all,
        _ parameters: [SQLValue] = []
    ) {
        self.query = query
        sql = table.map { query.sql(table: $0, rowid: rowid, columns: columns) } ?? query.text
        self.parameters = parameters
    }

    private init(query: Query, sql: String, parameters: [SQLValue]) {
        self.query = query
        self.sql = sql
        self.parameters = parameters
    }

    /// Doctor's view of the statement's plan, with nothing run: `EXPLAIN` before it on PostgreSQL
    /// (without ANALYZE), `EXPLAIN QUERY PLAN` on SQLite. The one SQL text not from Queries/.
    var explained: PlannedStatement {
        let prefix = query.dialect == .postgresql ? "EXPLAIN " : "EXPLAIN QUERY PLAN "
        return PlannedStatement(query: query, sql: prefix + sql, parameters: parameters)
    }

    /// The parameters in PostgreSQL's text format.
    var postgresParameters: [String?] { parameters.map(\.postgresText) }

    /// The statement with every placeholder replaced by its parameter as a literal, as `psql` or
    /// `sqlite3` can run it. Placeholders inside quotes, identifiers and comments are left alone.
    var inlined: String {
        var out = ""
        var characters = sql.unicodeScalars[...]
        while let character = characters.popFirst() {
            switch character {
            case "'", "\"":
                out.unicodeScalars.append(character)
                while let next = characters.popFirst() {
                    out.unicodeScalars.append(next)
                    if next == character { break }
                }
            case "-" where characters.first == "-":
                out.unicodeScalars.append(character)
                while let next = characters.popFirst() {
                    out.unicodeScalars.append(next)
                    if next == "\n" { break }
                }
            case "?", "$":
                let digits = characters.prefix { ("0"..."9").contains($0) }
                if let number = Int(String(String.UnicodeScalarView(digits))), number >= 1, number <= parameters.count {
                    characters = characters.dropFirst(digits.count)
                    out += parameters[number - 1].literal
                } else {
                    out.unicodeScalars.append(character)
                }
            default:
                out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
