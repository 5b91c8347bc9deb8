import Foundation
import Testing
@testable import TraceAuditKit

/// Random tables give the same facts from the SQLite backend, the PostgreSQL backend and a
/// reference model written here, which works from the instants as generated (not as read back).
@Suite("Random tables against a reference model", .serialized)
struct RandomTableTests {
    struct Row {
        var id: Int64
        var instant: Instant?
        var unreadable: String?
        var status: String
        var trace: String?
        var type: String
        var form: UInt64
    }

    /// The facts the audit must report, computed from the rows as generated.
    struct Facts: Equatable, CustomStringConvertible {
        var violations = 0
        var legacyMissing = 0
        var legacyTotal = 0
        var hasTrace = 0
        var undatedMissing = 0
        var undatedHas = 0
        var daily: [String: [Int]] = [:]

        init(_ rows: [Row], cutoff: Instant) {
            for row in rows where row.status == "succeeded" {
                let missing = (row.trace ?? "").isEmpty
                guard let instant = row.instant else {
                    if missing { undatedMissing += 1 } else { undatedHas += 1 }
                    continue
                }
                if instant < cutoff {
                    legacyTotal += 1
                    if missing { legacyMissing += 1 }
                    continue
                }
                if missing { violations += 1 } else { hasTrace += 1 }
                daily[instant.day.description, default: [0, 0]][missing ? 1 : 0] += 1
            }
        }

        init(json: [String: Any]) {
            violations = json.int("violations.count") ?? -1
            legacyMissing = json.int("legacy.missing_trace") ?? -1
            legacyTotal = json.int("legacy.total_succeeded") ?? -1
            hasTrace = json.int("distribution.has_trace") ?? -1
            undatedMissing = json.int("undated.missing_trace") ?? -1
            undatedHas = json.int("undated.has_trace") ?? -1
            for day in json["daily"] as? [[String: Any]] ?? [] {
                daily[day["day"] as? String ?? "?"] = [day.int("with_trace") ?? -1, day.int("without_trace") ?? -1]
            }
        }

        var description: String { "violations \(violations) legacy \(legacyMissing)/\(legacyTotal) has \(hasTrace) undated \(undatedMissing)/\(undatedHas) days \(daily.count)" }
    }

    static func rows(seed: UInt64, count: Int) -> [Row] {
        var random = SplitMix(seed: seed)
        let center = Policy.defaultCutoff.microseconds
        return (1...count).map { index in
            let roll = random.next() % 100
            var instant: Instant? = Instant(unchecked: center + Int64(random.next() % (40 * 86_400_000_000)) - 20 * 86_400_000_000)
            var unreadable: String?
            if roll < 3 { instant = nil } else if roll < 5 { instant = nil; unreadable = ["soon", "2026-02-30 00:00:00", "1769904000", " 2026-02-01"][Int(random.next() % 4)] }
            if roll >= 5 && roll < 8 { instant = Instant(unchecked: center + Int64(random.next() % 3) - 1) }
            // 'SUCCEEDED' and 'succeeded ' are other statuses, and ' ' a trace, whatever a column's collation.
            let status = ["succeeded", "succeeded", "succeeded", "failed", "running", "SUCCEEDED", "succeeded "][Int(random.next() % 7)]
            let trace: String? = [nil, "", "abc", "4bf92f3577b34da6a3ce929d0e0e4736", " ", "  "][Int(random.next() % 6)]
            return Row(id: Int64(index), instant: instant, unreadable: unreadable, status: status, trace: trace, type: "t\(random.next() % 4)", form: random.next() % 7)
        }
    }

