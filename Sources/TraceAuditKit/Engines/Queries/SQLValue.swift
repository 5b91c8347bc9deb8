/// A value bound to a statement's parameter.
enum SQLValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case null
    /// An empty BLOB: in SQLite's order it sorts after every number and text.
    case emptyBlob

    /// The value as PostgreSQL's text format receives it (nil for NULL).
    var postgresText: String? {
        switch self {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .null, .emptyBlob: return nil
        }
    }

    /// The value as a SQL literal that both dialects read as the bound value would be: text in
    /// single quotes (quotes doubled; a backslash is literal in standard strings), or a number.
    var literal: String {
        switch self {
        case .text(let text): return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
        case .integer(let number): return String(number)
        case .null: return "NULL"
        case .emptyBlob: return "X''"
        }
    }
}
