import Foundation
@testable import TraceAuditKit

/// A deterministic data set with every edge case, written the same way to both engines.
enum ParityData {
    struct Row {
        var id: Int64
        var instant: Instant?
        var status: String
        var trace: String?
        var type: String
        var form: Int

        /// The created_at text a SQLite snapshot might hold for this instant.
        var sqliteCreatedAt: SnapshotFile.Value {
            guard let instant else { return nil }
            let utc = instant.sqlTimestamp
            let seconds = instant.microseconds / 1_000_000
            switch form % 6 {
            case 0: return .text(String(utc.prefix(19)))
            case 1: return .text(instant.description)
            case 2: return .text(String(utc.prefix(19)) + "+00")
            case 3: return .text(shifted(instant, hours: -5) + "-05")
            case 4: return .text(shifted(instant, hours: 9) + "+09:00")
            default: return .integer(seconds)
            }
        }

        var sqlite: SnapshotFile.Job {
            SnapshotFile.Job(
                id: .integer(id), createdAt: sqliteCreatedAt, status: .text(status), type: .text(type),
                updatedAt: instant.map { .text($0.description) } ?? nil, traceId: trace.map { .text($0) } ?? nil,
                correlationId: .text("req-\(id)"))
        }

        private func shifted(_ instant: Instant, hours: Int64) -> String {
            String(Instant(unchecked: instant.microseconds + hours * 3_600_000_000).sqlTimestamp.prefix(19))
        }
    }

    static func jobs(count: Int = 3000) -> [Row] {
        let cutoff = Policy.defaultCutoff.microseconds
        var rows: [Row] = []
        for i in 0..<count {
            let offset = (Int64(i) - Int64(count / 2)) * 1_187_000_000  // ±20 days around the cutoff
            let instant: Instant? = i % 97 == 0 ? nil : Instant(unchecked: cutoff + offset)
            let status = ["succeeded", "succeeded", "succeeded", "failed", "running", "succeeded", "queued"][i % 7]
            let trace: String? = switch i % 11 {
            case 0: nil
            case 5: ""
            default: String(format: "%032x", i * 2_654_435_761)
            }
            rows.append(Row(id: Int64(i + 1), instant: instant, status: status, trace: trace, type: ["send_email", "charge_payment", "sync"][i % 3], form: i))
        }
        // Exactly at the cutoff, a microsecond before, and the same instant in other forms.
        rows.append(Row(id: 100_001, instant: Instant(unchecked: cutoff), status: "succeeded", trace: nil, type: "edge", form: 2))
        rows.append(Row(id: 100_002, instant: Instant(unchecked: cutoff - 1), status: "succeeded", trace: "", type: "edge", form: 1))
        rows.append(Row(id: 100_003, instant: Instant(unchecked: cutoff), status: "succeeded", trace: "", type: "edge", form: 3))
        rows.append(Row(id: 100_004, instant: Instant(unchecked: cutoff), status: "succeeded", trace: "t", type: "edge", form: 5))
        return rows
    }

    static func inserts(_ rows: [Row], table: String) -> [String] {
        stride(from: 0, to: rows.count, by: 500).map { start in
            let values = rows[start..<min(start + 500, rows.count)].map { row in
                let created = TestServer.literal(row.instant?.description)
                return "(\(row.id), \(TestServer.literal(row.type)), \(TestServer.literal(row.status)), \(created), \(created), \(TestServer.literal(row.trace)), 'req-\(row.id)')"
            }
            return "INSERT INTO \(table) (id, type, status, created_at, updated_at, trace_id, correlation_id) VALUES " + values.joined(separator: ", ")
        }
    }

    /// The reference count of violations, from the rows as generated.
    static func expectedViolations(_ rows: [Row], arguments: [String]) -> Int {
        guard case .tableCheck(let options) = try? Command.parse(arguments + ["--db", "x.sqlite"]) else { return -1 }
        let request = options.report.request
        return rows.filter { row in
            guard let instant = row.instant else { return false }
            return row.status == "succeeded" && (row.trace ?? "").isEmpty && instant >= request.policy.cutoff
                && request.window.contains(instant)
        }.count
    }
}