    /// The created_at a snapshot might hold for a row, in a random one of the accepted forms that
    /// a column of `affinity` stores as given (a TEXT column turns a number into digit text, a
    /// numeric one turns digit text into a number: both would change what the row means).
    static func sqliteValue(_ row: Row, affinity: RandomColumns.Affinity = .blob) -> SnapshotFile.Value {
        if let unreadable = row.unreadable {
            return .text(affinity.isNumeric && unreadable == "1769904000" ? "soon" : unreadable)
        }
        guard let instant = row.instant else { return .null }
        func shifted(_ minutes: Int64) -> String {
            String(Instant(unchecked: instant.microseconds + minutes * 60_000_000).sqlTimestamp.prefix(26))
        }
        switch row.form {
        case 0: return .text(instant.sqlTimestamp)
        case 1: return .text(instant.description)
        case 2: return .text(instant.sqlTimestamp + "+00")
        case 3: return .text(shifted(-330) + "-05:30")
        case 4: return .text(shifted(765).replacingOccurrences(of: " ", with: "T") + "+1245")
        case 5 where affinity != .text: return .real(Double(instant.microseconds) / 1_000_000)
        case 5: return .text(instant.description)
        default: return .text(shifted(-600) + "-10")
        }
    }

    /// Seed `seed`'s rows, cutoff, the model's facts and the arguments of the audit.
    static func seeded(_ seed: UInt64) -> (rows: [Row], expected: Facts, arguments: [String]) {
        let rows = Self.rows(seed: seed, count: 1500)
        var random = SplitMix(seed: seed * 31)
        let cutoff = Instant(unchecked: Policy.defaultCutoff.microseconds + Int64(random.next() % (10 * 86_400_000_000)) - 5 * 86_400_000_000)
        return (rows, Facts(rows, cutoff: cutoff), ["--format", "json", "--cutoff", cutoff.description, "--limit", "0"])
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func sqliteMatchesTheModel(seed: UInt64) throws {
        let (rows, expected, arguments) = Self.seeded(seed)
        let file = try SnapshotFile(jobs: rows.map { row in
            Job(id: .integer(row.id), createdAt: Self.sqliteValue(row), status: .text(row.status), type: .text(row.type),
                traceId: row.trace.map { .text($0) } ?? .null)
        })
        let fromSQLite = Facts(json: try auditJSON(file, arguments))
        #expect(fromSQLite == expected, "SQLite \(fromSQLite) vs model \(expected)")
    }

    @Test(.enabled(if: TestServer.enabled), arguments: [1, 2, 3, 4, 5] as [UInt64])
    func postgresMatchesTheModel(seed: UInt64) throws {
        let (rows, expected, arguments) = Self.seeded(seed)
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            let inserts = stride(from: 0, to: rows.count, by: 500).map { start in
                "INSERT INTO \(table) VALUES " + rows[start..<min(start + 500, rows.count)].map { row in
                    // An unreadable text cannot be stored in timestamptz: the server holds NULL, which is
                    // undated all the same.
                    "(\(row.id), '\(row.type)', '\(row.status)', \(row.instant.map { "'\($0.description)'" } ?? "NULL"), NULL, \(TestServer.literal(row.trace)), 'c')"
                }.joined(separator: ", ")
            }
            try TestServer.execute([TestServer.createJobs(table)] + inserts)
            let result = run(["--db", try TestServer.requireURL(), "--table", table] + arguments)
            let fromPostgres = Facts(json: try result.json)
            #expect(fromPostgres == expected, "PostgreSQL \(fromPostgres) vs model \(expected)")
        }
    }

