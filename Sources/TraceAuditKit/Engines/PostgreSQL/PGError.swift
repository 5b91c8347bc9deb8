import CLibPQ

/// A failure reported by libpq or the server: every field of the server's error, or libpq's own
/// message, and the facts the client knows (the connection is gone, the server did not answer,
/// how long the statement ran). `PostgresDatabase.failure` classifies it by these, never by text.
struct PGError: Error, Equatable {
    /// Every field the server sent, when it sent an error.
    var server: ServerError?
    /// libpq's own message (one line) when the server sent none.
    var libraryMessage: String?
    /// True when the connection itself is gone (refused, reset, server shut down).
    var connectionLost = false
    /// True when the client stopped waiting: the server did not answer within the connection's
    /// `answerTimeout` (a network partition, or a peer that accepts and never answers).
    var unanswered = false
    /// The server asked for a password during the login (PQconnectionUsedPassword), and whether
    /// none was at hand (PQconnectionNeedsPassword): facts of a failed connection.
    var passwordAsked = false
    var passwordMissing = false
    /// How long the statement ran, from its send to its error, as the client measured it.
    var elapsed: Duration?
    /// The `Query.path` of the statement, once the engine knows it.
    var statement: String?

    /// The SQLSTATE, when the server sent one (`57014` for a cancelled statement, …).
    var sqlState: String? { server?.sqlState }

    /// The server's primary message, or libpq's: shown, never matched.
    var message: String { server?.message ?? libraryMessage ?? "" }

    /// The error carried by `result`, or the connection's when the result has none.
    init(result: OpaquePointer?, connection: OpaquePointer) {
        if let result, let primary = PQresultErrorField(result, PGError.field("M")) {
            func field(_ code: Character) -> String? {
                PQresultErrorField(result, PGError.field(code)).map { String(cString: $0) }
            }
            server = ServerError(
                sqlState: field("C") ?? "XX000", message: String(cString: primary), detail: field("D"), hint: field("H"),
                position: field("P").flatMap { Int($0) }, schema: field("s"), table: field("t"), column: field("c"),
                dataType: field("d"), constraint: field("n"))
        } else {
            libraryMessage = PGError.firstLine(PQerrorMessage(connection).map { String(cString: $0) } ?? "")
        }
        connectionLost = PQstatus(connection) != CONNECTION_OK
        if message.isEmpty { libraryMessage = connectionLost ? "the server closed the connection" : "unknown libpq error" }
    }

    /// A failure the client itself found, in its own words.
    init(message: String, connectionLost: Bool = false, unanswered: Bool = false) {
        libraryMessage = message
        self.connectionLost = connectionLost
        self.unanswered = unanswered
    }

    /// A server error, for tests.
    init(sqlState: String, message: String, connectionLost: Bool = false) {
        server = ServerError(sqlState: sqlState, message: message)
        self.connectionLost = connectionLost
    }

    // postgres_ext.h's PG_DIAG_* are character macros, which Swift does not import.
    static func field(_ code: Character) -> Int32 { Int32(code.asciiValue ?? 0) }

    /// libpq's message up to its first line break, trimmed: its later lines are hints and repeats.
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
