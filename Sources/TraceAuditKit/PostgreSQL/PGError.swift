import CLibPQ

/// A failure reported by libpq or the server, with their own message.
struct PGError: Error, Equatable {
    /// The SQLSTATE, when the server sent one (`57014` for a statement timeout, …).
    var sqlState: String?
    /// The primary message: one line, from the server or libpq.
    var message: String
    /// True when the connection itself is gone (refused, reset, server shut down).
    var connectionLost = false

    /// The error carried by `result`, or the connection's when the result has none.
    init(result: OpaquePointer?, connection: OpaquePointer) {
        if let result, let primary = PQresultErrorField(result, PGError.fieldMessagePrimary) {
            message = String(cString: primary)
            sqlState = PQresultErrorField(result, PGError.fieldSQLState).map { String(cString: $0) }
        } else {
            message = PGError.firstLine(PQerrorMessage(connection).map { String(cString: $0) } ?? "")
        }
        connectionLost = PQstatus(connection) != CONNECTION_OK
        if message.isEmpty { message = connectionLost ? "the server closed the connection" : "unknown libpq error" }
    }

    init(sqlState: String? = nil, message: String, connectionLost: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.connectionLost = connectionLost
    }

    // postgres_ext.h's PG_DIAG_* are character macros, which Swift does not import.
    static let fieldSQLState = Int32(UInt8(ascii: "C"))
    static let fieldMessagePrimary = Int32(UInt8(ascii: "M"))

    /// libpq's message up to its first line break, trimmed: its later lines are hints and repeats.
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
