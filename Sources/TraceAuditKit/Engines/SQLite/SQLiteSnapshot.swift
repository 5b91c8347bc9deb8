import CSQLite
import Dispatch

/// A SQLite snapshot of the jobs table, audited in this process without changing a byte of it.
///
/// The file is opened read-only and never created. A WAL-mode file with no `-wal` beside it is
/// opened as immutable, which needs no `-shm` and so works in a read-only folder; with a `-wal`,
/// SQLite reads it (rows that exist only there count) without checkpointing it.
struct SQLiteSnapshot: AuditEngine {
    /// The file's path as given.
    let path: String
    private let connection: SQLiteConnection
    /// The URI the connection opened, for the scan's other threads.
    private let uri: String
    /// Whether other connections may read alongside: no live writer can change what they see.
    private let parallelReadsAgree: Bool
    /// Told of the rows read, in blocks of `SQLiteSnapshot.rowsPerReport`, while a scan runs (the
    /// progress line); the scan's threads call it concurrently.
    private let rowsRead: @Sendable (Int) -> Void

    /// How many rows a scan reads between two calls of `rowsRead` (a power of two: a mask tests it).
    static let rowsPerReport = 0x10000

    /// How long to wait for a writer's lock before giving up.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    var display: String { path }
    var dialect: Dialect { .sqlite }

    /// Opens `path`, or explains in one line why it is not a snapshot that can be read.
    init(path: String, temporaryFolder: String = "/tmp", rowsRead: @escaping @Sendable (Int) -> Void = { _ in }) throws(TraceAuditError) {
        self.path = path
        self.rowsRead = rowsRead
        let layout = try SQLiteSnapshot.inspect(path)
        // An immutable open ignores the journal and would read the pages the writer left half-changed.
        if layout.isWAL && !layout.hasWAL && layout.hasHotJournal { throw .failed(.local(.snapshot, SQLiteSnapshot.hotJournal(path), target: path)) }
        let copy = layout.hasWAL && !layout.hasSHM ? try PrivateCopy(of: path, temporaryFolder: temporaryFolder) : nil
        let uri = SQLiteSnapshot.uri(for: copy?.path ?? path, immutable: layout.isWAL && !layout.hasWAL)
        self.uri = uri
        // With a live -wal a writer may commit between two connections' reads; elsewhere the
        // audit's read transaction (rollback journal) or immutability keeps every reader on the
        // same rows.
        parallelReadsAgree = !layout.hasWAL || copy != nil
        do {
            connection = try SQLiteConnection(
                uri: uri, busyTimeoutMilliseconds: SQLiteSnapshot.busyTimeoutMilliseconds, files: copy)
        } catch {
            throw .failed(Failure(.snapshot, target: path, reason: error.message, context: "cannot open SQLite snapshot \(path)"))
        }
    }

    /// `opening` is the plan's read transaction (BEGIN), so that all its statements on this
    /// connection see the same rows; a failure rolls it back.
    func withConsistentRead<T>(opening: [PlannedStatement], closing: [PlannedStatement], _ body: () throws -> T) throws -> T {
        for statement in opening { try connection.run(statement.sql) }
        do {
            let result = try body()
            for statement in closing { try connection.run(statement.sql) }
            return result
        } catch {
            try? connection.run(QueryPlan.sqliteRollback.sql)
            throw error
        }
    }

    func columns(_ statement: PlannedStatement) throws -> [TableColumn] {
        let prepared = try connection.prepare(statement.sql)
        try prepared.bind(statement.parameters)
        var columns: [TableColumn] = []
        while try prepared.step() {
            if let name = prepared.text(at: 0) { columns.append(TableColumn(name: name.lowercased(), type: prepared.text(at: 1) ?? "")) }
        }
        return columns
    }

    /// A snapshot is never a standby.
    func standby(_ statement: PlannedStatement) throws -> Standby? { nil }

    func tableKind(_ statement: PlannedStatement) throws -> TableKind? {
        let prepared = try connection.prepare(statement.sql)
        try prepared.bind(statement.parameters)
        guard try prepared.step() else { return nil }
        return TableKind(type: prepared.text(at: 0) ?? "", withoutRowid: prepared.integer(at: 1) != 0)
    }

