import CLibPQ

/// One libpq connection; the only owner of its `PGconn*`, finished with it.
///
/// With an `answerTimeout`, every wait for the server is bounded on the client side too: the
/// socket is polled, never blocked on, and a statement (or a connection attempt) that gets no
/// answer in time throws a `PGError` with `unanswered` set. A partitioned network or a peer that
/// accepts and never answers then ends the audit instead of hanging it.
final class PGConnection {
    private let handle: OpaquePointer
    /// Cancels this connection's running query on a signal; retired before the connection is
    /// finished, so that no cancel request can reach a backend that is no longer this one's.
    private(set) var canceller: QueryCanceller?
    /// The longest a statement or the connection attempt may wait for the server; nil for ever.
    let answerTimeout: Duration?

    /// Connects with libpq's keyword/value arrays (`expand_dbname` on, so a `dbname` value may be a
    /// URL or a keyword string; later keywords override earlier ones); every libpq default (PG*
    /// environment, service file, ~/.pgpass) applies. With `connectDeadline` the attempt is polled
    /// and given up after that long (libpq ignores `connect_timeout` then); without, libpq's
    /// blocking connect applies `connect_timeout` to each host.
    init(
        parameters: [(keyword: String, value: String)], answerTimeout: Duration? = nil, connectDeadline: Duration? = nil
    ) throws(PGError) {
        self.answerTimeout = answerTimeout
        let keywords = parameters.map { OS.cString($0.keyword) } + [nil]
        let values = parameters.map { OS.cString($0.value) } + [nil]
        defer {
            keywords.forEach { OS.release($0) }
            values.forEach { OS.release($0) }
        }
        let connection = keywords.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { keywordArray in
            values.map { $0.map { UnsafePointer<CChar>($0) } }.withUnsafeBufferPointer { valueArray in
                connectDeadline == nil
                    ? PQconnectdbParams(keywordArray.baseAddress, valueArray.baseAddress, 1)
                    : PQconnectStartParams(keywordArray.baseAddress, valueArray.baseAddress, 1)
            }
        }
        guard let connection else { throw PGError(message: "out of memory", connectionLost: true) }
        do throws(PGError) {
            if let connectDeadline {
                try PGConnection.finishConnecting(connection, deadline: .now + connectDeadline)
            }
            guard PQstatus(connection) == CONNECTION_OK else {
                var error = PGError(message: PGError.firstLine(PQerrorMessage(connection).map { String(cString: $0) } ?? ""), connectionLost: true)
                error.passwordAsked = PQconnectionUsedPassword(connection) == 1
                error.passwordMissing = PQconnectionNeedsPassword(connection) == 1
                throw error
            }
        } catch {
            PQfinish(connection)
            throw error
        }
        handle = connection
        // Sends never block; waits for the server are polls with a deadline.
        PQsetnonblocking(connection, 1)
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

    /// The TLS protocol version ("TLSv1.3") when the connection is encrypted, nil when it is not.
    var tlsProtocol: String? {
        guard PQsslInUse(handle) == 1 else { return nil }
        return PQsslAttribute(handle, "protocol").map { String(cString: $0) } ?? "TLS"
    }

    /// The value of a connection option as libpq uses it (PQconninfo), nil when unset.
    func option(_ keyword: String) -> String? {
        guard let options = PQconninfo(handle) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword { return option.pointee.val.map { String(cString: $0) } }
            option += 1
        }
        return nil
    }

    /// Runs one statement with text parameters (NULL for nil) and hands its rows to `read`.
    ///
    /// The extended protocol runs exactly one statement: a text holding two is refused by the server.
    func execute<T>(_ sql: String, _ parameters: [String?] = [], read: (PGRows) throws -> T) throws -> T {
        let started = ContinuousClock.now
        do {
            return try executeTimed(sql, parameters, started: started, read: read)
        } catch var error as PGError {
            error.elapsed = .now - started
            throw error
        }
    }

