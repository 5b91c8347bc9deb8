/// Every field of an error the database server sent (PostgreSQL's ErrorResponse, as libpq hands
/// it over): the SQLSTATE classifies, the rest is shown or kept for a program.
public struct ServerError: Equatable, Sendable {
    /// The five-character SQLSTATE (`57014`).
    public var sqlState: String
    /// The primary message, in the server's `lc_messages` language: shown, never matched.
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The 1-based character position in the statement the error points at.
    public var position: Int?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var dataType: String?
    public var constraint: String?

    public init(
        sqlState: String, message: String, detail: String? = nil, hint: String? = nil, position: Int? = nil,
        schema: String? = nil, table: String? = nil, column: String? = nil, dataType: String? = nil, constraint: String? = nil
    ) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        self.schema = schema
        self.table = table
        self.column = column
        self.dataType = dataType
        self.constraint = constraint
    }
}
