import CSQLite
import Dispatch

/// A SQLite snapshot of the jobs table, audited in this process without changing a byte of it.
///
/// The file is opened read-only and never created. A WAL-mode file with no `-wal` beside it is
/// opened as immutable, which needs no `-shm` and so works in a read-only folder; with a `-wal`,
/// SQLite reads it (rows that exist only there count) without checkpointing it.
struct SQLiteSnapshot: AuditSource {
    /// The file's path as given.
    let path: String
    private let connection: SQLiteConnection
    /// The URI the connection opened, for the scan's other threads.
    private let uri: String
    /// Whether other connections may read alongside: no live writer can change what they see.
    private let parallelReadsAgree: Bool

    /// How long to wait for a writer's lock before giving up.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    var display: String { path }
    var dialect: Dialect { .sqlite }

    /// Opens `path`, or explains in one line why it is not a snapshot that can be read.
    init(path: String, temporaryFolder: String = "/tmp") throws(TraceAuditError) {
        self.path = path
        let layout = try SQLiteSnapshot.inspect(path)
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
            throw .cannotCheck("cannot open SQLite snapshot \(path): \(error.message)")
        }
    }

    func withSnapshot<T>(of table: TableName, _ body: () throws -> T) throws(TraceAuditError) -> T {
        do {
            try checkColumns(of: table)
            return try connection.readTransaction(body)
        } catch let error as SQLiteError {
            throw SQLiteSnapshot.describe(error, path: path, table: table)
        } catch let error as TraceAuditError {
            throw error
        } catch {
            throw .cannotCheck("\(path): \(error)")
        }
    }

    /// Names the first column the checks need that `table` lacks, or says the table is missing.
    private func checkColumns(of table: TableName) throws {
        let planned = QueryPlan.columns(table, .sqlite)
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        var columns: Set<String> = []
        while try statement.step() {
            if let name = statement.text(at: 0) { columns.insert(name.lowercased()) }
        }
        guard !columns.isEmpty else {
            throw TraceAuditError.cannotCheck("table \(table) not found in \(path); name the jobs table with --table")
        }
        if let missing = requiredColumns.first(where: { !columns.contains($0) }) {
            throw TraceAuditError.cannotCheck(
                "table \(table) in \(path) has no column \(missing); the audit needs \(requiredColumns.joined(separator: ", "))")
        }
    }

    /// The single scan: SQLite hands over created_at, whether the trace is missing, the type and
    /// the rowid; traceaudit reads the timestamp and aggregates in Swift, which beats SQLite's
    /// sorter, and keeps the newest violations in passing. Large tables are split by rowid between
    /// threads, each with its own read-only connection.
    func scan(_ request: AuditRequest, violationsOnly: Bool) throws -> AuditTally {
        let keep = request.violationLimit
        guard let rowids = try rowidRange(request.policy.table) else {
            return AuditTally(cutoff: request.policy.cutoff, window: request.window, keepingNewest: keep)
        }
        // A windowed scan stays on one connection, where an index on created_at can serve it.
        let threads = parallelReadsAgree && request.window.isOpen && rowids.upperBound - rowids.lowerBound > 200_000
            ? SQLiteSnapshot.threads : 1
        let parts = SQLiteSnapshot.split(rowids, into: threads)
        guard parts.count > 1 else {
            return try SQLiteSnapshot.scan(request, violationsOnly: violationsOnly, rowids: rowids, on: connection)
        }
        let results = ScanResults(count: parts.count)
        let uri = self.uri
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            do {
                let part = try SQLiteConnection(uri: uri, busyTimeoutMilliseconds: SQLiteSnapshot.busyTimeoutMilliseconds)
                results.set(index, .success(try SQLiteSnapshot.scan(request, violationsOnly: violationsOnly, rowids: parts[index], on: part)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        var tally = AuditTally(cutoff: request.policy.cutoff, window: request.window, keepingNewest: keep)
        for result in results.all { tally.merge(try result.get()) }
        return tally
    }

    /// One part of the scan, on one connection.
    private static func scan(
        _ request: AuditRequest, violationsOnly: Bool, rowids: ClosedRange<Int64>, on connection: SQLiteConnection
    ) throws -> AuditTally {
        let planned = QueryPlan.scan(request, violationsOnly: violationsOnly, .sqlite, rowids: rowids)
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        var tally = AuditTally(cutoff: request.policy.cutoff, window: request.window, keepingNewest: request.violationLimit)
        var read = 0
        var dates = DateCache()
        while try statement.step() {
            tally.add(
                createdAt: statement.instant(at: 0, cache: &dates), missingTrace: statement.integer(at: 1) != 0,
                type: statement.text(at: 2), rowid: statement.integer(at: 3))
            read &+= 1
            if read & 0xFFFF == 0 { Progress.rowsRead.add(0x10000, ordering: .relaxed) }
        }
        return tally
    }

    /// The first and last rowid, or nil for an empty table. Reading them takes the read lock that
    /// keeps writers out until the audit's transaction ends.
    private func rowidRange(_ table: TableName) throws -> ClosedRange<Int64>? {
        let statement = try connection.prepare(QueryPlan.rowidRange(table).sql)
        guard try statement.step(), statement.text(at: 0) != nil else { return nil }
        return statement.integer(at: 0)...statement.integer(at: 1)
    }

    /// How many threads a large scan uses: the processors online, at most 4.
    static let threads: Int = min(4, OS.processorCount)

    /// `range` cut into `count` contiguous parts.
    static func split(_ range: ClosedRange<Int64>, into count: Int) -> [ClosedRange<Int64>] {
        guard count > 1 else { return [range] }
        let width = (range.upperBound - range.lowerBound) / Int64(count) + 1
        return (0..<Int64(count)).compactMap { index in
            let low = range.lowerBound + index * width
            guard low <= range.upperBound else { return nil }
            return low...min(range.upperBound, low + width - 1)
        }
    }

    /// The newest violations, newest first: with a limit, those the scan kept, fetched by rowid;
    /// for all of them, SQLite's sorter (which spills to disk, so memory stays flat).
    func violations(_ request: AuditRequest, limit: Int?, after tally: AuditTally, each: (Violation) throws -> Void) throws {
        if let limit, let newest = tally.newest, newest.limit >= limit {
            let rowids = newest.newestFirst.prefix(limit).map(\.rowid)
            return try emit(QueryPlan.violationsByRowid(rowids, table: request.policy.table), each)
        }
        try emit(QueryPlan.violations(request, limit: limit, .sqlite), each)
    }

    private func emit(_ planned: PlannedStatement, _ each: (Violation) throws -> Void) throws {
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

    func jobs(_ ids: [String], table: TableName, each: (FoundJob) throws -> Void) throws {
        let planned = QueryPlan.loggedJobs(ids, table: table, .sqlite)
        let statement = try connection.prepare(planned.sql)
        try statement.bind(planned.parameters)
        while try statement.step() {
            try each(FoundJob(
                id: statement.text(at: 0) ?? "", status: statement.text(at: 1), missingTrace: statement.integer(at: 2) != 0,
                createdAt: statement.instant(at: 3)))
        }
    }

    func doctor(_ request: AuditRequest, now: Instant) throws(TraceAuditError) -> DoctorReport {
        let table = request.policy.table
        return try withSnapshot(of: table) {
            let size = try connection.prepare(PlannedStatement("doctor-table", .sqlite, table: table).sql)
            _ = try size.step()
            let indexStatement = try connection.prepare(PlannedStatement("doctor-indexes", .sqlite).sql)
            try indexStatement.bind([.text(table.name)])
            var indexes: [DoctorReport.Index] = []
            while try indexStatement.step() {
                indexes.append(DoctorReport.Index(name: indexStatement.text(at: 0) ?? "", definition: indexStatement.text(at: 1) ?? ""))
            }
            let plans = try request.doctorPlans(now: now).map { check, planned, violationsOnly in
                let statement = QueryPlan.scan(planned, violationsOnly: violationsOnly, .sqlite)
                let explain = try connection.prepare("EXPLAIN QUERY PLAN " + statement.sql)
                try explain.bind(statement.parameters)
                var lines: [String] = []
                while try explain.step() { lines.append(explain.text(at: 3) ?? "") }
                return DoctorReport.Plan(check: check, lines: lines)
            }
            return DoctorReport(
                engine: .sqlite, target: path, table: table, totalBytes: size.integer(at: 0), tableBytes: nil,
                rowEstimate: size.text(at: 1) == nil ? 0 : size.integer(at: 1), indexes: indexes, plans: plans,
                suggestions: DoctorReport.suggestions(for: table, engine: .sqlite, indexes: indexes))
        }
    }

    /// One line for a person from a SQLite failure.
    static func describe(_ error: SQLiteError, path: String, table: TableName) -> TraceAuditError {
        switch error.primaryCode {
        case SQLITE_NOTADB:
            return .cannotCheck("\(path) is not a SQLite database (\(error.message))")
        case SQLITE_CORRUPT:
            return .cannotCheck("\(path) is damaged: \(error.message); audit an intact copy")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .cannotCheck(
                "\(path) stayed locked by a writer for \(busyTimeoutMilliseconds / 1000) s (\(error.message)); retry, or audit a copy")
        case SQLITE_IOERR:
            return .cannotCheck("cannot read \(path): \(error.message)")
        case SQLITE_INTERRUPT:
            return .interrupted(signal: Interruption.shared.receivedSignal ?? OS.interrupt)
        case SQLITE_ERROR where error.message.contains("no such column: rowid"):
            return .cannotCheck("\(table) in \(path) has no rowid (a view or a WITHOUT ROWID table); traceaudit reads tables")
        case SQLITE_ERROR where error.message.hasPrefix("unknown database"):
            return .cannotCheck("table \(table) not found in \(path): \(error.message)")
        default:
            return .cannotCheck("query on \(path) failed: \(error.message)")
        }
    }
}
