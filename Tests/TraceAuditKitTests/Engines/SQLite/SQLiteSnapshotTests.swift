import CSQLite
import Foundation
import Testing
@testable import TraceAuditKit

typealias Job = SnapshotFile.Job

@Suite("Auditing SQLite snapshots")
struct SQLiteSnapshotTests {
    /// A created_at in any stored form is compared with the cutoff as a UTC instant.
    @Test(arguments: [
        (SnapshotFile.Value.text("2026-02-01 00:00:00"), true),
        (.text("2026-01-31 23:59:59.999999"), false),
        (.text("2026-01-31T23:59:59Z"), false),
        (.text("2026-02-01T00:00:00Z"), true),
        (.text("2026-02-01 00:30:00+00"), true),
        (.text("2026-01-31 20:30:00-05"), true),
        (.text("2026-01-31 18:59:59-05"), false),
        (.text("2026-02-01 04:59:59+05"), false),
        (.text("2026-02-01 05:00:00+05:00"), true),
        (.text("2026-02-01 05:00:00+0500"), true),
        (.text("2026-02-01 00:00:00.000001"), true),
        (.integer(1_769_904_000), true),
        (.integer(1_769_903_999), false),
        (.real(1_769_903_999.5), false),
    ])
    func classifiesByInstant(createdAt: SnapshotFile.Value, postCutoff: Bool) throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: createdAt, traceId: nil)])
        let json = try auditJSON(file)
        #expect(json.int("violations.count") == (postCutoff ? 1 : 0))
        #expect(json.int("legacy.missing_trace") == (postCutoff ? 0 : 1))
        #expect(json.int("undated.missing_trace") == 0)
        #expect(json["passed"] as? Bool == !postCutoff)
    }

    /// In a TEXT column every text form reads; an integer written there is stored by SQLite as
    /// digit text, which is not a timestamp form: counted as undated, never dropped or guessed.
    @Test func textColumn() throws {
        let file = try SnapshotFile(schema: SnapshotFile.textSchema, jobs: [
            Job(id: 1, createdAt: "2026-02-01 00:30:00+00", traceId: nil),
            Job(id: 2, createdAt: "2026-01-31 20:30:00-05", traceId: ""),
            Job(id: 3, createdAt: "2026-01-31T23:59:59Z", traceId: nil),
            Job(id: 4, createdAt: .integer(1_769_904_000), traceId: nil),
        ])
        let json = try auditJSON(file)
        #expect(json.int("violations.count") == 2)
        #expect(json.int("legacy.missing_trace") == 1)
        #expect(json.int("undated.missing_trace") == 1)
        #expect(json["passed"] as? Bool == false)
    }

    /// Offsets move a job across the UTC day boundary: buckets are UTC days.
    @Test func dailyBucketsAreUTCDays() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-02-02 23:30:00-01"),  // 2026-02-03T00:30Z
            Job(id: 2, createdAt: "2026-02-03 00:30:00+02"),  // 2026-02-02T22:30Z
            Job(id: 3, createdAt: "2026-02-02T23:59:59.999999Z", traceId: ""),
            Job(id: 4, createdAt: "2026-02-03 00:00:00+00"),
            Job(id: 5, createdAt: "2026-02-03 00:00:00", status: "failed"),
        ].map { $0 })
        let json = try auditJSON(file)
        let daily = try #require(json["daily"] as? [[String: Any]])
        #expect(daily.map { $0["day"] as? String } == ["2026-02-03", "2026-02-02"])
        #expect(daily[0].int("total_succeeded") == 2)
        #expect(daily[0].int("with_trace") == 2)
        #expect(daily[1].int("total_succeeded") == 2)
        #expect(daily[1].int("without_trace") == 1)
        #expect((daily[1]["compliance_percent"] as? NSNumber)?.doubleValue == 50.0)
        #expect((daily[0]["compliance_percent"] as? NSNumber)?.doubleValue == 100.0)
    }

    /// NULL and '' are both a missing trace, before and after the cutoff; other statuses never count.
    @Test func emptyStringIsAMissingTrace() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-01-15 10:00:00", traceId: ""),
            Job(id: 2, createdAt: "2026-01-15 11:00:00", traceId: nil),
            Job(id: 3, createdAt: "2026-01-15 12:00:00"),
            Job(id: 4, createdAt: "2026-02-15 10:00:00", traceId: ""),
            Job(id: 5, createdAt: "2026-02-15 11:00:00", traceId: nil),
            Job(id: 6, createdAt: "2026-02-15 12:00:00"),
            Job(id: 7, createdAt: "2026-02-15 13:00:00", status: "failed", traceId: nil),
            Job(id: 8, createdAt: "2026-02-15 14:00:00", status: "running", traceId: ""),
            Job(id: 9, createdAt: "2026-02-15 15:00:00", status: "Succeeded", traceId: ""),
            Job(id: 10, createdAt: "2026-02-15 16:00:00", traceId: " "),
        ])
        let json = try auditJSON(file)
        #expect(json.int("legacy.missing_trace") == 2)
        #expect(json.int("legacy.total_succeeded") == 3)
        #expect(json.int("distribution.missing_trace") == 2)
        #expect(json.int("distribution.has_trace") == 2)
        #expect(json.int("violations.count") == 2)
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["5", "4"])
        #expect(rows[0]["trace_id"] is NSNull)
        #expect(rows[1]["trace_id"] as? String == "")
    }

    /// A succeeded job whose created_at is NULL or unreadable is counted as undated, never dropped;
    /// without a trace it fails the audit.
    @Test func undatedJobsAreCountedAndFail() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: nil, traceId: nil),
            Job(id: 2, createdAt: "not a date", traceId: ""),
            Job(id: 3, createdAt: "2026-02-30 00:00:00"),
            Job(id: 4, createdAt: .integer(Int64.max)),
            Job(id: 5, createdAt: "2026-01-10 00:00:00"),
        ])
        let result = run(["--db", file.path, "--format", "json"])
        #expect(result.code == .violations)
        let json = try result.json
        #expect(json.int("undated.missing_trace") == 2)
        #expect(json.int("undated.has_trace") == 2)
        #expect(json.int("violations.count") == 0)
        #expect(json["passed"] as? Bool == false)
        let table = run(["--db", file.path])
        #expect(table.output.contains("Undated: 4 succeeded jobs"))
    }

    @Test func emptyTablePasses() throws {
        let file = try SnapshotFile()
        let result = run(["--db", file.path, "--format", "json"])
        #expect(result.code == .passed)
        let json = try result.json
        #expect(json["passed"] as? Bool == true)
        #expect(json.int("violations.count") == 0)
        #expect((json["daily"] as? [Any])?.isEmpty == true)
        #expect(run(["--db", file.path]).output.contains("PASS"))
    }

    /// The count stays exact when the rows are cut by --limit; rows are the newest.
    @Test func limitTruncatesRowsNotTheCount() throws {
        let jobs = (1...30).map { Job(id: .integer(Int64($0)), createdAt: .integer(1_770_000_000 + Int64($0) * 60), traceId: nil) }
        let file = try SnapshotFile(jobs: jobs)
        let json = try auditJSON(file, ["--limit", "5"])
        #expect(json.int("violations.count") == 30)
        #expect(json.value("violations.truncated") as? Bool == true)
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["30", "29", "28", "27", "26"])
        let none = try auditJSON(file, ["--limit", "0"])
        #expect(none.int("violations.count") == 30)
        #expect((none.value("violations.rows") as? [Any])?.isEmpty == true)
        let all = try auditJSON(file, ["--limit", "100"])
        #expect(all.value("violations.truncated") as? Bool == false)
        #expect((all.value("violations.rows") as? [Any])?.count == 30)
    }

    /// Newest first by instant, not by text: offsets make text order wrong.
    @Test func violationsAreOrderedByInstant() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-02-10 12:00:00+09", traceId: nil),  // 03:00Z
            Job(id: 2, createdAt: "2026-02-10 01:00:00-05", traceId: nil),  // 06:00Z
            Job(id: 3, createdAt: .integer(1_770_699_600), traceId: nil),  // 2026-02-10T05:00Z
            Job(id: 4, createdAt: "2026-02-10T04:00:00Z", traceId: nil),
        ])
        let rows = try #require(try auditJSON(file).value("violations.rows") as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["2", "3", "4", "1"])
        #expect(rows.map { $0["created_at"] as? String } == [
            "2026-02-10T06:00:00Z", "2026-02-10T05:00:00Z", "2026-02-10T04:00:00Z", "2026-02-10T03:00:00Z",
        ])
    }

    /// A table whose rowids span more than 200,000 is split between threads: the answers are the
    /// same as a reference count, and the newest violations are the same rows.
    @Test func parallelScanAgreesWithTheReference() throws {
        var generator = SplitMix(seed: 42)
        let base = Policy.defaultCutoff.microseconds / 1_000_000
        let jobs = (1...4000).map { index -> Job in
            let offset = Int64(generator.next() % (60 * 86_400)) - 20 * 86_400
            let trace: SnapshotFile.Value = generator.next() % 5 == 0 ? .null : (generator.next() % 7 == 0 ? .text("") : .text("t\(index)"))
            return Job(id: .integer(Int64(index) * 997), createdAt: .integer(base + offset), traceId: trace)
        }
        let file = try SnapshotFile(jobs: jobs)
        let json = try auditJSON(file, ["--limit", "25"])
        let violations = jobs.filter { job in
            guard case .integer(let seconds) = job.createdAt, seconds >= base else { return false }
            switch job.traceId { case .null, .text(""): return true; default: return false }
        }
        #expect(json.int("violations.count") == violations.count)
        let expectedIds = violations.sorted { lhs, rhs in
            guard case .integer(let a) = lhs.createdAt, case .integer(let b) = rhs.createdAt, case .integer(let x) = lhs.id,
                case .integer(let y) = rhs.id else { return false }
            return a != b ? a > b : x > y
        }.prefix(25).map { job -> String in
            guard case .integer(let id) = job.id else { return "" }
            return String(id)
        }
        #expect((json.value("violations.rows") as? [[String: Any]])?.map { $0["id"] as? String ?? "" } == Array(expectedIds))
        let all = try auditJSON(file, ["--all"])
        #expect((all.value("violations.rows") as? [Any])?.count == violations.count)
        #expect(all.int("legacy.total_succeeded") == json.int("legacy.total_succeeded"))
    }

    /// Characters a `file:` URI gives meaning to are read as part of the path (a path with `=`
    /// needs the `sqlite:` prefix, or it reads as a libpq keyword string).
    @Test func pathWithURICharacters() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)], name: "jobs?mode=rw#x%20 y.sqlite")
        let result = run(["--db", "sqlite:" + file.path, "--format", "json"])
        #expect(try result.json.int("violations.count") == 1, "\(result.errors)")
        #expect(file.folderContents == ["jobs?mode=rw#x%20 y.sqlite"])
    }

    @Test func customCutoff() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-02-15 00:00:00", traceId: nil),
            Job(id: 2, createdAt: "2026-03-01 00:00:00", traceId: nil),
        ])
        let json = try auditJSON(file, ["--cutoff", "2026-03-01T00:00:00+00:00"])
        #expect(json["cutoff"] as? String == "2026-03-01T00:00:00Z")
        #expect(json.int("violations.count") == 1)
        #expect(json.int("legacy.missing_trace") == 1)
    }

    @Test func missingFileIsNotCreated() throws {
        let file = try SnapshotFile()
        let missing = file.folder.appendingPathComponent("absent.sqlite").path
        let result = run(["--db", missing])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.hasPrefix("traceaudit: error: cannot open SQLite snapshot \(missing)"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test(arguments: [
        ("random", Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }), "is not a SQLite database"),
        ("empty", Data(), "is empty (0 bytes)"),
        ("short", Data("SQLite format 3".utf8), "is not a SQLite database"),
    ])
    func notADatabase(name: String, bytes: Data, message: String) throws {
        let file = try SnapshotFile()
        let path = file.folder.appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = run(["--db", path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains(message))
        #expect(result.errors.split(separator: "\n").count == 1)
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after == bytes)
    }

    @Test func directoryIsRefused() throws {
        let file = try SnapshotFile()
        let result = run(["--db", file.folder.path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("is a directory"))
    }

    @Test func missingTableIsNamed() throws {
        let file = try SnapshotFile(schema: "CREATE TABLE other (id INTEGER)")
        let result = run(["--db", file.path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("table main.executor_jobs not found"))
        let schema = run(["--db", file.path, "--table", "audit.executor_jobs"])
        #expect(schema.code == .cannotCheck)
        #expect(schema.errors.contains("audit.executor_jobs"))
    }

    @Test(arguments: ["trace_id", "created_at", "status", "type", "id"])
    func missingColumnIsNamed(column: String) throws {
        let columns = ["id", "type", "status", "created_at", "updated_at", "trace_id", "correlation_id"]
            .filter { $0 != column }
        let file = try SnapshotFile(schema: "CREATE TABLE executor_jobs (\(columns.joined(separator: ", ")))")
        let result = run(["--db", file.path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("has no column \(column)"))
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    /// A table name carrying SQL is refused before any SQL runs, and the data stays.
    @Test(arguments: ["executor_jobs; DROP TABLE executor_jobs", "executor_jobs\"; DROP TABLE executor_jobs; --", "x' OR '1'='1"])
    func tableNameCarryingSQLIsRefused(name: String) throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        let before = file.fingerprint
        let result = run(["--db", file.path, "--table", name])
        #expect(result.code == .usageError)
        #expect(result.errors.contains("is not a table name"))
        #expect(file.fingerprint == before)
        #expect(try auditJSON(file).int("violations.count") == 1)
    }

    /// A view or a schema-qualified name works (in SQLite the schema is `main` or an attached file).
    @Test func schemaQualifiedName() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        #expect(try auditJSON(file, ["--table", "main.executor_jobs"]).int("violations.count") == 1)
    }

    @Test func refusesAnythingButOneReadOnlyStatement() throws {
        let file = try SnapshotFile()
        let connection = try SQLiteConnection(uri: "file:\(file.path)?mode=ro", busyTimeoutMilliseconds: 10)
        #expect(throws: SQLiteError.self) { try connection.prepare("DELETE FROM executor_jobs") }
        #expect(throws: SQLiteError.self) { try connection.prepare("SELECT 1; DELETE FROM executor_jobs") }
        #expect(throws: SQLiteError.self) { try connection.prepare("SELECT 1; SELECT 2") }
        #expect(throws: SQLiteError.self) { try connection.prepare("-- nothing") }
        #expect(throws: Never.self) { try connection.prepare("SELECT 1; -- a comment") }
        for query in Query.all where query.dialect == .sqlite {
            #expect(throws: Never.self) { try connection.prepare(query.sql(table: TableName("executor_jobs")!)) }
        }
    }
}
