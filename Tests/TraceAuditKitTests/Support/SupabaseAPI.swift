import Foundation
import Synchronization

/// The Supabase Management API as its documentation describes it, on the loopback HTTPS server:
/// bearer-token authentication; `GET /v1/projects/{ref}/functions/{slug}` answers the function
/// (`id`, `slug`, `name`…); `GET /v1/projects/{ref}/analytics/endpoints/logs.all` runs the query over
/// the project's records with `timestamp > iso_timestamp_start and timestamp <= iso_timestamp_end`,
/// refuses a range over 24 hours, returns at most 1000 rows, and answers `{"result": [...], "error": null}`.
/// An aggregate query (`count(*)`, `min(timestamp)`) answers its one row, as BigQuery does: a count
/// of 0 and a null minimum over no records. Records older than `retainedSince` are gone, as past a
/// plan's log retention: every query answers as if they never were. `interpose` may answer a logs
/// request first (a 429, a 500, a stall, an error body).
final class SupabaseAPI: @unchecked Sendable {
    struct Record: Sendable {
        var id: String
        /// Microseconds since the epoch.
        var timestamp: Int64
        var message: String
        var functionID = SupabaseAPI.functionID
        var level = "error"
    }

    static let project = "abcdefghijklmnopqrst"
    static let functionID = "6c1b0e7a-2f4d-4c8e-9a51-0d2b7f3e9c11"
    static let token = "sbp_0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4"

    let server: HTTPSTestServer
    private let state: Mutex<(records: [Record], logsRequests: Int, isoTimestamps: Bool, retainedSince: Int64?)>
    /// Answers the n-th logs request (1-based) instead of the API, when it returns a reply.
    private let interposer: Mutex<(@Sendable (Int, HTTPSTestServer.Request) -> HTTPSTestServer.Reply?)?> = Mutex(nil)

    /// The environment a run needs: the token, the base URL and the test CA.
    var environment: [String: String] {
        ["SUPABASE_ACCESS_TOKEN": Self.token, "SUPABASE_API_URL": server.baseURL, "CURL_CA_BUNDLE": server.authority.certificate]
    }

    static func start(records: [Record], isoTimestamps: Bool = false, retainedSince: Int64? = nil) throws -> SupabaseAPI? {
        // The server's closure reaches the API weakly: the API owns the server, and releasing the
        // API stops it.
        let box = WeakAPI()
        guard let server = try HTTPSTestServer.start({ request in
            box.api?.answer(request) ?? HTTPSTestServer.Reply(status: 503)
        }) else { return nil }
        let api = SupabaseAPI(server: server, records: records, isoTimestamps: isoTimestamps, retainedSince: retainedSince)
        box.api = api
        return api
    }

    private init(server: HTTPSTestServer, records: [Record], isoTimestamps: Bool, retainedSince: Int64?) {
        self.server = server
        state = Mutex((records, 0, isoTimestamps, retainedSince))
    }

    func interpose(_ body: @escaping @Sendable (Int, HTTPSTestServer.Request) -> HTTPSTestServer.Reply?) {
        interposer.withLock { $0 = body }
    }

    /// The logs requests received, in order.
    var logsRequests: [HTTPSTestServer.Request] { server.requests.filter { $0.path.hasSuffix("/logs.all") } }
    /// The logs requests for marker records, in order.
    var markerRequests: [HTTPSTestServer.Request] { logsRequests.filter { $0.parameter("sql")?.contains("regexp_contains") == true } }
    /// The logs requests that count the function's records (the coverage), in order.
    var countRequests: [HTTPSTestServer.Request] { logsRequests.filter { $0.parameter("sql")?.contains("count(*)") == true } }

