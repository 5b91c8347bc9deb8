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
            let status = ["succeeded", "succeeded", "succeeded", "failed", "running"][Int(random.next() % 5)]
            let trace: String? = [nil, "", "abc", "4bf92f3577b34da6a3ce929d0e0e4736", " "][Int(random.next() % 5)]
            return Row(id: Int64(index), instant: instant, unreadable: unreadable, status: status, trace: trace, type: "t\(random.next() % 4)", form: random.next() % 7)
        }
    }

    /// The created_at a snapshot might hold for a row, in a random one of the accepted forms.
    static func sqliteValue(_ row: Row) -> SnapshotFile.Value {
        if let unreadable = row.unreadable { return .text(unreadable) }
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
        case 5: return .real(Double(instant.microseconds) / 1_000_000)
        default: return .text(shifted(-600) + "-10")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func bothEnginesMatchTheModel(seed: UInt64) throws {
        let rows = Self.rows(seed: seed, count: 1500)
        var random = SplitMix(seed: seed * 31)
        let cutoff = Instant(unchecked: Policy.defaultCutoff.microseconds + Int64(random.next() % (10 * 86_400_000_000)) - 5 * 86_400_000_000)
        let expected = Facts(rows, cutoff: cutoff)
        let arguments = ["--format", "json", "--cutoff", cutoff.description, "--limit", "0"]
        let file = try SnapshotFile(jobs: rows.map { row in
            Job(id: .integer(row.id), createdAt: Self.sqliteValue(row), status: .text(row.status), type: .text(row.type),
                traceId: row.trace.map { .text($0) } ?? .null)
        })
        let fromSQLite = Facts(json: try auditJSON(file, arguments))
        #expect(fromSQLite == expected, "SQLite \(fromSQLite) vs model \(expected)")

        guard TestServer.enabled else { return }
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
}
