#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

/// A SQLite snapshot of the jobs table, audited in this process without changing a byte of it.
///
/// The file is opened read-only and never created. A WAL-mode file with no `-wal` beside it is
/// opened as immutable, which needs no `-shm` and so works in a read-only folder; with a `-wal`,
/// SQLite reads it (rows that exist only there count) without checkpointing it.
struct SQLiteSnapshot: AuditSource {
    /// The file's path as given.
    let path: String
    private let connection: SQLiteConnection

    /// How long to wait for a writer's lock before giving up.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    /// Opens `path`, or explains in one line why it is not a snapshot that can be read.
    init(path: String, temporaryFolder: String = "/tmp") throws(TraceAuditError) {
        self.path = path
        let layout = try SQLiteSnapshot.inspect(path)
        let copy = layout.hasWAL && !layout.hasSHM ? try PrivateCopy(of: path, temporaryFolder: temporaryFolder) : nil
        let uri = SQLiteSnapshot.uri(for: copy?.path ?? path, immutable: layout.isWAL && !layout.hasWAL)
        do {
            connection = try SQLiteConnection(
                uri: uri, busyTimeoutMilliseconds: SQLiteSnapshot.busyTimeoutMilliseconds, files: copy)
        } catch {
            throw .cannotCheck("cannot open SQLite snapshot \(path): \(error.message)")
        }
    }

    func audit(_ request: AuditRequest) throws(TraceAuditError) -> AuditReport {
        let policy = request.policy
        do {
            try checkColumns(of: policy.table)
            return try connection.readTransaction { () throws(SQLiteError) in
                let tally = try scan(policy)
                let distribution = tally.distribution
                var violations: [Violation] = []
                if distribution.missingTrace > 0 && request.violationLimit != 0 {
                    violations = try violationRows(policy, limit: request.violationLimit)
                }
                return AuditReport(
                    policy: policy, violationCount: distribution.missingTrace, violations: violations,
                    legacy: tally.legacy, distribution: distribution, daily: tally.daily, undated: tally.undated)
            }
        } catch let error as SQLiteError {
            throw SQLiteSnapshot.describe(error, path: path, table: policy.table)
        } catch let error as TraceAuditError {
            throw error
        } catch {
            throw .cannotCheck("\(path): \(error)")
        }
    }

    /// Names the first column the checks need that `table` lacks, or says the table is missing.
    private func checkColumns(of table: TableName) throws -> Void {
        let statement = try connection.prepare(Query("columns", dialect: .sqlite).text)
        try statement.bind([.text(table.name), .text(table.schema ?? "main")])
        var columns: Set<String> = []
        while try statement.step() {
            if let name = statement.text(at: 0) { columns.insert(name.lowercased()) }
        }
        guard !columns.isEmpty else {
            throw TraceAuditError.cannotCheck(
                "table \(table) not found in \(path); name the jobs table with --table")
        }
        if let missing = requiredColumns.first(where: { !columns.contains($0) }) {
            throw TraceAuditError.cannotCheck(
                "table \(table) in \(path) has no column \(missing); the audit needs \(requiredColumns.joined(separator: ", "))")
        }
    }

    /// The single scan behind legacy, distribution, daily, undated and the violation count.
    private func scan(_ policy: Policy) throws(SQLiteError) -> AuditTally {
        let statement = try connection.prepare(Query("scan", dialect: .sqlite).sql(table: policy.table))
        try statement.bind([.text(policy.succeededStatus)])
        var tally = AuditTally(cutoff: policy.cutoff)
        while try statement.step() {
            tally.add(createdAt: statement.instant(at: 0), missingTrace: statement.integer(at: 1) != 0)
        }
        return tally
    }

    /// The newest violations, newest first; the engine's bounded sorter keeps memory flat.
    private func violationRows(_ policy: Policy, limit: Int?) throws(SQLiteError) -> [Violation] {
        let statement = try connection.prepare(Query("violations", dialect: .sqlite).sql(table: policy.table))
        try statement.bind([
            .text(policy.succeededStatus), .integer(policy.cutoff.microseconds), .integer(Int64(limit ?? -1)),
        ])
        var rows: [Violation] = []
        while try statement.step() {
            guard let createdAt = Instant(microseconds: statement.integer(at: 6)) else { continue }
            rows.append(
                Violation(
                    id: statement.text(at: 0) ?? "", type: statement.text(at: 1), createdAt: createdAt,
                    updatedAt: statement.recordedTime(at: 3), correlationId: statement.text(at: 4),
                    traceId: statement.text(at: 5)))
        }
        return rows
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
        case SQLITE_ERROR where error.message.hasPrefix("unknown database"):
            return .cannotCheck("table \(table) not found in \(path): \(error.message)")
        default:
            return .cannotCheck("query on \(path) failed: \(error.message)")
        }
    }
}

extension SQLiteSnapshot {
    /// What the file and its neighbours look like before SQLite opens it.
    struct Layout {
        /// The header says write-ahead logging.
        var isWAL: Bool
        /// A non-empty `-wal` file lies beside it.
        var hasWAL: Bool
        /// A `-shm` file lies beside it: a writer has the file open, or had.
        var hasSHM: Bool
    }

    /// Checks that `path` is a readable SQLite file, without creating or changing anything.
    static func inspect(_ path: String) throws(TraceAuditError) -> Layout {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            throw .cannotCheck(
                "cannot open SQLite snapshot \(path): \(reason.lowercased()); give a snapshot file or a postgresql:// URL with --db")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .cannotCheck("\(path) is a directory, not a SQLite snapshot; give the database file with --db")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotCheck("\(path) is not a regular file; give a SQLite snapshot file with --db")
        }
        guard info.st_size > 0 else {
            throw .cannotCheck("\(path) is empty (0 bytes), not a SQLite database")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotCheck("cannot read \(path): \(String(cString: strerror(errno)).lowercased())")
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 100) }
        let magic = Array("SQLite format 3\0".utf8)
        guard count == 100, Array(header[0..<16]) == magic else {
            throw .cannotCheck("\(path) is not a SQLite database (no SQLite header)")
        }
        var walInfo = stat()
        let hasWAL = stat(path + "-wal", &walInfo) == 0 && walInfo.st_size > 0
        let hasSHM = access(path + "-shm", F_OK) == 0
        return Layout(isWAL: header[18] == 2 || header[19] == 2, hasWAL: hasWAL, hasSHM: hasSHM)
    }

    /// A `file:` URI for `path`, percent-encoded, read-only, and immutable when asked.
    static func uri(for path: String, immutable: Bool) -> String {
        var uri = path.hasPrefix("/") ? "file://" : "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                uri += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
    }
}