    private func answer(_ request: HTTPSTestServer.Request) -> HTTPSTestServer.Reply {
        guard request.header("Authorization") == "Bearer \(Self.token)" else { return .json(#"{"message":"Unauthorized"}"#, status: 401) }
        let functionPath = "/v1/projects/\(Self.project)/functions/orchestrator"
        if request.path == functionPath {
            return .json(#"{"id":"\#(Self.functionID)","slug":"orchestrator","name":"orchestrator","status":"ACTIVE","version":12,"created_at":1767225600000,"updated_at":1770000000000,"verify_jwt":true}"#)
        }
        if request.path.hasPrefix("/v1/projects/\(Self.project)/functions/") { return .json(#"{"message":"Function not found"}"#, status: 404) }
        guard request.path == "/v1/projects/\(Self.project)/analytics/endpoints/logs.all" else { return .json(#"{"message":"Not found"}"#, status: 404) }
        let number = state.withLock { state in
            state.logsRequests += 1
            return state.logsRequests
        }
        if let reply = interposer.withLock({ $0 })?(number, request) { return reply }
        guard let start = request.parameter("iso_timestamp_start").flatMap(Self.instant),
            let end = request.parameter("iso_timestamp_end").flatMap(Self.instant), let sql = request.parameter("sql")
        else { return .json(#"{"result":null,"error":{"message":"iso_timestamp_start and iso_timestamp_end are required here"}}"#, status: 400) }
        guard end > start, end - start <= 24 * 3600 * 1_000_000 else {
            return .json(#"{"result":null,"error":{"message":"The timestamp range must be no more than 24 hours"}}"#, status: 400)
        }
        let function = Self.capture(#"function_id = '([^']+)'"#, in: sql).first ?? ""
        let markers = Self.capture(#"regexp_contains\(event_message, '([^']+)'\)"#, in: sql)
        let (stored, iso, retainedSince) = state.withLock { ($0.records, $0.isoTimestamps, $0.retainedSince) }
        let records = stored.filter { record in retainedSince.map { record.timestamp >= $0 } ?? true }
        if sql.contains("count(*)") {
            let held = records.filter { $0.timestamp > start && $0.timestamp <= end && $0.functionID == function }
            let first = held.map(\.timestamp).min()
            let row: [String: Any] = ["records": held.count, "first": first.map { iso ? Self.isoText($0) : $0 as Any } ?? NSNull()]
            let body = try! JSONSerialization.data(withJSONObject: ["result": [row], "error": NSNull()])
            return HTTPSTestServer.Reply(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
        let rows = records.filter { record in
            record.timestamp > start && record.timestamp <= end && record.functionID == function
                && markers.contains { record.message.contains($0) }
        }.sorted { $0.timestamp < $1.timestamp }.prefix(1000)
        let result = rows.map { record -> [String: Any] in
            [
                "id": record.id, "event_message": record.message,
                "timestamp": iso ? Self.isoText(record.timestamp) : record.timestamp as Any,
                "metadata": [["function_id": record.functionID, "level": record.level, "event_type": "Log", "execution_id": "e-\(record.id)", "project_ref": Self.project]],
            ]
        }
        let body = try! JSONSerialization.data(withJSONObject: ["result": result, "error": NSNull()])
        return HTTPSTestServer.Reply(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }

    static func capture(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// `2026-02-07T11:00:00Z` (or with a fraction) as microseconds.
    static func instant(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { return nil }
        return Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The newer log store's form: ISO 8601 with microseconds and no zone (UTC).
    static func isoText(_ microseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(microseconds / 1_000_000))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date) + String(format: ".%06d", Int(microseconds % 1_000_000))
    }

    /// A violation as Deno's console.error prints the orchestrator's object.
    static func violation(job: String, at microseconds: Int64, type: String = "webhook_delivery") -> Record {
        let created = isoText(microseconds - 5_000_000).prefix(23) + "Z"
        return Record(
            id: "v-\(job)", timestamp: microseconds,
            message: "POLICY_VIOLATION: Job succeeded without trace_id {\n  jobId: \"\(job)\",\n  type: \"\(type)\",\n  createdAt: \(created),\n  correlationId: \"req-\(job)\",\n  severity: \"critical\"\n}\n")
    }

    /// An ordinary record of the orchestrator (no marker): it shows the store holds the function's logs then.
    static func routine(at microseconds: Int64) -> Record {
        Record(id: "r-\(microseconds)", timestamp: microseconds, message: "job 12 succeeded\n", level: "info")
    }

    /// Microseconds of an ISO instant.
    static func at(_ text: String) -> Int64 { instant(text)! }
}

private final class WeakAPI: @unchecked Sendable {
    weak var api: SupabaseAPI?
}
