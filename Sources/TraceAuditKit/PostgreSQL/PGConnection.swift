import CLibPQ

/// One libpq connection; the only owner of its `PGconn*`, finished with it.
final class PGConnection {
    private let handle: OpaquePointer
    /// Cancels this connection's running query on a signal; retired before the connection is
    /// finished, so that no cancel request can reach a backend that is no longer this one's.
    private(set) var canceller: QueryCanceller?

    /// Connects with libpq's keyword/value arrays (`expand_dbname` on, so a `dbname` value may be a
    /// URL or a keyword string); every libpq default (PG* environment, service file, ~/.pgpass) applies.
    init(parameters: [(keyword: String, value: String)]) throws(PGError) {
        let keywords = parameters.map { OS.cString($0.keyword) } + [nil]
        let values = parameters.map { OS.cString($0.value) } + [nil]
        defer {
            keywords.forEach { OS.release($0) }
            values.forEach { OS.release($0) }
        }
        let connection = keywords.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { keywordArray in
            values.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { valueArray in
                PQconnectdbParams(keywordArray.baseAddress, valueArray.baseAddress, 1)
            }
        }
        guard let connection else { throw PGError(message: "out of memory", connectionLost: true) }
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = PGError(
                message: PGError.firstLine(PQerrorMessage(connection).map { String(cString: $0) } ?? ""),
                connectionLost: true)
            PQfinish(connection)
            throw error
        }
        handle = connection
        // The server's notices and warnings ("terminating connection due to …") would otherwise be
        // printed by libpq on standard error; failures reach the user as one line through PGError.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // PQcancel is safe from another thread; the PGcancel is freed after the canceller retires.
        if let cancel = PQgetCancel(connection) {
            let box = CancelHandle(cancel)
            canceller = QueryCanceller.registered { box.cancel() }
        }
    }

    deinit {
        canceller?.retire()
        PQfinish(handle)
    }

    /// The server's user, host, port and database, for showing the target without its password.
    var identity: (user: String, host: String, port: String, database: String) {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        return (text(PQuser(handle)), text(PQhost(handle)), text(PQport(handle)), text(PQdb(handle)))
    }

    /// Runs one statement with text parameters (NULL for nil) and hands its rows to `read`.
    ///
    /// PQexecParams runs exactly one statement: a text holding two is refused by the server.
    func execute<T>(_ sql: String, _ parameters: [String?] = [], read: (PGRows) throws -> T) throws -> T {
        let result = withParameters(parameters) { count, values in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard let result, status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw PGError(result: result, connection: handle)
        }
        return try read(PGRows(result: result))
    }

    /// Runs one statement in single-row mode, handing each row to `row` as it arrives, so that
    /// memory stays flat however many rows come back.
    func stream(_ sql: String, _ parameters: [String?] = [], row: (PGRows) throws -> Void) throws {
        let sent = withParameters(parameters) { count, values in
            PQsendQueryParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw PGError(result: nil, connection: handle) }
        PQsetSingleRowMode(handle)
        var failure: Error?
        var cancelled = false
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if failure != nil {
                // Stop the server's work instead of draining rows nobody will read.
                if !cancelled, let cancel = PQgetCancel(handle) { CancelHandle(cancel).cancel() }
                cancelled = true
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                do { try row(PGRows(result: result)) } catch { failure = error }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                break
            default:
                failure = PGError(result: result, connection: handle)
            }
        }
        if let failure { throw failure }
    }

    private func withParameters<T>(_ parameters: [String?], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = parameters.map { $0.map { OS.cString($0) } ?? nil }
        defer { copies.forEach { OS.release($0) } }
        return copies.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { body(Int32(parameters.count), $0.baseAddress) }
    }
}

/// A `PGcancel*`, which asks the server to cancel the connection's running query.
final class CancelHandle: @unchecked Sendable {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQfreeCancel(handle)
    }

    func cancel() {
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &message, Int32(message.count))
    }
}

/// The rows of a result, valid only inside the closure that receives them.
struct PGRows {
    let result: OpaquePointer

    /// Number of rows.
    var count: Int { Int(PQntuples(result)) }

    /// The text of a field, nil for NULL.
    func text(row: Int, column: Int) -> String? {
        guard PQgetisnull(result, Int32(row), Int32(column)) == 0, let value = PQgetvalue(result, Int32(row), Int32(column))
        else { return nil }
        return String(cString: value)
    }

    /// A field as an integer; nil for NULL or non-numeric text.
    func integer(row: Int, column: Int) -> Int64? {
        text(row: row, column: column).flatMap { Int64($0) }
    }
}