    /// The single scan: SQLite hands over created_at, whether the trace is missing, the type and
    /// the rowid; traceaudit reads the timestamp and aggregates in Swift, which beats SQLite's
    /// sorter, and keeps the newest violations in passing. Large tables are split by rowid between
    /// threads, each with its own read-only connection; a table without a rowid is read whole on
    /// this connection.
    func scan(_ plan: AuditPlan) throws -> AuditTally {
        let request = plan.request
        let keep = request.violationLimit
        guard let rowidRange = plan.rowidRange else { return try SQLiteSnapshot.scan(plan, rowids: .min ... .max, on: connection, rowsRead: rowsRead) }
        guard let rowids = try rowids(rowidRange) else {
            var empty = AuditTally(cutoff: request.policy.cutoff, window: request.window, keepingNewest: keep, keepingUndated: plan.undatedLimit ?? .max)
            empty.readiness = plan.readiness.map { ReadinessTally(cutoff: request.policy.cutoff, scope: $0) }
            return empty
        }
        let threads = parallelReadsAgree && SQLiteSnapshot.span(of: rowids) > 200_000
            ? SQLiteSnapshot.threads : 1
        let parts = SQLiteSnapshot.split(rowids, into: threads)
        guard parts.count > 1 else {
            return try SQLiteSnapshot.scan(plan, rowids: rowids, on: connection, rowsRead: rowsRead)
        }
        let results = ScanResults(count: parts.count)
        let uri = self.uri
        let rowsRead = self.rowsRead
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            do {
                let part = try SQLiteConnection(uri: uri, busyTimeoutMilliseconds: SQLiteSnapshot.busyTimeoutMilliseconds)
                results.set(index, .success(try SQLiteSnapshot.scan(plan, rowids: parts[index], on: part, rowsRead: rowsRead)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        var tally = AuditTally(cutoff: request.policy.cutoff, window: request.window, keepingNewest: keep, keepingUndated: plan.undatedLimit ?? .max)
        tally.readiness = plan.readiness.map { ReadinessTally(cutoff: request.policy.cutoff, scope: $0) }
        for result in results.all { tally.merge(try result.get()) }
        return tally
    }

    /// One part of the scan, on one connection.
    private static func scan(
        _ plan: AuditPlan, rowids: ClosedRange<Int64>, on connection: SQLiteConnection, rowsRead: @Sendable (Int) -> Void
    ) throws -> AuditTally {
        let request = plan.request
        let planned = plan.scan(rowids: rowids)
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        var tally = AuditTally(
            cutoff: request.policy.cutoff, window: request.window, keepingNewest: request.violationLimit,
            keepingUndated: plan.undatedLimit ?? .max)
        var read = 0
        var dates = DateCache()
        if let scope = plan.readiness {
            var readiness = ReadinessTally(cutoff: request.policy.cutoff, scope: scope)
            var updates = DateCache()
            while try statement.step() {
                readiness.add(
                    createdAt: statement.instant(at: 0, cache: &dates), updatedAt: statement.instant(at: 1, cache: &updates),
                    missingTrace: statement.integer(at: 2) != 0, type: statement.text(at: 3))
                read &+= 1
                if read & (rowsPerReport - 1) == 0 { rowsRead(rowsPerReport) }
            }
            tally.readiness = readiness
            return tally
        }
        var types = TypeCounter()
        while try statement.step() {
            let current = tally.add(
                createdAt: statement.instant(at: 0, cache: &dates), missingTrace: statement.integer(at: 1) != 0,
                type: statement.text(at: 2), rowid: statement.integer(at: 3))
            if current { statement.count(textAt: 2, into: &types) }
            read &+= 1
            if read & (rowsPerReport - 1) == 0 { rowsRead(rowsPerReport) }
        }
        for (type, count) in types.byType { tally.addSucceeded(type: type, count: count) }
        return tally
    }

    /// The first and last rowid, or nil for an empty table. Reading them takes the read lock that
    /// keeps writers out until the audit's transaction ends.
    private func rowids(_ range: PlannedStatement) throws -> ClosedRange<Int64>? {
        let statement = try connection.prepare(range.sql)
        guard try statement.step(), statement.text(at: 0) != nil else { return nil }
        return statement.integer(at: 0)...statement.integer(at: 1)
    }

    /// How many threads a large scan uses: the processors online, at most 4.
    static let threads: Int = min(4, OS.processorCount)

    /// `range` cut into at most `count` contiguous parts that cover it exactly. Any range of Int64
    /// works: the width is reckoned in UInt64, so rowids at both ends of Int64 cannot overflow.
    static func split(_ range: ClosedRange<Int64>, into count: Int) -> [ClosedRange<Int64>] {
        let span = span(of: range)
        guard count > 1, span > 0 else { return [range] }
        let parts = UInt64(count)
        // span / parts + 1 parts of this width reach past span, and the width is at most 2^63.
        let width = span / parts + 1
        var result: [ClosedRange<Int64>] = []
        var offset: UInt64 = 0
        while true {
            let low = range.lowerBound &+ Int64(bitPattern: offset)
            guard span - offset >= width else {
                result.append(low...range.upperBound)
                return result
            }
            result.append(low...(low &+ Int64(bitPattern: width - 1)))
            offset += width
        }
    }

    /// The number of rowids in `range` minus one, which fits in UInt64 for every range.
    static func span(of range: ClosedRange<Int64>) -> UInt64 {
        UInt64(bitPattern: range.upperBound &- range.lowerBound)
    }

    func rows(_ planned: PlannedStatement, each: (Violation) throws -> Void) throws {
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        while try statement.step() {
            guard let createdAt = Instant(microseconds: statement.integer(at: 6)) else { continue }
            try each(
                Violation(
                    id: statement.text(at: 0), type: statement.text(at: 1), createdAt: createdAt,
                    updatedAt: statement.recordedTime(at: 3), correlationId: statement.text(at: 4),
                    traceId: statement.text(at: 5)))
        }
    }

    func ids(_ planned: PlannedStatement, each: (String?) throws -> Void) throws {
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        while try statement.step() { try each(statement.text(at: 0)) }
    }

    func jobs(_ planned: PlannedStatement, each: (FoundJob) throws -> Void) throws {
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        while try statement.step() {
            try each(FoundJob(
                id: statement.text(at: 0) ?? "", status: statement.text(at: 1), missingTrace: statement.integer(at: 2) != 0,
                createdAt: statement.instant(at: 3)))
        }
    }

    func size(_ planned: PlannedStatement) throws -> DoctorReport.Size {
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        _ = try statement.step()
        let highestRowid: Int64? = statement.text(at: 1) == nil ? nil : statement.integer(at: 1)
        let isEmpty = statement.integer(at: 2) == 0
        return DoctorReport.Size(totalBytes: statement.integer(at: 0), tableBytes: nil, rowEstimate: isEmpty ? 0 : highestRowid)
    }

    /// SQLite has no partitioned tables.
    func partitions(_ planned: PlannedStatement) throws -> [DoctorReport.Partition] { [] }

    func indexes(_ planned: PlannedStatement) throws -> [DoctorReport.Index] {
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        var indexes: [DoctorReport.Index] = []
        while try statement.step() {
            indexes.append(DoctorReport.Index(name: statement.text(at: 0) ?? "", definition: statement.text(at: 1) ?? ""))
        }
        return indexes
    }

    func explain(_ planned: PlannedStatement) throws -> [String] {
        let statement = try connection.prepare(planned.explained.sql)
        try statement.bind(planned.parameters)
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(at: 3) ?? "") }
        return lines
    }

    func describe(_ error: any Error, table: TableName) -> TraceAuditError {
        guard let error = error as? SQLiteError else { return .failed(Failure(.query, target: path, table: table.description, reason: "\(error)")) }
        return describe(error, table: table)
    }

    /// SQLITE_READONLY_ROLLBACK: a hot journal that a read-only connection cannot roll back.
    static let readonlyRollback: Int32 = SQLITE_READONLY | (3 << 8)

    /// What a hot rollback journal beside `path` is, and how to recover it.
    static func hotJournal(_ path: String) -> String {
        "\(path) has a hot rollback journal (\(path)-journal) left by a writer that stopped mid-transaction, which a read-only"
            + " audit cannot roll back; let a writer open the file to recover it, or copy both files together,"
            + " open the copy once with sqlite3 and audit the copy"
    }

    /// A SQLite failure as a value, by its result code and the schema's facts, never its message.
    func describe(_ error: SQLiteError, table: TableName) -> TraceAuditError {
        func failure(_ kind: Failure.Kind, _ sentence: String? = nil) -> TraceAuditError {
            .failed(Failure(kind, target: path, table: table.description, reason: sentence ?? error.message))
        }
        switch error.primaryCode {
        case SQLITE_NOTADB:
            return failure(.snapshot, "\(path) is not a SQLite database (\(error.message))")
        case SQLITE_CORRUPT:
            return failure(.snapshot, "\(path) is damaged: \(error.message); audit an intact copy")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return failure(.snapshot, "\(path) stayed locked by a writer for \(SQLiteSnapshot.busyTimeoutMilliseconds / 1000) s (\(error.message)); retry, or audit a copy")
        case SQLITE_IOERR:
            return failure(.snapshot, "cannot read \(path): \(error.message)")
        case SQLITE_READONLY where error.code == SQLiteSnapshot.readonlyRollback:
            return failure(.snapshot, SQLiteSnapshot.hotJournal(path))
        case SQLITE_INTERRUPT:
            return .interrupted(signal: Interruption.shared.receivedSignal ?? OS.interrupt)
        case SQLITE_ERROR where !["main", "temp"].contains((table.schema ?? "main").lowercased()):
            // Only the snapshot itself is open: another schema is no database here.
            return failure(.schema(.missingTable))
        case SQLITE_ERROR:
            if let collation = undefinedCollation(table) { return failure(.schema(.collation(collation))) }
            return failure(.query)
        default:
            return failure(.query)
        }
    }

    /// The first collation a column the audit reads is declared with that SQLite does not define
    /// itself (only the program that wrote the file does).
    private func undefinedCollation(_ table: TableName) -> String? {
        let builtIn: Set<String> = ["BINARY", "NOCASE", "RTRIM"]
        for column in JobColumns.required + ["updated_at", "correlation_id"] {
            if let collation = connection.collation(table: table.name, schema: table.schema ?? "main", column: column),
                !builtIn.contains(collation.uppercased())
            {
                return collation
            }
        }
        return nil
    }
}