    /// Random declared types and collations for status, trace_id and created_at, and a random
    /// shape of table (a plain one, a view, WITHOUT ROWID, user columns named like the rowid), on
    /// SQLite against the model: collations and affinities never change what counts.
    @Test(arguments: Array(11...34) as [UInt64])
    func sqliteWithRandomColumnsMatchesTheModel(seed: UInt64) throws {
        var random = SplitMix(seed: seed &* 7919)
        let columns = RandomColumns(random: &random)
        let shape = RandomTableTests.Shape.allCases[Int(random.next() % UInt64(RandomTableTests.Shape.allCases.count))]
        let rows = Self.rows(seed: seed, count: 800)
        let expected = Facts(rows, cutoff: Policy.defaultCutoff)
        let file = try SnapshotFile(schema: shape.schema(columns.sqliteColumns))
        try file.write { db in
            try SnapshotFile.insert(rows.map { row in
                Job(id: .integer(row.id), createdAt: Self.sqliteValue(row, affinity: columns.createdAt.affinity), status: .text(row.status),
                    type: .text(row.type), traceId: row.trace.map { .text($0) } ?? .null)
            }, into: db, table: shape.table)
            if columns.indexed { try SnapshotFile.exec(db, "CREATE INDEX jobs_created_at ON \(shape.table) (created_at)") }
        }
        let before = file.fingerprint
        let result = run(["--db", file.path, "--format", "json", "--limit", "0"])
        let fromSQLite = Facts(json: try result.json)
        #expect(fromSQLite == expected, "\(columns) \(shape): SQLite \(fromSQLite) vs model \(expected)")
        let violations = run(["violations", "--db", file.path, "--format", "json", "--all"])
        #expect(try violations.json.int("violations.count") == expected.violations, "\(columns) \(shape)")
        #expect((try violations.json.value("violations.rows") as? [Any])?.count == expected.violations)
        let windowed = run(["--db", file.path, "--format", "json", "--limit", "0", "--since", "2026-01-01"])
        #expect(try windowed.json.int("violations.count") == expected.violations, "\(columns) \(shape) windowed")
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite"])
    }

    /// How the SQLite test lays out the table it fills.
    enum Shape: CaseIterable, CustomStringConvertible {
        case plain, view, withoutRowid, namedLikeTheRowid

        var table: String { self == .view ? "jobs_data" : "executor_jobs" }

        func schema(_ columns: String) -> String {
            switch self {
            case .plain: return "CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, \(columns))"
            case .view:
                return "CREATE TABLE jobs_data (id INTEGER PRIMARY KEY, \(columns)); CREATE VIEW executor_jobs AS SELECT * FROM jobs_data"
            case .withoutRowid: return "CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, \(columns)) WITHOUT ROWID"
            case .namedLikeTheRowid: return "CREATE TABLE executor_jobs (id INTEGER, \(columns), rowid TEXT, oid TEXT)"
            }
        }

        var description: String {
            switch self {
            case .plain: return "plain table"
            case .view: return "view"
            case .withoutRowid: return "WITHOUT ROWID table"
            case .namedLikeTheRowid: return "columns named rowid and oid"
            }
        }
    }
}

/// A random declaration of the audited columns, engine-neutral so that each engine's tests can
/// map it to their own DDL: for status, trace_id and created_at, a kind of declared type and a
/// collation (bytewise, case-insensitive, or blind to trailing spaces), and whether created_at is
/// indexed. `sqliteColumns` is SQLite's; the model's answers never depend on these choices.
struct RandomColumns: CustomStringConvertible {
    enum Collation: CaseIterable {
        case bytewise, caseInsensitive, trailingSpaceInsensitive

        var sqlite: String {
            switch self {
            case .bytewise: return "BINARY"
            case .caseInsensitive: return "NOCASE"
            case .trailingSpaceInsensitive: return "RTRIM"
            }
        }
    }

    /// SQLite's type affinities, which decide how a stored value is converted.
    enum Affinity: CaseIterable {
        case text, numeric, integer, real, blob

        var isNumeric: Bool { self == .numeric || self == .integer || self == .real }
    }

    struct Column: CustomStringConvertible {
        var name: String
        /// The declared type as written, for SQLite ("" for none).
        var declared: String
        var collation: Collation

        var affinity: Affinity {
            let type = declared.uppercased()
            if type.contains("INT") { return .integer }
            if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") { return .text }
            if type.isEmpty || type.contains("BLOB") { return .blob }
            if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") { return .real }
            return .numeric
        }

        var description: String { "\(name) \(declared.isEmpty ? "(none)" : declared) \(collation.sqlite)" }
    }

    /// Declared types of each affinity, as programs write them.
    static let declaredTypes = ["", "TEXT", "VARCHAR(64)", "CLOB", "INTEGER", "BIGINT", "NUMERIC", "DATETIME", "DATE", "REAL", "DOUBLE", "BLOB"]

