import CLibPQ

/// A failure reported by libpq or the server, with their own message.
struct PGError: Error, Equatable {
    /// The SQLSTATE, when the server sent one (`57014` for a statement timeout, …).
    var sqlState: String?
    /// The primary message: one line, from the server or libpq.
    var message: String
    /// True when the connection itself is gone (refused, reset, server shut down).
    var connectionLost = false
    /// True when the client stopped waiting: the server did not answer within the connection's
    /// `answerTimeout` (a network partition, or a peer that accepts and never answers).
    var unanswered = false

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

    init(sqlState: String? = nil, message: String, connectionLost: Bool = false, unanswered: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.connectionLost = connectionLost
        self.unanswered = unanswered
    }

    /// A duration as people write it: `5 s`, `2.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
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
