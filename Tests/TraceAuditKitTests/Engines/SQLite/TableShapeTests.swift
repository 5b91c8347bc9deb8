import CSQLite
import Foundation
import Testing
@testable import TraceAuditKit

/// Tables that are not ordinary rowid tables, and columns whose declared collation or type could
/// change what counts: every check still sees every row, compares bytewise, and changes no byte.
@Suite("SQLite table shapes and collations")
struct TableShapeTests {
    static let columns = "id INTEGER PRIMARY KEY, type TEXT, status TEXT, created_at, updated_at, trace_id TEXT, correlation_id TEXT"

    /// Runs traceaudit on `file` with `arguments` and checks the snapshot and its folder are unchanged.
    static func audit(_ file: SnapshotFile, _ arguments: [String]) -> RunResult {
        let before = file.fingerprint
        let contents = file.folderContents
        let result = run(arguments + ["--db", file.path])
        #expect(file.fingerprint == before)
        #expect(file.folderContents == contents)
        return result
    }

    static let violating = [
        Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil),
        Job(id: 2, createdAt: "2026-02-11 00:00:00"),
        Job(id: 3, createdAt: "2026-01-11 00:00:00", traceId: ""),
    ]

    /// A view and a WITHOUT ROWID table are read whole on one connection (SQLite has no rowid to
    /// split them by; a view's rowid reads as NULL, which made the table look empty and PASS).
    @Test(arguments: [
        "CREATE TABLE t (\(columns)); CREATE VIEW executor_jobs AS SELECT * FROM t",
        "CREATE TABLE executor_jobs (id TEXT PRIMARY KEY, type TEXT, status TEXT, created_at, updated_at, trace_id TEXT, correlation_id TEXT) WITHOUT ROWID",
    ])
    func viewsAndWithoutRowidTablesAreAudited(schema: String) throws {
        let file = try SnapshotFile(schema: schema)
        let table = schema.hasPrefix("CREATE VIEW") || schema.contains("VIEW") ? "t" : "executor_jobs"
        try file.write { db in try SnapshotFile.insert(Self.violating, into: db, table: table) }
        let check = Self.audit(file, ["check", "--format", "json"])
        #expect(check.code == .violations, "\(check.errors)")
        let json = try check.json
        #expect(json.int("violations.count") == 1)
        #expect(json.int("legacy.missing_trace") == 1)
        #expect((json.value("violations.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["1"])
        let violations = Self.audit(file, ["violations", "--format", "json"])
        #expect(violations.code == .violations, "\(violations.errors)")
        #expect(try violations.json.int("violations.count") == 1)
        let windowed = Self.audit(file, ["check", "--since", "2026-02-09", "--format", "json"])
        #expect(try windowed.json.int("violations.count") == 1, "\(windowed.errors)")
        let daily = Self.audit(file, ["daily", "--days", "36600", "--format", "json"])
        #expect(daily.code == .violations, "\(daily.errors)")
        let readiness = Self.audit(file, ["readiness", "--format", "json"])
        #expect(readiness.code != .cannotCheck, "\(readiness.errors)")
        let doctor = Self.audit(file, ["doctor"])
        #expect(doctor.code == .passed, "\(doctor.errors)")
        #expect(!doctor.output.contains("rowid"))
        #expect(doctor.output.contains("about ? rows"), "\(doctor.output)")
        let listing = Self.audit(file, ["sql"])
        #expect(listing.output.contains("Queries/sqlite/scan-table.sql"))
        #expect(!listing.output.contains("rowid-range.sql"))
        #expect(listing.output.contains("Queries/sqlite/violations.sql"))
        #expect(listing.output.contains("the table has no rowid to split it by"))
    }

    /// User columns named rowid, oid or _rowid_ hold their own values ('x' or NULL), not the
    /// rowid: the rowid is read under a name no column takes, or the table is read whole when
    /// columns take all three. Rowids span more than 200,000 so that the scan is split.
    @Test(arguments: [["rowid"], ["oid"], ["_rowid_"], ["rowid", "oid"], ["rowid", "_rowid_"], ["oid", "_rowid_"], ["rowid", "oid", "_rowid_"]])
    func userColumnsNamedLikeTheRowid(names: [String]) throws {
        let file = try SnapshotFile(schema: "CREATE TABLE executor_jobs (\(Self.columns), \(names.map { "\"\($0)\" TEXT" }.joined(separator: ", ")))")
        let jobs = [1, 300_000, 600_000].map { Job(id: .integer($0), createdAt: .integer(1_770_000_000 + $0), traceId: nil) }
        try file.write { db in
            try SnapshotFile.insert(jobs, into: db)
            try SnapshotFile.exec(db, "UPDATE executor_jobs SET \(names.map { "\"\($0)\" = CASE WHEN id > 1 THEN 'x' END" }.joined(separator: ", "))")
        }
        let check = Self.audit(file, ["check", "--format", "json", "--limit", "2"])
        #expect(check.code == .violations, "\(check.errors)")
        let json = try check.json
        #expect(json.int("violations.count") == 3)
        #expect((json.value("violations.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["600000", "300000"])
        let violations = Self.audit(file, ["violations", "--format", "json", "--all"])
        #expect(try violations.json.int("violations.count") == 3, "\(violations.errors)")
        let doctor = Self.audit(file, ["doctor", "--format", "json"])
        #expect(try doctor.json["row_estimate"] as? Int == (names.count == 3 ? nil : 600_000), "\(doctor.output)")
        let listing = Self.audit(file, ["sql"]).output
        if names.count == 3 {
            #expect(listing.contains("scan-table.sql") && !listing.contains("rowid-range.sql"))
        } else {
            let alias = ["rowid", "oid", "_rowid_"].first { !names.contains($0) }!
            #expect(listing.contains("min(\(alias))"), "\(listing)")
        }
    }

    /// The rowid's usable name, or the whole table when there is none or the kind is unknown.
    @Test func rowAccessFromTheSchema() {
        #expect(RowAccess(kind: "table", withoutRowid: false, columns: ["id"]) == .rowid(alias: "rowid"))
        #expect(RowAccess(kind: "table", withoutRowid: false, columns: ["rowid"]) == .rowid(alias: "oid"))
        #expect(RowAccess(kind: "table", withoutRowid: false, columns: ["rowid", "oid"]) == .rowid(alias: "_rowid_"))
        #expect(RowAccess(kind: "table", withoutRowid: false, columns: ["rowid", "oid", "_rowid_"]) == .wholeTable)
        #expect(RowAccess(kind: "table", withoutRowid: true, columns: ["id"]) == .wholeTable)
        for kind in ["view", "virtual", "unknown"] {
            #expect(RowAccess(kind: kind, withoutRowid: false, columns: ["id"]) == .wholeTable)
        }
    }

    /// A created_at that is a generated column (pragma_table_info hides those) is audited.
    @Test(arguments: ["VIRTUAL", "STORED"])
    func generatedCreatedAt(storage: String) throws {
        let file = try SnapshotFile(schema: """
            CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT, status TEXT, created_raw, updated_at, trace_id TEXT,
              correlation_id TEXT, created_at GENERATED ALWAYS AS (created_raw) \(storage))
            """)
        try file.write { db in
            try SnapshotFile.exec(db, """
                INSERT INTO executor_jobs (id, type, status, created_raw, trace_id) VALUES
                  (1, 'a', 'succeeded', '2026-02-10 00:00:00', NULL), (2, 'a', 'succeeded', '2026-01-10 00:00:00', NULL)
                """)
        }
        let result = Self.audit(file, ["--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(try result.json.int("violations.count") == 1)
        #expect(try result.json.int("legacy.missing_trace") == 1)
    }

    /// Status and trace compare bytewise whatever the columns' collation: 'SUCCEEDED' is another
    /// status, and ' ' is a trace; an id compares bytewise in the logs' cross-check too.
    @Test(arguments: ["NOCASE", "RTRIM", "BINARY"], ["", "--since 2026-02-01", "--since 2026-02-01 --until 2026-03-01"])
    func collationsDoNotChangeTheClassification(collation: String, window: String) throws {
        let schema = """
            CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT, status TEXT COLLATE \(collation),
              created_at COLLATE \(collation), updated_at, trace_id TEXT COLLATE \(collation), correlation_id TEXT);
            CREATE INDEX jobs_created_at ON executor_jobs (created_at);
            CREATE INDEX jobs_missing ON executor_jobs (created_at) WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '')
            """
        let file = try SnapshotFile(schema: schema, jobs: [
            Job(id: 1, createdAt: "2026-02-10 00:00:00", status: "SUCCEEDED", traceId: nil),
            Job(id: 2, createdAt: "2026-02-10 00:00:00", status: "succeeded ", traceId: nil),
            Job(id: 3, createdAt: "2026-02-10 00:00:00", traceId: " "),
            Job(id: 4, createdAt: "2026-02-10 00:00:00", traceId: "  "),
            Job(id: 5, createdAt: "2026-02-10 00:00:00", traceId: ""),
            Job(id: 6, createdAt: "2026-02-10T00:00:00Z", traceId: nil),
        ])
        let arguments = window.split(separator: " ").map(String.init)
        for command in ["check", "violations"] {
            let result = Self.audit(file, [command, "--format", "json", "--all"] + arguments)
            #expect(result.code == .violations, "\(result.errors)")
            let json = try result.json
            #expect(json.int("violations.count") == 2, "\(command) \(window)")
            #expect((json.value("violations.rows") as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["5", "6"])
            if command == "check" { #expect(json.int("distribution.has_trace") == 2) }
        }
    }

    /// A collation only the writing program defines: where a statement needs it, the audit stops
    /// with exit 3 and names the collation; where the bytewise test alone reads the column, the
    /// count is right. Never a guess, never a PASS.
    @Test(arguments: ["status", "trace_id", "created_at"])
    func collationTraceauditLacks(column: String) throws {
        let file = try SnapshotFile(schema: "CREATE TABLE other (x)")
        try file.write { db in
            let bytewise: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafeRawPointer?, Int32, UnsafeRawPointer?) -> Int32 = {
                _, leftCount, left, rightCount, right in
                guard let left, let right else { return leftCount - rightCount }
                let common = memcmp(left, right, Int(min(leftCount, rightCount)))
                return common != 0 ? common : leftCount - rightCount
            }
            #expect(sqlite3_create_collation_v2(db, "app_order", SQLITE_UTF8, nil, bytewise, nil) == SQLITE_OK)
            let columns = Self.columns.replacingOccurrences(of: column + " TEXT", with: column + " TEXT COLLATE app_order")
                .replacingOccurrences(of: "created_at,", with: column == "created_at" ? "created_at COLLATE app_order," : "created_at,")
            try SnapshotFile.exec(db, "CREATE TABLE executor_jobs (\(columns))")
            try SnapshotFile.insert(Self.violating, into: db)
        }
        for arguments in [["check"], ["violations"], ["check", "--since", "2026-02-01"]] {
            let result = Self.audit(file, arguments + ["--format", "json"])
            if column == "status" || result.code != .violations {
                #expect(result.code == .cannotCheck, "\(arguments) \(result.output)")
                #expect(result.errors.contains("declares collation app_order"), "\(result.errors)")
                #expect(result.errors.split(separator: "\n").count == 1)
            } else {
                #expect(try result.json.int("violations.count") == 1, "\(arguments)")
            }
        }
    }

    /// The windowed statements still search an index on created_at, in its declared collation and
    /// under each declared type (the bytewise tests come on top of the plain ones an index serves).
    @Test(arguments: ["BINARY", "NOCASE", "RTRIM"], ["", "TEXT", "DATETIME", "INTEGER", "REAL", "BLOB"])
    func windowedQueriesKeepUsingTheIndex(collation: String, type: String) throws {
        let file = try SnapshotFile(schema: """
            CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT, status TEXT COLLATE \(collation),
              created_at \(type) COLLATE \(collation), updated_at, trace_id TEXT COLLATE \(collation), correlation_id TEXT);
            CREATE INDEX jobs_created_at ON executor_jobs (created_at)
            """)
        let before = file.fingerprint
        defer {
            #expect(file.fingerprint == before)
            #expect(file.folderContents == ["jobs.sqlite"])
        }
        let connection = try SQLiteConnection(uri: "file:\(file.path)?mode=ro", busyTimeoutMilliseconds: 10)
        var request = AuditRequest()
        request.window = TimeWindow(since: Instant(parsing: "2026-02-10T00:00:00Z"), until: Instant(parsing: "2026-02-12T00:00:00Z"))
        let statements = [
            QueryPlan.scan(request, violationsOnly: false, .sqlite), QueryPlan.scan(request, violationsOnly: true, .sqlite),
            QueryPlan.violations(request, limit: 10, .sqlite),
        ]
        for statement in statements {
            let explain = try connection.prepare("EXPLAIN QUERY PLAN " + statement.sql)
            try explain.bind(statement.parameters)
            var lines: [String] = []
            while try explain.step() { lines.append(explain.text(at: 3) ?? "") }
            #expect(lines.contains { $0.contains("USING INDEX jobs_created_at") }, "\(statement.query.name): \(lines)")
        }
    }

    /// Rows of every storage class in columns of every declared type and collation are counted as
    /// the policy says.
    @Test(arguments: ["", "TEXT", "INTEGER", "NUMERIC", "REAL", "BLOB", "VARCHAR(20)", "DATETIME"])
    func anyDeclaredType(type: String) throws {
        let file = try SnapshotFile(schema: """
            CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type \(type), status \(type) COLLATE NOCASE, created_at \(type),
              updated_at, trace_id \(type) COLLATE RTRIM, correlation_id \(type))
            """, jobs: [
                Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil),
                Job(id: 2, createdAt: "2026-02-10 00:00:00", traceId: ""),
                Job(id: 3, createdAt: "2026-02-10 00:00:00", traceId: " "),
                Job(id: 4, createdAt: "2026-02-10 00:00:00", traceId: .integer(0)),
                Job(id: 5, createdAt: "2026-02-10 00:00:00", status: "Succeeded", traceId: nil),
            ])
        for window in [[], ["--since", "2026-02-01"]] {
            let result = Self.audit(file, ["--format", "json"] + window)
            #expect(result.code == .violations, "\(result.errors)")
            #expect(try result.json.int("violations.count") == 2, "\(type) \(window)")
            #expect(try result.json.int("distribution.has_trace") == 2, "\(type) \(window)")
        }
    }
}