    var status: Column
    var traceId: Column
    var createdAt: Column
    var indexed: Bool

    init(random: inout SplitMix) {
        func column(_ name: String) -> Column {
            let declared = RandomColumns.declaredTypes[Int(random.next() % UInt64(RandomColumns.declaredTypes.count))]
            return Column(name: name, declared: declared, collation: Collation.allCases[Int(random.next() % 3)])
        }
        status = column("status")
        traceId = column("trace_id")
        createdAt = column("created_at")
        indexed = random.next() % 2 == 0
    }

    /// The columns after id, for a SQLite CREATE TABLE.
    var sqliteColumns: String {
        func ddl(_ column: Column) -> String { "\(column.name) \(column.declared) COLLATE \(column.collation.sqlite)" }
        return "type TEXT, \(ddl(status)), \(ddl(createdAt)), updated_at, \(ddl(traceId)), correlation_id TEXT"
    }

    var description: String { "[\(status); \(traceId); \(createdAt)\(indexed ? "; indexed" : "")]" }
}

extension RandomTableTests {
    /// PostgreSQL only: random column types and collations for status, trace_id and created_at
    /// (citext, enum, domains, varchar, uuid, case-insensitive and space-ignoring ICU collations,
    /// timestamp with and without time zone), with statuses and traces that those collations
    /// confuse ('SUCCEEDED', ' ', '-', 'ABC'). The server's facts equal the model's, which compares
    /// bytewise.
    @Test(.enabled(if: TestServer.enabled), arguments: [11, 12, 13, 14, 15] as [UInt64])
    func postgresColumnTypesAndCollationsMatchTheModel(seed: UInt64) throws {
        var random = SplitMix(seed: seed * 131)
        let statusType = CollationTests.statusTypes[Int(random.next() % UInt64(CollationTests.statusTypes.count))]
        let traceTypes = CollationTests.traceTypes + ["uuid"]
        let traceType = traceTypes[Int(random.next() % UInt64(traceTypes.count))]
        let createdAtType = random.next() % 2 == 0 ? "timestamptz" : "timestamp"
        let uuid = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736"
        var rows = Self.rows(seed: seed, count: 1200)
        for index in rows.indices {
            if random.next() % 6 == 0 { rows[index].status = ["SUCCEEDED", "Succeeded"][Int(random.next() % 2)] }
            if random.next() % 5 == 0 { rows[index].trace = [" ", "-", "ABC", "", nil][Int(random.next() % 5)] }
            if traceType == "uuid" { rows[index].trace = (rows[index].trace ?? "").isEmpty ? nil : uuid }
        }
        let cutoff = Instant(unchecked: Policy.defaultCutoff.microseconds + Int64(random.next() % (10 * 86_400_000_000)) - 5 * 86_400_000_000)
        let expected = Facts(rows, cutoff: cutoff)
        let kinds = "status \(statusType), trace_id \(traceType), created_at \(createdAtType)"
        try CollationTests.withDatabase { database in
            let inserts = stride(from: 0, to: rows.count, by: 400).map { start in
                "INSERT INTO executor_jobs VALUES " + rows[start..<min(start + 400, rows.count)].map { row in
                    "(\(row.id), '\(row.type)', '\(row.status)', \(row.instant.map { "'\($0.description)'" } ?? "NULL"), NULL, \(TestServer.literal(row.trace)), 'c')"
                }.joined(separator: ", ")
            }
            try TestServer.execute(
                [
                    """
                    CREATE TABLE executor_jobs (id bigint PRIMARY KEY, type text, status \(statusType), created_at \(createdAtType),
                      updated_at \(createdAtType), trace_id \(traceType), correlation_id text)
                    """
                ] + inserts, database: database)
            let result = run(["--db", try TestServer.url(database: database), "--format", "json", "--cutoff", cutoff.description, "--limit", "0"])
            let fromPostgres = Facts(json: try result.json)
            #expect(fromPostgres == expected, "PostgreSQL (\(kinds)) \(fromPostgres) vs model \(expected)")
        }
    }
}