    private func executeTimed<T>(_ sql: String, _ parameters: [String?], started: ContinuousClock.Instant, read: (PGRows) throws -> T) throws -> T {
        let deadline = answerTimeout.map { started + $0 }
        try send(sql, parameters, deadline: deadline)
        var kept: OpaquePointer?
        var failure: PGError?
        defer { PQclear(kept) }
        while let result = try nextResult(deadline: deadline) {
            let status = PQresultStatus(result)
            if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                PQclear(kept)
                kept = result
            } else {
                if failure == nil { failure = PGError(result: result, connection: handle) }
                PQclear(result)
            }
        }
        if let failure { throw failure }
        guard let kept else { throw PGError(result: nil, connection: handle) }
        return try read(PGRows(result: kept))
    }

    /// Runs one statement in single-row mode, handing each row to `row` as it arrives, so that
    /// memory stays flat however many rows come back.
    ///
    /// `singleRowMode` is off only in the test that checks a result of many rows is still read
    /// whole: libpq falls back to one such result when it cannot switch to single-row mode.
    func stream(
        _ sql: String, _ parameters: [String?] = [], singleRowMode: Bool = true, row: (PGRows) throws -> Void
    ) throws {
        let started = ContinuousClock.now
        do {
            try streamTimed(sql, parameters, singleRowMode: singleRowMode, started: started, row: row)
        } catch var error as PGError {
            error.elapsed = .now - started
            throw error
        }
    }

    private func streamTimed(
        _ sql: String, _ parameters: [String?], singleRowMode: Bool, started: ContinuousClock.Instant, row: (PGRows) throws -> Void
    ) throws {
        let deadline = answerTimeout.map { started + $0 }
        try send(sql, parameters, deadline: deadline, singleRowMode: singleRowMode)
        var failure: Error?
        var cancelled = false
        while let result = try nextResult(deadline: deadline) {
            defer { PQclear(result) }
            if failure != nil {
                // Stop the server's work instead of draining rows nobody will read.
                if !cancelled, let cancel = PQgetCancel(handle) { CancelHandle(cancel).cancel() }
                cancelled = true
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                // In single-row mode the final TUPLES_OK has no rows; without it, it has them all.
                do {
                    for index in 0..<Int(PQntuples(result)) { try row(PGRows(result: result, current: index)) }
                } catch { failure = error }
            case PGRES_COMMAND_OK:
                break
            default:
                failure = PGError(result: result, connection: handle)
            }
        }
        if let failure { throw failure }
    }

    /// Sends a statement and flushes it to the server.
    /// With `singleRowMode` the rows come one result each; libpq allows the switch only right
    /// after the send, before any input is consumed, so it is made here or not at all.
    private func send(
        _ sql: String, _ parameters: [String?], deadline: ContinuousClock.Instant?, singleRowMode: Bool = false
    ) throws(PGError) {
        // A signal that came while connecting or between statements had no query to cancel.
        guard Interruption.shared.receivedSignal == nil else { throw PGError(message: "interrupted by a signal") }
        let sent = withParameters(parameters) { count, values in
            PQsendQueryParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw PGError(result: nil, connection: handle) }
        if singleRowMode, PQsetSingleRowMode(handle) != 1 {
            throw PGError(message: "libpq could not stream the rows one at a time (PQsetSingleRowMode failed)")
        }
        while true {
            let pending = PQflush(handle)
            if pending == 0 { return }
            guard pending == 1 else { throw PGError(result: nil, connection: handle) }
            let ready = try PGConnection.wait(PQsocket(handle), events: OS.writable | OS.readable, deadline: deadline)
            // The server may answer (an error) before it has read everything: take it in.
            if ready & OS.readable != 0, PQconsumeInput(handle) != 1 { throw PGError(result: nil, connection: handle) }
        }
    }

    /// The next result of the statement sent, waiting for the server no later than `deadline`;
    /// nil when the statement is done.
    private func nextResult(deadline: ContinuousClock.Instant?) throws(PGError) -> OpaquePointer? {
        while PQisBusy(handle) == 1 {
            _ = try PGConnection.wait(PQsocket(handle), events: OS.readable, deadline: deadline)
            guard PQconsumeInput(handle) == 1 else { throw PGError(result: nil, connection: handle) }
        }
        return PQgetResult(handle)
    }

    /// Drives an asynchronous connection attempt (PQconnectPoll) to its end, or to the deadline.
    private static func finishConnecting(_ connection: OpaquePointer, deadline: ContinuousClock.Instant) throws(PGError) {
        guard PQstatus(connection) != CONNECTION_BAD else { return }
        var state = PGRES_POLLING_WRITING
        while state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED {
            let events = state == PGRES_POLLING_READING ? OS.readable : OS.writable
            _ = try wait(PQsocket(connection), events: events, deadline: deadline)
            state = PQconnectPoll(connection)
        }
    }

    /// Waits until `socket` is ready for `events` (or has failed); returns the events that came.
    private static func wait(_ socket: Int32, events: Int16, deadline: ContinuousClock.Instant?) throws(PGError) -> Int16 {
        guard socket >= 0 else { throw PGError(message: "the connection to the server is closed", connectionLost: true) }
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let left = deadline - .now
                guard left > .zero else {
                    throw PGError(message: "the server did not answer in time", connectionLost: true, unanswered: true)
                }
                let (seconds, attoseconds) = left.components
                milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            let (ready, came) = OS.poll(socket, events: events, milliseconds: milliseconds)
            if ready > 0 { return came }
            if ready < 0 && OS.lastError != OS.interruptedCall {
                throw PGError(message: "waiting for the server failed: \(OS.lastErrorText)", connectionLost: true)
            }
        }
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
    /// The row that `row: 0` names: a stream hands each row as the first of a view of its result.
    var current = 0

    /// Number of rows.
    var count: Int { Int(PQntuples(result)) - current }

    /// Number of columns.
    var columns: Int { Int(PQnfields(result)) }

    /// The text of a field, nil for NULL.
    func text(row: Int, column: Int) -> String? {
        let row = Int32(current + row)
        guard PQgetisnull(result, row, Int32(column)) == 0, let value = PQgetvalue(result, row, Int32(column))
        else { return nil }
        return String(cString: value)
    }

    /// A field as an integer; nil for NULL or non-numeric text.
    func integer(row: Int, column: Int) -> Int64? {
        text(row: row, column: column).flatMap { Int64($0) }
    }
}
